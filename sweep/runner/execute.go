package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/pool"
	"github.com/agencysim/agencysim/internal/version"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep"
)

// MaxWorkers is the most parallel runs (Options.Workers): runs are
// CPU-bound, more workers than cores only add memory.
const MaxWorkers = 256

// Options control how a sweep executes. The zero value (but Out) runs
// every run on all cores, silently.
type Options struct {
	Out      string    // the results folder (required)
	Workers  int       // parallel runs: 0 means GOMAXPROCS; at most MaxWorkers
	Shard    Shard     // which runs to do
	Progress io.Writer // where progress goes; nil for none
	// Terminal draws a progress bar (on a terminal); otherwise a plain
	// line is printed every ProgressEvery.
	Terminal      bool
	ProgressEvery time.Duration // 0 means 10 s
	// Sink, if not nil, receives every run of the sweep in canonical order
	// as soon as it and the runs before it are done, and is told when the
	// sweep is complete (see [Sink]). Only a whole sweep has one: a Sink
	// with a Shard is a programming error.
	Sink Sink

	// RunHook, if not nil, is called before each run; an error it returns
	// is the run's failure. For tests: a fault, or an interruption.
	RunHook func(sweep.RunSpec) error
	// RecordHook, if not nil, may change each record before it is encoded.
	// For tests: a record that cannot be stored.
	RecordHook func(*Record)
}

// Result tells what an execution did.
type Result struct {
	Planned     int // runs of this shard
	Skipped     int // already finished in an earlier execution
	Done        int // finished now
	Failed      int // failed now (recorded in failures/)
	Interrupted bool
	Elapsed     time.Duration
	// Needed is, under until_ci, the replications each arm needed at each
	// point (arm → point → n).
	Needed map[string][]int
	// Damaged lists the stored records that failed their check: each was
	// moved aside (runs/damaged/) and its run done again.
	Damaged []Damaged
	// CIMissed lists, under until_ci, the arms and points whose interval
	// was still wider than the target at max_replications.
	CIMissed []sweep.CIMiss
	// Events is the number of engine events run by this execution: the
	// compute it did. Under fork_day a pre-period's events count once,
	// however many arms fork from it (each record's run.events counts
	// them as a run from day 0 would).
	Events uint64
}

// checkWorkers checks a worker count and returns the number of workers to
// start for n runs.
func checkWorkers(w, n int) (int, error) {
	if w < 0 || w > MaxWorkers {
		return 0, sweep.InputError(fmt.Sprintf("%d workers: allowed: 0 (one per core, %d here) to %d", w, runtime.GOMAXPROCS(0), MaxWorkers))
	}
	if w == 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(1, min(w, n)), nil
}

