package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/internal/version"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sim"
)

// Shard selects a deterministic 1/Count of a sweep's runs: those whose
// index in the canonical order is Index modulo Count. The zero Shard is the
// whole sweep.
type Shard struct{ Index, Count int }

// ParseShard parses "i/N" (0 ≤ i < N).
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, inputErr(fmt.Sprintf("--shard %q: allowed: i/N with 0 ≤ i < N, e.g. 0/4", s))
	}
	return Shard{Index: i, Count: n}, nil
}

func (s Shard) whole() bool { return s.Count <= 1 }

func (s Shard) String() string {
	if s.whole() {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Options control how a sweep executes. The zero value runs every run on
// all cores, silently.
type Options struct {
	Out      string    // the results folder (required)
	Workers  int       // parallel runs: 0 means GOMAXPROCS; at most MaxWorkers
	Shard    Shard     // which runs to do
	Progress io.Writer // where progress goes; nil for none
	// Terminal draws a progress bar (on a terminal); otherwise a plain
	// line is printed every ProgressEvery.
	Terminal      bool
	ProgressEvery time.Duration // 0 means 10 s

	runHook    func(RunSpec) error // tests: make chosen runs fail
	recordHook func(*Record)       // tests: spoil chosen records before they are encoded
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
	CIMissed []CIMiss
}

// CIMiss is an arm at a design point whose until_ci target was missed:
// its 95% half-width at N replications is above the target (NaN when the
// metric is undefined or there are too few runs to tell).
type CIMiss struct {
	Arm       string       `json:"arm"`
	Point     int          `json:"point"`
	N         int          `json:"replications"`
	HalfWidth agents.Value `json:"half_width"`
}

// state is what is written to <out>/state.json: replications per arm and
// point (which until_ci decides), and timing.
type state struct {
	SweepHash string                    `json:"sweep_hash"`
	Reps      map[string][]int          `json:"replications"` // arm → point → n
	Met       map[string][]bool         `json:"until_ci_met,omitempty"`
	HalfWidth map[string][]agents.Value `json:"until_ci_half_width,omitempty"`
	Started   time.Time                 `json:"started"`
	Finished  time.Time                 `json:"finished"`
	Shard     string                    `json:"shard"`
}

// checkWorkers checks a worker count and returns the number of workers to
// start for n runs.
func checkWorkers(w, n int) (int, error) {
	if w < 0 || w > MaxWorkers {
		return 0, inputErr(fmt.Sprintf("%d workers: allowed: 0 (one per core, %d here) to %d", w, runtime.GOMAXPROCS(0), MaxWorkers))
	}
	if w == 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(1, min(w, n)), nil
}

// Execute runs the plan's runs that are not finished yet, writing each as it
// completes, and returns when all are done or ctx is cancelled. It does not
// write the aggregate outputs: see [Aggregate]. A run that fails, for any
// reason but the results folder failing (a full disk, say), is recorded in
// <out>/failures and the others go on.
//
// It holds the folder's lock while it works (a *[BusyError] if another
// process holds it), checks every stored record first (a damaged one is
// moved aside and its run done again), and removes the temporary files a
// killed process left.
func Execute(ctx context.Context, plan *Plan, opt Options) (*Result, error) {
	if opt.Out == "" {
		return nil, inputErr("batch: no output folder")
	}
	if _, err := checkWorkers(opt.Workers, 1); err != nil {
		return nil, err
	}
	if plan.Sweep.UntilCI.Metric != "" && !opt.Shard.whole() {
		return nil, inputErr("until_ci needs the results of every run and cannot be combined with --shard; run the sweep on one machine or set a fixed number of replications")
	}
	if plan.Runs() == 0 {
		return nil, inputErr("batch: the sweep has no runs")
	}
	for _, d := range []string{opt.Out, filepath.Join(opt.Out, runsDir), filepath.Join(opt.Out, failuresDir)} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			return nil, err
		}
	}
	lock, err := lockFolder(opt.Out)
	if err != nil {
		return nil, err
	}
	defer lock.unlock()
	removeTemps(opt.Out)
	if err := claim(opt.Out, plan); err != nil {
		return nil, err
	}
	st := loadState(opt.Out, plan)
	st.Shard = opt.Shard.String()
	start := time.Now()
	if st.Started.IsZero() {
		st.Started = start.UTC()
	}

	res := &Result{}
	checker := newChecker(plan)
	done, damaged, err := checkStored(opt.Out, checker, opt)
	if err != nil {
		return nil, err
	}
	res.Damaged = damaged
	initial := make(map[string]bool, len(done))
	for id := range done {
		initial[id] = true
	}
	x := &executor{plan: plan, opt: opt, done: done, res: res, checker: checker, scen: map[[2]int]*scenarios.Loaded{}}
	x.progress = newProgress(opt)

	ci := plan.Sweep.UntilCI
	for {
		n := 0
		x.pending(st, func(RunSpec) { n++ })
		if n == 0 {
			break
		}
		x.progress.extend(n)
		if err := x.runAll(ctx, st, n); err != nil {
			x.progress.finish()
			return nil, err
		}
		if ctx.Err() != nil {
			res.Interrupted = true
			break
		}
		if ci.Metric == "" {
			break
		}
		more, err := x.extendUntilCI(st)
		if err != nil {
			x.progress.finish()
			return nil, err
		}
		if !more {
			break
		}
	}
	x.progress.finish()
	res.Elapsed = time.Since(start)
	forEachSpec(plan, st.Reps, func(i int, spec RunSpec) bool {
		if opt.Shard.whole() || i%opt.Shard.Count == opt.Shard.Index {
			res.Planned++
			if initial[spec.ID()] {
				res.Skipped++
			}
		}
		return true
	})
	if ci.Metric != "" {
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
	return res, nil
}

// missed lists the arms and points whose until_ci target was not met at
// max_replications.
func (st *state) missed(plan *Plan) []CIMiss {
	var out []CIMiss
	for _, a := range plan.Arms {
		met, hw := st.Met[a.Name], st.HalfWidth[a.Name]
		for pt := range plan.Points {
			if pt < len(met) && !met[pt] {
				h := agents.Value(math.NaN())
				if pt < len(hw) {
					h = hw[pt]
				}
				out = append(out, CIMiss{Arm: a.Name, Point: pt, N: st.Reps[a.Name][pt], HalfWidth: h})
			}
		}
	}
	return out
}

// checkStored lists the finished runs of a results folder, checking every
// stored record (in parallel): a damaged one is named on the progress
// writer and moved aside, and its run is not counted as finished.
func checkStored(dir string, c *recordChecker, opt Options) (map[string]bool, []Damaged, error) {
	ids, err := listIDs(dir, runsDir, recordSuffix)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(ids))
	for id := range ids {
		names = append(names, id)
	}
	sort.Strings(names)
	workers, _ := checkWorkers(opt.Workers, len(names))
	if opt.Progress != nil && len(names) >= 1000 {
		fmt.Fprintf(opt.Progress, "checking the %d stored runs\n", len(names))
	}
	problems := make([]error, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(names) {
					return
				}
				_, problems[i] = c.read(dir, names[i])
			}
		}()
	}
	wg.Wait()
	done := map[string]bool{}
	var damaged []Damaged
	for i, id := range names {
		err := problems[i]
		var d *DamagedError
		switch {
		case err == nil:
			done[id] = true
		case errors.As(err, &d):
			to, err := moveAside(d.Path)
			if err != nil {
				return nil, nil, fmt.Errorf("batch: cannot move the damaged record %s aside: %w", d.Path, err)
			}
			damaged = append(damaged, Damaged{ID: id, Path: d.Path, Problem: d.Problem, MovedTo: to})
			if opt.Progress != nil {
				fmt.Fprintf(opt.Progress, "damaged record %s: %s; moved to %s, the run is done again\n", safetext.Escape(d.Path), safetext.Escape(d.Problem), safetext.Escape(to))
			}
		default:
			return nil, nil, err
		}
	}
	return done, damaged, nil
}

