package calibrate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// WaveDir is the sweep results folder of wave k under out.
func WaveDir(out string, k int) string { return filepath.Join(out, fmt.Sprintf("wave-%d", k)) }

// ShardDir is the folder of shard s of wave k.
func ShardDir(out string, k int, s runner.Shard) string {
	return filepath.Join(WaveDir(out, k), "shards", fmt.Sprintf("%d-of-%d", s.Index, s.Count))
}

// StopError stops a calibration before it is done, and says why and what
// to do next: a shard of a wave is done (the other shards and a merge are
// needed), or a merge is done and the next wave's shards are to run.
type StopError struct {
	Wave        int
	Msg         string
	Interrupted bool // by a signal (ctx): run the same command again to resume
}

func (e *StopError) Error() string { return e.Msg }

// SweepEvaluator runs each history-matching wave as a sweep on the sweep
// runner: OUT/wave-K/design/ holds the wave's sweep file (the base
// scenario with set, one arm, a table design of the wave's points, the
// replications, seed and days) and its points.csv; OUT/wave-K is the
// sweep's results folder, resumed after an interruption, and a normal
// sweep folder ('agencysim report OUT/wave-K' writes its report).
//
// With a Shard, it runs that shard of the first wave not yet complete
// into OUT/wave-K/shards/I-of-N and stops with a *[StopError]; with Merge,
// it merges the shards of the first wave not complete into OUT/wave-K and
// stops before running the next. Otherwise it merges any shards there are
// and runs the rest.
type SweepEvaluator struct {
	C        *Calibration
	Out      string
	Shard    runner.Shard
	Merge    bool
	Workers  int
	Progress io.Writer
	Terminal bool
}

// Evaluate implements Evaluator.
func (e *SweepEvaluator) Evaluate(ctx context.Context, wave int, points [][]float64) ([]Stats, error) {
	dir := WaveDir(e.Out, wave)
	plan, err := e.plan(dir, wave, points)
	if err != nil {
		return nil, err
	}
	if e.Shard.Count > 1 || e.Merge {
		if st, ok, err := e.complete(dir); err != nil || ok {
			return st, err
		}
	}
	shards, err := e.shardDirs(wave)
	if err != nil {
		return nil, err
	}
	switch {
	case e.Shard.Count > 1:
		sd := ShardDir(e.Out, wave, e.Shard)
		res, err := runner.Execute(ctx, plan, runner.Options{Out: sd, Shard: e.Shard, Workers: e.Workers, Progress: e.Progress, Terminal: e.Terminal})
		if err != nil {
			return nil, err
		}
		if res.Interrupted {
			return nil, &StopError{Wave: wave, Msg: fmt.Sprintf("interrupted: wave %d shard %s has %d of %d runs; run the same command again to resume", wave, e.Shard, res.Skipped+res.Done, res.Planned), Interrupted: true}
		}
		if res.Failed > 0 {
			return nil, fmt.Errorf("calibrate: wave %d shard %s: %d of %d runs failed (see %s); run the same command again to retry them", wave, e.Shard, res.Failed, res.Planned, safetext.Escape(filepath.Join(sd, runner.FailuresDir)))
		}
		return nil, &StopError{Wave: wave, Msg: fmt.Sprintf("wave %d shard %s done (%d runs); when every shard of wave %d is done: agencysim calibrate %s --out %s --merge", wave, e.Shard, res.Planned, wave, safetext.Escape(e.C.Source), safetext.Escape(e.Out))}
	case e.Merge:
		if len(shards) == 0 {
			return nil, &StopError{Wave: wave, Msg: fmt.Sprintf("wave %d is ready to run: run its shards (agencysim calibrate %s --out %s --shard I/N), then --merge", wave, safetext.Escape(e.C.Source), safetext.Escape(e.Out))}
		}
		s := e.sink(plan)
		if err := runner.Merge(dir, shards, s); err != nil {
			return nil, err
		}
		if s.missing() > 0 {
			return nil, &StopError{Wave: wave, Msg: fmt.Sprintf("wave %d: %d of %d runs are missing from its shards (%s); run the missing shards, then --merge again", wave, s.missing(), s.expected, safetext.Escape(filepath.Join(dir, "shards")))}
		}
		return s.stats()
	}
	if len(shards) > 0 {
		if err := runner.Merge(dir, shards, e.sink(plan)); err != nil {
			return nil, err
		}
	}
	s := e.sink(plan)
	res, err := runner.Execute(ctx, plan, runner.Options{Out: dir, Sink: s, Workers: e.Workers, Progress: e.Progress, Terminal: e.Terminal})
	if err != nil {
		return nil, err
	}
	if res.Interrupted {
		return nil, &StopError{Wave: wave, Msg: fmt.Sprintf("interrupted: wave %d has %d of %d runs; run the same command again to resume", wave, res.Skipped+res.Done, res.Planned), Interrupted: true}
	}
	return s.stats()
}

// complete returns the wave's statistics if its folder holds every run.
func (e *SweepEvaluator) complete(dir string) ([]Stats, bool, error) {
	if !isFile(filepath.Join(dir, runner.PlanFile)) {
		return nil, false, nil
	}
	plan, err := runner.LoadPlan(dir)
	if err != nil {
		return nil, false, err
	}
	s := e.sink(plan)
	if err := runner.Read(dir, s); err != nil {
		return nil, false, err
	}
	if !s.done || s.missing() > 0 || s.failed > 0 {
		return nil, false, nil
	}
	st, err := s.stats()
	return st, err == nil, err
}

