package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
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
	Workers  int       // parallel runs; 0 means GOMAXPROCS
	Shard    Shard     // which runs to do
	Progress io.Writer // where progress goes; nil for none
	// Terminal draws a progress bar (on a terminal); otherwise a plain
	// line is printed every ProgressEvery.
	Terminal      bool
	ProgressEvery time.Duration // 0 means 10 s

	runHook func(RunSpec) error // tests: make chosen runs fail
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
}

// state is what is written to <out>/state.json: replications per arm and
// point (which until_ci decides), and timing.
type state struct {
	SweepHash string            `json:"sweep_hash"`
	Reps      map[string][]int  `json:"replications"` // arm → point → n
	Met       map[string][]bool `json:"until_ci_met,omitempty"`
	Started   time.Time         `json:"started"`
	Finished  time.Time         `json:"finished"`
	Shard     string            `json:"shard"`
}

// Execute runs the plan's runs that are not finished yet, writing each as it
// completes, and returns when all are done or ctx is cancelled. It does not
// write the aggregate outputs: see [Aggregate]. A run that fails is recorded
// in <out>/failures and the others go on.
func Execute(ctx context.Context, plan *Plan, opt Options) (*Result, error) {
	if opt.Out == "" {
		return nil, inputErr("batch: no output folder")
	}
	if plan.Sweep.UntilCI.Metric != "" && !opt.Shard.whole() {
		return nil, inputErr("until_ci needs the results of every run and cannot be combined with --shard; run the sweep on one machine or set a fixed number of replications")
	}
	for _, d := range []string{opt.Out, filepath.Join(opt.Out, runsDir), filepath.Join(opt.Out, failuresDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := claim(opt.Out, plan); err != nil {
		return nil, err
	}
	st := loadState(opt.Out, plan)
	st.Shard = opt.Shard.String()
	start := time.Now()
	if st.Started.IsZero() {
		st.Started = start.UTC()
	}

	done, err := listIDs(opt.Out, runsDir, ".json.gz")
	if err != nil {
		return nil, err
	}
	initial := make(map[string]bool, len(done))
	for id := range done {
		initial[id] = true
	}
	res := &Result{}
	x := &executor{plan: plan, opt: opt, done: done, res: res, scen: map[[2]int]*scenarios.Loaded{}}
	x.progress = newProgress(opt)

	ci := plan.Sweep.UntilCI
	for {
		specs := x.pending(st)
		if len(specs) == 0 {
			break
		}
		x.progress.extend(len(specs))
		if err := x.runAll(ctx, specs); err != nil {
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
	for i, spec := range SpecsOf(plan, st.Reps) {
		if opt.Shard.whole() || i%opt.Shard.Count == opt.Shard.Index {
			res.Planned++
			if initial[spec.ID()] {
				res.Skipped++
			}
		}
	}
	if ci.Metric != "" {
		res.Needed = st.Reps
	}
	if !res.Interrupted {
		st.Finished = time.Now().UTC()
	}
	if err := saveState(opt.Out, st); err != nil {
		return nil, err
	}
	return res, nil
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
			return inputErr(fmt.Sprintf("%s holds the results of a different sweep (%s, hash %.12s; this one is %.12s): use another --out folder, or remove it to start over", dir, old.Source, old.Hash, plan.Hash))
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
		return nil, fmt.Errorf("batch: %s is not a sweep results folder: %w", dir, err)
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("batch: %s: %w", filepath.Join(dir, planFile), err)
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
	// Replications never fall below the sweep's, and grow with it.
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
				r[i] = max(r[i], plan.Sweep.Replications)
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

	mu   sync.Mutex
	scen map[[2]int]*scenarios.Loaded // (arm, point) → scenario
}

// Canonical run order: replication, then point, then arm. It puts the
// replications every arm needs for pairing early, and is the order shards
// are dealt from.
func (x *executor) pending(st *state) []RunSpec {
	p := x.plan
	maxReps := 0
	for _, r := range st.Reps {
		for _, n := range r {
			maxReps = max(maxReps, n)
		}
	}
	var out []RunSpec
	idx := 0
	for rep := 0; rep < maxReps; rep++ {
		for pt := range p.Points {
			for ai, a := range p.Arms {
				if rep >= st.Reps[a.Name][pt] {
					continue
				}
				spec := RunSpec{Arm: a.Name, ArmIndex: ai, Point: pt, Replication: rep, Seed: uint64(p.Sweep.Seed)}
				mine := x.opt.Shard.whole() || idx%x.opt.Shard.Count == x.opt.Shard.Index
				idx++
				if !mine {
					continue
				}
				if x.done[spec.ID()] {
					continue
				}
				out = append(out, spec)
			}
		}
	}
	return out
}

// SpecsOf lists every run of a plan for the given replications per arm and
// point, in canonical order.
func SpecsOf(p *Plan, reps map[string][]int) []RunSpec {
	var out []RunSpec
	maxReps := 0
	for _, r := range reps {
		for _, n := range r {
			maxReps = max(maxReps, n)
		}
	}
	for rep := 0; rep < maxReps; rep++ {
		for pt := range p.Points {
			for ai, a := range p.Arms {
				if rep < reps[a.Name][pt] {
					out = append(out, RunSpec{Arm: a.Name, ArmIndex: ai, Point: pt, Replication: rep, Seed: uint64(p.Sweep.Seed)})
				}
			}
		}
	}
	return out
}

func (x *executor) runAll(ctx context.Context, specs []RunSpec) error {
	workers := x.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan RunSpec)
	var wg sync.WaitGroup
	var fatal error
	var fatalOnce sync.Once
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for spec := range jobs {
				if err := x.one(ctx, spec); err != nil {
					fatalOnce.Do(func() { fatal = err })
				}
			}
		}()
	}
	for _, s := range specs {
		if ctx.Err() != nil || fatal != nil {
			break
		}
		select {
		case jobs <- s:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	return fatal
}

// errInterrupted marks a run abandoned because the sweep was interrupted.
var errInterrupted = errors.New("interrupted")

// one runs a single run and stores its record or failure. It returns an
// error only for failures of the results folder itself (a full disk, say).
func (x *executor) one(ctx context.Context, spec RunSpec) error {
	rec, runErr := x.simulate(ctx, spec)
	if errors.Is(runErr, errInterrupted) {
		return nil
	}
	id := spec.ID()
	if runErr != nil {
		if err := writeFailure(x.opt.Out, &Failure{RunSpec: spec, ID: id, Error: runErr.Error()}); err != nil {
			return err
		}
		x.mu.Lock()
		x.res.Failed++
		x.mu.Unlock()
		x.progress.add(false)
		return nil
	}
	if err := writeRecord(x.opt.Out, rec); err != nil {
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

// simulate runs one run, turning a panic into an error.
func (x *executor) simulate(ctx context.Context, spec RunSpec) (rec *Record, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
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

func (x *executor) scenario(arm, point int) (*scenarios.Loaded, error) {
	x.mu.Lock()
	l, ok := x.scen[[2]int{arm, point}]
	x.mu.Unlock()
	if ok {
		return l, nil
	}
	l, err := x.plan.scenario(x.plan.Arms[arm], x.plan.Points[point])
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	x.scen[[2]int{arm, point}] = l
	x.mu.Unlock()
	return l, nil
}

// Scenario returns the exact scenario of a run: the base scenario with the
// arm's overrides and the design point's values, as the sweep ran it.
func (p *Plan) Scenario(spec RunSpec) (*scenarios.Loaded, error) {
	for _, a := range p.Arms {
		if a.Name == spec.Arm {
			if spec.Point < 0 || spec.Point >= len(p.Points) {
				return nil, inputErr(fmt.Sprintf("the sweep has no design point %d", spec.Point))
			}
			return p.scenario(a, p.Points[spec.Point])
		}
	}
	return nil, inputErr(fmt.Sprintf("the sweep has no arm %q", spec.Arm))
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
	if err1 != nil || err2 != nil {
		return RunSpec{}, bad
	}
	return RunSpec{Arm: parts[0], Point: pt, Replication: rep}, nil
}

// extendUntilCI adds replications to each arm and point whose interval for
// the until_ci metric is still too wide; it reports whether it added any.
func (x *executor) extendUntilCI(st *state) (bool, error) {
	ci := x.plan.Sweep.UntilCI
	if st.Met == nil {
		st.Met = map[string][]bool{}
	}
	more := false
	for _, a := range x.plan.Arms {
		if len(st.Met[a.Name]) != len(x.plan.Points) {
			st.Met[a.Name] = make([]bool, len(x.plan.Points))
		}
		for pt := range x.plan.Points {
			n := st.Reps[a.Name][pt]
			var w sim.Welford
			for rep := range n {
				id := RunSpec{Arm: a.Name, Point: pt, Replication: rep}.ID()
				if !x.done[id] {
					continue // failed: left out of the estimate
				}
				v, err := metricOf(x.opt.Out, id, ci.Metric)
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
			if !met && n < ci.MaxReplications {
				st.Reps[a.Name][pt] = min(ci.MaxReplications, n+ci.Step)
				more = true
			}
		}
	}
	return more, saveState(x.opt.Out, st)
}

// metricOf reads one metric of a stored run.
func metricOf(dir, id, key string) (float64, error) {
	r, err := ReadRecord(dir, id)
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