// claim writes the plan into the folder, or checks that the folder holds
// the same sweep.
func claim(dir string, plan *Plan) error {
	p := filepath.Join(dir, planFile)
	b, err := os.ReadFile(p)
	if err == nil {
		var old Plan
		if err := json.Unmarshal(b, &old); err != nil {
			return fmt.Errorf("batch: %s is damaged: %w", p, err)
		}
		if old.Hash != plan.Hash {
			return inputErr(fmt.Sprintf("%s holds the results of a different sweep (%s, hash %.12s; this one is %.12s): use another --out folder, or remove it to start over", safetext.Escape(dir), safetext.Escape(old.Source), old.Hash, plan.Hash))
		}
	}
	// (Re)write it: the metrics or replications may have changed.
	return fsutil.WriteAtomic(p, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(plan)
	})
}

// LoadPlan reads the plan stored in a results folder.
func LoadPlan(dir string) (*Plan, error) {
	b, err := os.ReadFile(filepath.Join(dir, planFile))
	if err != nil {
		return nil, inputErr(fmt.Sprintf("batch: %s is not a sweep results folder: %s", safetext.Escape(dir), safetext.Escape(err.Error())))
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("batch: %s: %w", filepath.Join(dir, planFile), err)
	}
	if len(p.Arms) == 0 || p.Hash == "" {
		return nil, fmt.Errorf("batch: %s is damaged: it names no arms or no sweep hash", filepath.Join(dir, planFile))
	}
	for _, pt := range p.Points {
		if len(pt.Values) != len(p.ParamKeys) {
			return nil, fmt.Errorf("batch: %s is damaged: design point %d has %d values for %d parameters", filepath.Join(dir, planFile), pt.Index, len(pt.Values), len(p.ParamKeys))
		}
	}
	return &p, nil
}