// Execute runs the plan's runs that are not finished yet, writing each as
// it completes, and returns when all are done or ctx is cancelled. A run
// that fails, for any reason but the results folder failing (a full disk,
// say), is recorded in <out>/failures and the others go on; it is tried
// again by the next execution, not by this one.
//
// It holds the folder's lock while it works (a *[BusyError] if another
// process holds it), checks every stored record first (a damaged one is
// moved aside and its run done again), and removes the temporary files a
// killed process left. Options.Sink receives the runs as they finish.
func Execute(ctx context.Context, plan *sweep.Plan, opt Options) (*Result, error) {
	if err := checkOptions(plan, opt); err != nil {
		return nil, err
	}
	lock, err := openFolder(opt.Out, plan)
	if err != nil {
		return nil, err
	}
	defer lock.unlock()
	st := loadState(opt.Out, plan)
	st.Shard = opt.Shard.String()
	start := time.Now()
	if st.Started.IsZero() {
		st.Started = start.UTC()
	}

	res := &Result{}
	x := &executor{plan: plan, opt: opt, res: res, checker: newChecker(plan), failed: map[string]bool{}, scen: map[[2]int]*scenarios.Loaded{}}
	if plan.Sweep.UntilCI.Metric != "" {
		x.ci = newCITally(plan)
	}
	initial, err := x.checkStored()
	if err != nil {
		return nil, err
	}
	var stored *sweep.Plan // as the folder keeps it: what the sink reads
	if opt.Sink != nil {
		if stored, err = LoadPlan(opt.Out); err != nil {
			return nil, err
		}
		if err := opt.Sink.Start(opt.Out, stored); err != nil {
			return nil, err
		}
		x.stream = newStream(x, opt.Sink, initial, st.Reps)
		defer x.stream.close()
	}
	x.progress = newProgress(opt)
	err = x.rounds(ctx, st)
	x.progress.finish()
	if err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	res.Events = x.events.Load()
	expected := 0
	plan.EachRun(st.Reps, func(i int, spec sweep.RunSpec) bool {
		expected++
		if opt.Shard.has(i) {
			res.Planned++
			if initial[spec.ID()] {
				res.Skipped++
			}
		}
		return true
	})
	if x.ci != nil {
		res.Needed = st.Reps
		if !res.Interrupted {
			res.CIMissed = st.missed(plan)
		}
	}
	if !res.Interrupted {
		st.Finished = time.Now().UTC()
	}
	if err := saveState(opt.Out, st); err != nil {
		return nil, err
	}
	if x.stream != nil && !res.Interrupted {
		f := &Folder{Dir: opt.Out, Plan: stored, Reps: st.Reps, Expected: expected, Started: st.Started, Finished: st.Finished, Damaged: res.Damaged}
		if err := x.stream.finish(f); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// checkOptions refuses options that cannot run the plan.
func checkOptions(plan *sweep.Plan, opt Options) error {
	if opt.Out == "" {
		return sweep.InputError("runner: no output folder")
	}
	if _, err := checkWorkers(opt.Workers, 1); err != nil {
		return err
	}
	if plan.Sweep.UntilCI.Metric != "" && !opt.Shard.whole() {
		return sweep.InputError("until_ci needs the results of every run and cannot be combined with --shard; run the sweep on one machine or set a fixed number of replications")
	}
	if opt.Sink != nil && !opt.Shard.whole() {
		panic("runner: a Sink needs the whole sweep, not a shard")
	}
	if plan.Runs() == 0 {
		return sweep.InputError("runner: the sweep has no runs")
	}
	return nil
}

// openFolder makes the results folder (or checks the one there), takes
// its lock, removes what a killed process left and stores the plan.
func openFolder(dir string, plan *sweep.Plan) (*folderLock, error) {
	for _, d := range []string{dir, filepath.Join(dir, RunsDir), filepath.Join(dir, FailuresDir)} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			return nil, err
		}
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, err
	}
	removeTemps(dir)
	if err := claim(dir, plan); err != nil {
		lock.unlock()
		return nil, err
	}
	return lock, nil
}

// rounds runs the pending runs, and under until_ci round after round until
// every arm and point is precise enough; it notes an interruption in the
// result.
func (x *executor) rounds(ctx context.Context, st *state) error {
	for {
		n := 0
		x.pending(st, func(int, sweep.RunSpec) bool { n++; return true })
		if n == 0 {
			return nil
		}
		x.progress.extend(n)
		if err := x.round(ctx, st, n); err != nil {
			return err
		}
		if ctx.Err() != nil {
			x.res.Interrupted = true
			return nil
		}
		if x.ci == nil {
			return nil
		}
		more, err := x.extendUntilCI(st)
		if err != nil || !more {
			return err
		}
		if x.stream != nil {
			x.stream.extend(st.Reps)
		}
	}
}

type executor struct {
	plan     *sweep.Plan
	opt      Options
	res      *Result
	progress *progress
	checker  *checker
	stream   *stream  // nil without a sink
	ci       *ciTally // nil without until_ci

	workers int // of the current round
	events  atomic.Uint64

	mu     sync.Mutex
	done   map[string]bool              // finished runs, stored
	failed map[string]bool              // runs that failed in this execution
	scen   map[[2]int]*scenarios.Loaded // (arm, point) → scenario, a few at a time
}