// shardDirs lists the wave's shard folders.
func (e *SweepEvaluator) shardDirs(wave int) ([]string, error) {
	root := filepath.Join(WaveDir(e.Out, wave), "shards")
	ents, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range ents {
		if d.IsDir() && isFile(filepath.Join(root, d.Name(), runner.PlanFile)) {
			out = append(out, filepath.Join(root, d.Name()))
		}
	}
	return out, nil
}

// plan writes the wave's sweep file and points (or checks that those
// there are the same) and loads it.
func (e *SweepEvaluator) plan(dir string, wave int, points [][]float64) (*sweep.Plan, error) {
	design := filepath.Join(dir, "design")
	if err := os.MkdirAll(design, 0o777); err != nil {
		return nil, err
	}
	base := e.C.Spec.Base
	if !strings.HasPrefix(e.C.BaseName, "bundled:") {
		absBase, err1 := filepath.Abs(e.C.BaseName)
		absDesign, err2 := filepath.Abs(design)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		if base, err1 = filepath.Rel(absDesign, absBase); err1 != nil {
			return nil, err1
		}
	}
	arm := map[string]any{}
	for _, p := range e.C.Set {
		arm[p.Path] = p.Value
	}
	var metrics []string
	for _, t := range e.C.Targets {
		if !contains(metrics, t.Metric) {
			metrics = append(metrics, t.Metric)
		}
	}
	sw := map[string]any{
		"name":         fmt.Sprintf("%s-wave-%d", e.C.Spec.Name, wave),
		"base":         base,
		"arms":         map[string]any{"calibrate": arm},
		"vary":         map[string]any{"design": "table", "file": "points.csv"},
		"replications": e.C.Spec.Replications,
		"seed":         e.C.Spec.Seed,
		"metrics":      metrics,
	}
	if e.C.Spec.Days > 0 {
		sw["days"] = e.C.Spec.Days
	}
	text, err := yaml.Marshal(sw)
	if err != nil {
		return nil, err
	}
	text = append([]byte(fmt.Sprintf("# Wave %d of the calibration %s (written by agencysim calibrate; do not edit).\n", wave, e.C.Source)), text...)
	var csv bytes.Buffer
	for j, p := range e.C.Params {
		if j > 0 {
			csv.WriteByte(',')
		}
		csv.WriteString(p.Key)
	}
	csv.WriteByte('\n')
	for _, x := range points {
		for j, v := range x {
			if j > 0 {
				csv.WriteByte(',')
			}
			csv.WriteString(formatValue(e.C.Value(j, v)))
		}
		csv.WriteByte('\n')
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"points.csv", csv.Bytes()}, {"sweep.yaml", text}} {
		if err := writeSame(filepath.Join(design, f.name), f.data); err != nil {
			return nil, err
		}
	}
	return sweep.Load(filepath.Join(design, "sweep.yaml"), nil)
}

// writeSame writes data to path, or checks that the file there holds it.
func writeSame(path string, data []byte) error {
	old, err := os.ReadFile(path)
	if err == nil {
		if !bytes.Equal(old, data) {
			return sweep.InputError(fmt.Sprintf("calibrate: %s was written by a different calibration (another calibrate file, targets or version): use another --out folder, or remove it to start over", safetext.Escape(path)))
		}
		return nil
	}
	return fsutil.WriteAtomic(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// formatValue writes a parameter value exactly (a float in its shortest
// form that reads back the same).
func formatValue(v any) string {
	switch x := v.(type) {
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") && !math.IsInf(x, 0) && !math.IsNaN(x) {
			s += ".0" // stays a float when read as YAML
		}
		return s
	case int:
		return strconv.Itoa(x)
	}
	return fmt.Sprint(v)
}

// statsSink accumulates the wave's runs per point and target.
type statsSink struct {
	idx      []int
	acc      [][]sim.Welford // point → target
	got      int
	failed   int
	expected int
	done     bool
}

func (e *SweepEvaluator) sink(plan *sweep.Plan) *statsSink {
	s := &statsSink{idx: e.C.metricIndex()}
	s.acc = make([][]sim.Welford, len(plan.Points))
	for i := range s.acc {
		s.acc[i] = make([]sim.Welford, len(s.idx))
	}
	return s
}

func (s *statsSink) Start(string, *sweep.Plan) error { return nil }

func (s *statsSink) Run(r runner.Run) error {
	if r.Failure != nil {
		s.failed++
		return nil
	}
	s.got++
	for t, i := range s.idx {
		if v := r.Values.Metrics[i].Value; !math.IsNaN(v) {
			s.acc[r.Spec.Point][t].Add(v)
		}
	}
	return nil
}

func (s *statsSink) Done(f *runner.Folder) error {
	s.expected, s.done = f.Expected, true
	return nil
}

func (s *statsSink) Abort() {}

func (s *statsSink) missing() int { return s.expected - s.got }

func (s *statsSink) stats() ([]Stats, error) {
	if s.failed > 0 {
		return nil, fmt.Errorf("calibrate: %d runs of the wave failed (see its failures.csv or failures/); run the same command again to retry them", s.failed)
	}
	if s.missing() > 0 {
		return nil, fmt.Errorf("calibrate: %d of %d runs of the wave are missing", s.missing(), s.expected)
	}
	out := make([]Stats, len(s.acc))
	for i, row := range s.acc {
		st := Stats{Mean: make([]float64, len(row)), Var: make([]float64, len(row)), N: make([]int, len(row))}
		for t := range row {
			st.Mean[t], st.N[t] = row[t].Mean(), int(row[t].N())
			st.Var[t] = row[t].Variance()
			if st.N[t] < 2 {
				st.Var[t] = 0
			}
		}
		out[i] = st
	}
	return out, nil
}