func loadState(dir string, plan *Plan) *state {
	st := &state{SweepHash: plan.Hash}
	if b, err := os.ReadFile(filepath.Join(dir, "state.json")); err == nil {
		var old state
		if json.Unmarshal(b, &old) == nil && old.SweepHash == plan.Hash {
			st = &old
		}
	}
	// Replications never fall below the sweep's, and grow with it; never
	// above max_replications.
	if st.Reps == nil {
		st.Reps = map[string][]int{}
	}
	for _, a := range plan.Arms {
		r := st.Reps[a.Name]
		if len(r) != len(plan.Points) {
			r = make([]int, len(plan.Points))
		}
		for i := range r {
			if plan.Sweep.UntilCI.Metric == "" {
				r[i] = plan.Sweep.Replications
			} else {
				r[i] = min(max(r[i], plan.Sweep.Replications), plan.maxReplications())
			}
		}
		st.Reps[a.Name] = r
	}
	return st
}

func saveState(dir string, st *state) error {
	return fsutil.WriteAtomic(filepath.Join(dir, "state.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	})
}

type executor struct {
	plan     *Plan
	opt      Options
	done     map[string]bool
	res      *Result
	progress *progress
	checker  *recordChecker

	workers int // of the current round

	mu   sync.Mutex
	scen map[[2]int]*scenarios.Loaded // (arm, point) → scenario, a few at a time
}

// pending calls fn for every run of this shard that is not finished, in
// canonical order: replication, then point, then arm. It puts the
// replications every arm needs for pairing early, and is the order shards
// are dealt from.
func (x *executor) pending(st *state, fn func(RunSpec)) {
	forEachSpec(x.plan, st.Reps, func(idx int, spec RunSpec) bool {
		if !x.opt.Shard.whole() && idx%x.opt.Shard.Count != x.opt.Shard.Index {
			return true
		}
		x.mu.Lock() // the workers mark runs done as they go
		done := x.done[spec.ID()]
		x.mu.Unlock()
		if !done {
			fn(spec)
		}
		return true
	})
}

// forEachSpec calls fn with every run of a plan for the given replications
// per arm and point, and its index, in canonical order, until fn returns
// false. The runs are generated as they are needed, never held in a list.
func forEachSpec(p *Plan, reps map[string][]int, fn func(i int, s RunSpec) bool) {
	maxReps := 0
	for _, r := range reps {
		for _, n := range r {
			maxReps = max(maxReps, n)
		}
	}
	idx := 0
	for rep := 0; rep < maxReps; rep++ {
		for pt := range p.Points {
			for ai, a := range p.Arms {
				if r := reps[a.Name]; pt < len(r) && rep < r[pt] {
					if !fn(idx, RunSpec{Arm: a.Name, ArmIndex: ai, Point: pt, Replication: rep, Seed: uint64(p.Sweep.Seed)}) {
						return
					}
					idx++
				}
			}
		}
	}
}

// SpecsOf lists every run of a plan for the given replications per arm and
// point, in canonical order.
func SpecsOf(p *Plan, reps map[string][]int) []RunSpec {
	var out []RunSpec
	forEachSpec(p, reps, func(_ int, s RunSpec) bool { out = append(out, s); return true })
	return out
}

// runAll runs the n pending runs.
func (x *executor) runAll(ctx context.Context, st *state, n int) error {
	workers, err := checkWorkers(x.opt.Workers, n)
	if err != nil {
		return err
	}
	x.workers = workers
	jobs := make(chan RunSpec)
	var wg sync.WaitGroup
	var fatal error
	var fatalOnce sync.Once
	var failed atomic.Bool
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for spec := range jobs {
				if err := x.one(ctx, spec); err != nil {
					fatalOnce.Do(func() { fatal = err; failed.Store(true) })
				}
			}
		}()
	}
	x.pending(st, func(s RunSpec) {
		if ctx.Err() != nil || failed.Load() {
			return
		}
		select {
		case jobs <- s:
		case <-ctx.Done():
		}
	})
	close(jobs)
	wg.Wait()
	return fatal
}