// pending calls fn for every run of this shard that is not finished and
// has not failed in this execution, in canonical order, until fn returns
// false. The canonical order puts the replications every arm needs for
// pairing early, and is the order shards are dealt from.
func (x *executor) pending(st *state, fn func(int, sweep.RunSpec) bool) {
	x.plan.EachRun(st.Reps, func(idx int, spec sweep.RunSpec) bool {
		if !x.opt.Shard.has(idx) {
			return true
		}
		id := spec.ID()
		x.mu.Lock() // the workers mark runs done as they go
		skip := x.done[id] || x.failed[id]
		x.mu.Unlock()
		return skip || fn(idx, spec)
	})
}

// job is a run to do, with its canonical index.
type job struct {
	idx  int
	spec sweep.RunSpec
}

// round runs the n pending runs.
func (x *executor) round(ctx context.Context, st *state, n int) error {
	workers, err := checkWorkers(x.opt.Workers, n)
	if err != nil {
		return err
	}
	x.workers = workers
	if x.stream != nil {
		x.stream.round()
	}
	err = pool.Run(ctx, workers, x.jobs(st), func(g []job) error { return x.group(ctx, g) })
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		err = nil // interrupted: the caller says so
	}
	if x.stream != nil {
		if serr := x.stream.wait(); serr != nil && (err == nil || err == errSinkFailed) {
			err = serr
		}
	}
	return err
}

// jobs yields the pending runs as the workers take them: one at a time,
// or under fork_day the pending arms of one design point and replication
// together (they are neighbours in canonical order), which share their
// pre-period.
func (x *executor) jobs(st *state) func(yield func([]job) bool) {
	forked := x.plan.Forked()
	return func(yield func([]job) bool) {
		var g []job
		stopped := false
		x.pending(st, func(idx int, spec sweep.RunSpec) bool {
			if len(g) > 0 && (!forked || g[0].spec.Point != spec.Point || g[0].spec.Replication != spec.Replication) {
				if !yield(g) {
					stopped = true
					return false
				}
				g = nil
			}
			g = append(g, job{idx, spec})
			return true
		})
		if !stopped && len(g) > 0 {
			yield(g)
		}
	}
}

// group runs a job of the workers: its runs in order, under fork_day each
// forked from their shared pre-period (forkGroup).
func (x *executor) group(ctx context.Context, g []job) error {
	if x.plan.Forked() {
		return x.forkGroup(ctx, g)
	}
	for _, j := range g {
		if err := x.one(ctx, j, x.simulate); err != nil {
			return err
		}
	}
	return nil
}

// errInterrupted marks a run abandoned because the sweep was interrupted.
var errInterrupted = errors.New("interrupted")

// errSinkFailed stops a round whose sink failed (the sink's error is
// returned instead).
var errSinkFailed = errors.New("runner: the sink failed")

// one runs a single run and stores its record or failure. It returns an
// error only for failures of the results folder itself (a full disk, say),
// or of the sink.
func (x *executor) one(ctx context.Context, j job, simulate simulateFunc) error {
	spec, id := j.spec, j.spec.ID()
	data, rec, runErr := x.runRecord(ctx, spec, simulate)
	if errors.Is(runErr, errInterrupted) {
		return nil
	}
	var r Run
	if runErr != nil {
		f := &Failure{RunSpec: spec, ID: id, SweepHash: x.plan.Hash, Error: runErr.Error()}
		if err := writeFailure(x.opt.Out, f); err != nil {
			return fmt.Errorf("runner: cannot record the failure of run %s (%v): %w", id, runErr, err)
		}
		x.mu.Lock()
		x.res.Failed++
		x.failed[id] = true
		x.mu.Unlock()
		x.progress.add(false)
		r = Run{Spec: spec, Failure: f}
	} else {
		v := valuesOf(rec)
		vdata, err := encodeValues(id, x.plan.Hash, data, v)
		if err != nil {
			return err
		}
		if err := writeBytes(RecordPath(x.opt.Out, id), data); err != nil {
			return fmt.Errorf("runner: cannot store run %s: %w", id, err)
		}
		if err := writeValues(valuesPath(x.opt.Out, id), vdata); err != nil {
			return fmt.Errorf("runner: cannot store run %s: %w", id, err)
		}
		os.Remove(FailurePath(x.opt.Out, id)) // it failed before, not now
		x.mu.Lock()
		x.res.Done++
		x.done[id] = true
		x.mu.Unlock()
		if x.ci != nil {
			x.ci.value(id, v)
		}
		x.progress.add(true)
		r = Run{Spec: spec, Values: v}
	}
	if x.stream == nil {
		return nil
	}
	if p, ok := x.opt.Sink.(Preparer); ok {
		r.Prepared = p.Prepare(r)
	}
	if !x.stream.add(j.idx, r) {
		return errSinkFailed
	}
	return nil
}