// errInterrupted marks a run abandoned because the sweep was interrupted.
var errInterrupted = errors.New("interrupted")

// one runs a single run and stores its record or failure. It returns an
// error only for failures of the results folder itself (a full disk, say).
func (x *executor) one(ctx context.Context, spec RunSpec) error {
	data, runErr := x.runRecord(ctx, spec)
	if errors.Is(runErr, errInterrupted) {
		return nil
	}
	id := spec.ID()
	if runErr != nil {
		if err := writeFailure(x.opt.Out, &Failure{RunSpec: spec, ID: id, SweepHash: x.plan.Hash, Error: runErr.Error()}); err != nil {
			return fmt.Errorf("batch: cannot record the failure of run %s (%v): %w", id, runErr, err)
		}
		x.mu.Lock()
		x.res.Failed++
		x.mu.Unlock()
		x.progress.add(false)
		return nil
	}
	if err := writeBytes(recordPath(x.opt.Out, id), data); err != nil {
		return fmt.Errorf("batch: cannot store run %s: %w", id, err)
	}
	os.Remove(failurePath(x.opt.Out, id)) // it failed before, not now
	x.mu.Lock()
	x.res.Done++
	x.done[id] = true
	x.mu.Unlock()
	x.progress.add(true)
	return nil
}

// runRecord runs one run and encodes its record, turning any failure on
// the way — an error, a panic, a record that cannot be encoded — into the
// run's error.
func (x *executor) runRecord(ctx context.Context, spec RunSpec) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	rec, err := x.simulate(ctx, spec)
	if err != nil {
		return nil, err
	}
	if x.opt.recordHook != nil {
		x.opt.recordHook(rec)
	}
	data, err = encodeRecord(rec)
	if err != nil {
		return nil, fmt.Errorf("the run's record cannot be encoded: %w", err)
	}
	return data, nil
}

// simulate runs one run.
func (x *executor) simulate(ctx context.Context, spec RunSpec) (*Record, error) {
	if x.opt.runHook != nil {
		if err := x.opt.runHook(spec); err != nil {
			return nil, err
		}
	}
	l, err := x.scenario(spec.ArmIndex, spec.Point)
	if err != nil {
		return nil, err
	}
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(uint64(spec.Replication)))
	if err != nil {
		return nil, err
	}
	// Advance a month at a time so an interrupt is noticed quickly.
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

// scenario returns the scenario of an arm at a point. A few are kept (the
// runs of one replication share them); a large design is never held in
// memory whole.
func (x *executor) scenario(arm, point int) (*scenarios.Loaded, error) {
	key := [2]int{arm, point}
	x.mu.Lock()
	l, ok := x.scen[key]
	x.mu.Unlock()
	if ok {
		return l, nil
	}
	l, err := x.plan.scenario(arm, x.plan.Points[point])
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

// Scenario returns the exact scenario of a run: the base scenario with the
// arm's overrides and the design point's values, as the sweep ran it.
func (p *Plan) Scenario(spec RunSpec) (*scenarios.Loaded, error) {
	for i, a := range p.Arms {
		if a.Name == spec.Arm {
			if spec.Point < 0 || spec.Point >= len(p.Points) {
				return nil, inputErr(fmt.Sprintf("the sweep has no design point %d", spec.Point))
			}
			return p.scenario(i, p.Points[spec.Point])
		}
	}
	return nil, inputErr(fmt.Sprintf("the sweep has no arm %q", safetext.Escape(spec.Arm)))
}

// ParseRunID parses "<arm>.p<point>.r<replication>".
func ParseRunID(id string) (RunSpec, error) {
	parts := strings.Split(id, ".")
	bad := inputErr(fmt.Sprintf("run ID %q: allowed: <arm>.p<point>.r<replication>, as in runs.csv (e.g. baseline.p0000.r00003)", id))
	if len(parts) != 3 || !strings.HasPrefix(parts[1], "p") || !strings.HasPrefix(parts[2], "r") {
		return RunSpec{}, bad
	}
	pt, err1 := strconv.Atoi(parts[1][1:])
	rep, err2 := strconv.Atoi(parts[2][1:])
	if err1 != nil || err2 != nil || pt < 0 || rep < 0 || parts[0] == "" {
		return RunSpec{}, bad
	}
	return RunSpec{Arm: parts[0], Point: pt, Replication: rep}, nil
}

// extendUntilCI adds replications to each arm and point whose interval for
// the until_ci metric is still too wide; it reports whether it added any
// (or found a damaged record to do again).
func (x *executor) extendUntilCI(st *state) (bool, error) {
	ci := x.plan.Sweep.UntilCI
	if st.Met == nil {
		st.Met = map[string][]bool{}
	}
	if st.HalfWidth == nil {
		st.HalfWidth = map[string][]agents.Value{}
	}
	more := false
	for _, a := range x.plan.Arms {
		if len(st.Met[a.Name]) != len(x.plan.Points) {
			st.Met[a.Name] = make([]bool, len(x.plan.Points))
		}
		if len(st.HalfWidth[a.Name]) != len(x.plan.Points) {
			st.HalfWidth[a.Name] = make([]agents.Value, len(x.plan.Points))
		}
		for pt := range x.plan.Points {
			n := st.Reps[a.Name][pt]
			var w sim.Welford
			for rep := range n {
				id := RunSpec{Arm: a.Name, Point: pt, Replication: rep}.ID()
				if !x.done[id] {
					continue // failed: left out of the estimate
				}
				v, err := x.metricOf(id, ci.Metric)
				var d *DamagedError
				if errors.As(err, &d) {
					if err := x.setAside(id, d); err != nil {
						return false, err
					}
					more = true
					continue
				}
				if err != nil {
					return false, err
				}
				if v == v {
					w.Add(v)
				}
			}
			hw := w.CIHalfWidth(0.95)
			met := hw == hw && hw <= ci.HalfWidth
			st.Met[a.Name][pt] = met
			st.HalfWidth[a.Name][pt] = agents.Value(hw)
			if !met && n < ci.MaxReplications {
				st.Reps[a.Name][pt] = min(ci.MaxReplications, n+ci.Step)
				more = true
			}
		}
	}
	return more, saveState(x.opt.Out, st)
}

// setAside moves a damaged record aside and marks its run as not done.
func (x *executor) setAside(id string, d *DamagedError) error {
	to, err := moveAside(d.Path)
	if err != nil {
		return fmt.Errorf("batch: cannot move the damaged record %s aside: %w", d.Path, err)
	}
	x.mu.Lock()
	delete(x.done, id)
	x.res.Damaged = append(x.res.Damaged, Damaged{ID: id, Path: d.Path, Problem: d.Problem, MovedTo: to})
	x.mu.Unlock()
	if x.opt.Progress != nil {
		fmt.Fprintf(x.opt.Progress, "damaged record %s: %s; moved to %s, the run is done again\n", safetext.Escape(d.Path), safetext.Escape(d.Problem), safetext.Escape(to))
	}
	return nil
}

// metricOf reads one metric of a stored run.
func (x *executor) metricOf(id, key string) (float64, error) {
	r, err := x.checker.read(x.opt.Out, id)
	if err != nil {
		return 0, err
	}
	for _, kv := range r.Summary.Flatten() {
		if kv.Key == key {
			return kv.Value, nil
		}
	}
	return 0, fmt.Errorf("batch: run %s has no metric %q", id, key)
}

// sortedArms returns arm names in plan order.
func (p *Plan) armNames() []string {
	out := make([]string, len(p.Arms))
	for i, a := range p.Arms {
		out[i] = a.Name
	}
	return out
}