// runRecord runs one run and encodes its record, turning any failure on
// the way — an error, a panic, a record that cannot be encoded — into the
// run's error.
func (x *executor) runRecord(ctx context.Context, spec sweep.RunSpec, simulate simulateFunc) (data []byte, rec *Record, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, rec, err = nil, nil, fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	rec, err = simulate(ctx, spec)
	if err != nil {
		return nil, nil, err
	}
	if x.opt.RecordHook != nil {
		x.opt.RecordHook(rec)
	}
	data, err = encodeRecord(rec)
	if err != nil {
		return nil, nil, fmt.Errorf("the run's record cannot be encoded: %w", err)
	}
	return data, rec, nil
}

// simulateFunc runs one run.
type simulateFunc func(ctx context.Context, spec sweep.RunSpec) (*Record, error)

// begin starts a run: the test hook, then its scenario.
func (x *executor) begin(spec sweep.RunSpec) (*scenarios.Loaded, error) {
	if x.opt.RunHook != nil {
		if err := x.opt.RunHook(spec); err != nil {
			return nil, err
		}
	}
	return x.scenario(spec.ArmIndex, spec.Point)
}

// simulate runs one run from day 0.
func (x *executor) simulate(ctx context.Context, spec sweep.RunSpec) (*Record, error) {
	l, err := x.begin(spec)
	if err != nil {
		return nil, err
	}
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(uint64(spec.Replication)))
	if err != nil {
		return nil, err
	}
	return x.finish(ctx, spec, l, m, 0)
}

// finish runs m to its end and makes the run's record; m has run from
// events already (counted elsewhere).
func (x *executor) finish(ctx context.Context, spec sweep.RunSpec, l *scenarios.Loaded, m *agents.Model, from uint64) (*Record, error) {
	// Advance a month at a time so an interrupt is noticed quickly.
	defer func() { x.events.Add(m.Engine().Events() - from) }()
	for !m.Done() {
		if ctx.Err() != nil {
			return nil, errInterrupted
		}
		m.RunUntil(m.Now() + 30*24)
	}
	sum := m.Summary()
	sum.Run.Scenario = l.Scenario.Name
	sum.Run.ScenarioHash = l.Hash
	sum.Run.Version = version.String()
	return &Record{RunSpec: spec, ID: spec.ID(), SweepHash: x.plan.Hash, ScenarioHash: l.Hash, Summary: sum, Series: m.Series()}, nil
}

// scenario returns the scenario of an arm at a point (arm -1: the
// pre-period under fork_day). A few are kept (the runs of one replication
// share them); a large design is never held in memory whole.
func (x *executor) scenario(arm, point int) (*scenarios.Loaded, error) {
	key := [2]int{arm, point}
	x.mu.Lock()
	l, ok := x.scen[key]
	x.mu.Unlock()
	if ok {
		return l, nil
	}
	var err error
	if arm < 0 {
		l, err = x.forkBase(point)
	} else {
		l, err = x.plan.ScenarioAt(arm, point)
	}
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	if len(x.scen) >= max(16, 4*x.workers) {
		clear(x.scen)
	}
	x.scen[key] = l
	x.mu.Unlock()
	return l, nil
}
