package runner

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
)

// recorder is a Sink that keeps what it is given.
type recorder struct {
	dir      string
	plan     *sweep.Plan
	runs     []Run
	folder   *Folder
	aborted  bool
	failOnID string // Run fails for this run
}

func (r *recorder) Start(dir string, plan *sweep.Plan) error { r.dir, r.plan = dir, plan; return nil }
func (r *recorder) Run(run Run) error {
	if run.Spec.ID() == r.failOnID {
		return errors.New("sink: disk full")
	}
	r.runs = append(r.runs, run)
	return nil
}
func (r *recorder) Done(f *Folder) error { r.folder = f; return nil }
func (r *recorder) Abort()               { r.aborted = true }

// ids lists the runs given, "!" marking a failed one.
func (r *recorder) ids() []string {
	var out []string
	for _, run := range r.runs {
		id := run.Spec.ID()
		if run.Failure != nil {
			id = "!" + id
		}
		out = append(out, id)
	}
	return out
}

// execute runs plan into opt.Out (a new folder if empty) with a recorder.
func execute(t *testing.T, plan *sweep.Plan, opt Options) (*Result, *recorder) {
	t.Helper()
	if opt.Out == "" {
		opt.Out = t.TempDir()
	}
	rec := &recorder{}
	if opt.Shard.whole() {
		opt.Sink = rec
	}
	res, err := Execute(context.Background(), plan, opt)
	require.NoError(t, err)
	return res, rec
}

// sameValues reports whether two runs' values are equal bit for bit (NaN
// equal to NaN).
func sameValues(a, b *Values) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.ScenarioHash != b.ScenarioHash || a.Version != b.Version || len(a.Metrics) != len(b.Metrics) || len(a.Series) != len(b.Series) {
		return false
	}
	for i, kv := range a.Metrics {
		if kv.Key != b.Metrics[i].Key || math.Float64bits(kv.Value) != math.Float64bits(b.Metrics[i].Value) {
			return false
		}
	}
	for i, p := range a.Series {
		q := b.Series[i]
		if p.Metric != q.Metric || p.Group != q.Group || math.Float64bits(p.Day) != math.Float64bits(q.Day) || math.Float64bits(p.Value) != math.Float64bits(q.Value) {
			return false
		}
	}
	return true
}

// canonical lists the IDs of a plan's runs in canonical order.
func canonical(plan *sweep.Plan) []string {
	var out []string
	for _, s := range plan.Specs(plan.Replications()) {
		out = append(out, s.ID())
	}
	return out
}

// The sink receives every run once, in canonical order, whatever the
// workers, and with the values stored beside the record; Read gives the
// same from the folder.
func TestTheSinkReceivesTheRunsInCanonicalOrder(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	want := canonical(plan)
	var first *recorder
	for _, workers := range []int{1, 3} {
		dir := t.TempDir()
		_, rec := execute(t, plan, Options{Out: dir, Workers: workers})
		assert.Equal(t, want, rec.ids(), "%d workers", workers)
		require.NotNil(t, rec.folder)
		assert.Equal(t, 8, rec.folder.Expected)
		assert.Nil(t, rec.folder.Writer)
		assert.False(t, rec.aborted)
		if first == nil {
			first = rec
		}
		for i, run := range rec.runs {
			assert.True(t, sameValues(first.runs[i].Values, run.Values), "%s: the same values with %d workers", run.Spec.ID(), workers)
		}
		read := &recorder{}
		require.NoError(t, Read(dir, read))
		assert.Equal(t, want, read.ids())
		for i, run := range read.runs {
			assert.True(t, sameValues(rec.runs[i].Values, run.Values), "%s: the values read back are those given live", run.Spec.ID())
		}
	}
	assert.Len(t, first.runs[0].Values.Metrics, len(sweep.MetricKeys()))
	assert.NotEmpty(t, first.runs[0].Values.Series)
}

// Runs finished by an earlier execution are given from the folder, in
// their place; failed runs are given as failures; a resumed sweep gives
// what an uninterrupted one gives.
func TestAResumedSweepGivesTheSameRuns(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	whole := t.TempDir()
	_, all := execute(t, plan, Options{Out: whole})

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var started atomic.Int32
	rec := &recorder{}
	r, err := Execute(ctx, plan, Options{Out: dir, Workers: 2, Sink: rec, RunHook: func(s sweep.RunSpec) error {
		if started.Add(1) > 3 {
			cancel()
		}
		if s.Arm == "never" && s.Replication == 0 {
			return errors.New("boom")
		}
		return nil
	}})
	require.NoError(t, err)
	assert.True(t, r.Interrupted)
	assert.True(t, rec.aborted, "an interrupted sweep aborts its sink")
	assert.Nil(t, rec.folder)

	_, again := execute(t, plan, Options{Out: dir})
	assert.Equal(t, all.ids(), again.ids(), "the failed run is done again")
	for i := range all.runs {
		assert.True(t, sameValues(all.runs[i].Values, again.runs[i].Values), all.runs[i].Spec.ID())
	}
}

// A failed run is given as a failure, in its place, and not done again in
// the same execution.
func TestAFailedRunIsGivenInItsPlace(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	var tries atomic.Int32
	r, rec := execute(t, plan, Options{RunHook: func(s sweep.RunSpec) error {
		if s.Arm == "never" && s.Replication == 1 {
			tries.Add(1)
			return errors.New("boom")
		}
		return nil
	}})
	assert.Equal(t, 1, r.Failed)
	want := canonical(plan)
	want[3] = "!" + want[3]
	assert.Equal(t, want, rec.ids())
	assert.Equal(t, "boom", rec.runs[3].Failure.Error)
	assert.EqualValues(t, 1, tries.Load())
}

// A sink that fails stops the sweep with its error; the runs stored so far
// stay.
func TestASinkThatFailsStopsTheSweep(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	rec := &recorder{failOnID: "never.p0000.r00001"}
	dir := t.TempDir()
	_, err := Execute(context.Background(), plan, Options{Out: dir, Workers: 1, Sink: rec})
	require.ErrorContains(t, err, "sink: disk full")
	assert.True(t, rec.aborted)
	assert.Equal(t, canonical(plan)[:3], rec.ids())
	assert.FileExists(t, RecordPath(dir, "never.p0000.r00001"))
}

// A values file is used only with the record it was made from: one that is
// missing, damaged or of another record is made again from the record.
func TestValuesFilesAreCheckedAgainstTheirRecord(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	_, live := execute(t, plan, Options{Out: dir})
	ids := canonical(plan)
	require.NoError(t, os.Remove(valuesPath(dir, ids[0])))
	require.NoError(t, os.WriteFile(valuesPath(dir, ids[1]), []byte("not gzip"), 0o644))
	other, err := os.ReadFile(valuesPath(dir, ids[3]))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(valuesPath(dir, ids[2]), other, 0o644))

	read := &recorder{}
	require.NoError(t, Read(dir, read))
	require.Equal(t, ids, read.ids())
	for i := range ids {
		assert.True(t, sameValues(live.runs[i].Values, read.runs[i].Values), ids[i])
	}
	for _, id := range ids[:3] {
		data, err := os.ReadFile(valuesPath(dir, id))
		require.NoError(t, err, "made again by the lock holder")
		record, err := os.ReadFile(RecordPath(dir, id))
		require.NoError(t, err)
		_, problem := decodeValues(data, id, plan.Hash, record)
		assert.Empty(t, problem, id)
	}

	// Encoding round trip, and what a decoder refuses.
	record, _ := os.ReadFile(RecordPath(dir, ids[4]))
	data, err := encodeValues(ids[4], plan.Hash, record, live.runs[4].Values)
	require.NoError(t, err)
	v, problem := decodeValues(data, ids[4], plan.Hash, record)
	require.Empty(t, problem)
	assert.True(t, sameValues(live.runs[4].Values, v))
	for name, c := range map[string]struct {
		id, hash string
		record   []byte
		want     string
	}{
		"another run":   {ids[5], plan.Hash, record, "holds run"},
		"another sweep": {ids[4], "x", record, "another sweep"},
		"a new record":  {ids[4], plan.Hash, append([]byte("x"), record...), "not made from the stored record"},
	} {
		_, problem := decodeValues(data, c.id, c.hash, c.record)
		assert.Contains(t, problem, c.want, name)
	}
	raw, err := gunzipAll(data, maxValuesBytes)
	require.NoError(t, err)
	cut, _ := gzipped(func(w io.Writer) error { _, err := w.Write(raw[:len(raw)-5]); return err })
	_, problem = decodeValues(cut, ids[4], plan.Hash, record)
	assert.Equal(t, "is cut short", problem)
}

func TestAFolderHoldsOneSweep(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	execute(t, sweeptest.MustPlan(t, sweeptest.TwoArms), Options{Out: dir})
	_, err := Execute(context.Background(), sweeptest.MustPlan(t, strings.Replace(sweeptest.TwoArms, "days: 60", "days: 30", 1)), Options{Out: dir})
	var ie sweep.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, err.Error(), "holds the results of a different sweep")

	// More replications of the same sweep reuse the finished runs.
	r, rec := execute(t, sweeptest.MustPlan(t, strings.Replace(sweeptest.TwoArms, "replications: 4", "replications: 6", 1)), Options{Out: dir})
	assert.Equal(t, 8, r.Skipped)
	assert.Equal(t, 4, r.Done)
	assert.Len(t, rec.runs, 12)
}

func TestRunIsReproducibleFromTheFolder(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	execute(t, plan, Options{Out: dir})
	stored, err := LoadPlan(dir)
	require.NoError(t, err)
	spec, err := sweep.ParseRunID("never.p0000.r00003")
	require.NoError(t, err)
	l, err := stored.Scenario(spec)
	require.NoError(t, err)
	rec, err := ReadRecord(dir, "never.p0000.r00003")
	require.NoError(t, err)
	assert.Equal(t, rec.ScenarioHash, l.Hash)
	assert.Equal(t, "never", l.Scenario.Policies.Detainers.String())
	_, err = sweep.ParseRunID("never-3")
	assert.Error(t, err)
	_, err = stored.Scenario(sweep.RunSpec{Arm: "nope"})
	assert.Error(t, err)
}

func TestShardDirsExpandsAParentFolder(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	parent := t.TempDir()
	for i := range 2 {
		_, err := Execute(context.Background(), plan, Options{Out: filepath.Join(parent, string(rune('a'+i))), Shard: Shard{i, 2}})
		require.NoError(t, err)
	}
	dirs, err := ShardDirs([]string{parent})
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(parent, "a"), filepath.Join(parent, "b")}, dirs)
	_, err = ShardDirs([]string{t.TempDir()})
	assert.ErrorContains(t, err, "holds none")
	_, err = ShardDirs([]string{filepath.Join(parent, "missing")})
	var ie sweep.InputError
	assert.ErrorAs(t, err, &ie, "a folder that cannot be read is bad input")
	_, err = ParseShard("3/3")
	assert.Error(t, err)
	s, err := ParseShard("2/3")
	require.NoError(t, err)
	assert.Equal(t, Shard{2, 3}, s)
}

// Only a failure of the results folder itself stops a sweep.
func TestAFolderFailureStopsTheSweep(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	// runs/ is a file: no record can be stored.
	require.NoError(t, os.WriteFile(filepath.Join(dir, RunsDir), []byte("x"), 0o644))
	_, err := Execute(context.Background(), plan, Options{Out: dir})
	require.Error(t, err)
	var ie sweep.InputError
	assert.False(t, errors.As(err, &ie))
}

func TestWorkersOutsideTheirRangeAreRefused(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	for _, w := range []int{-1, -1000, MaxWorkers + 1, 1_000_000} {
		_, err := Execute(context.Background(), plan, Options{Out: t.TempDir(), Workers: w})
		var ie sweep.InputError
		require.ErrorAs(t, err, &ie, w)
		assert.Contains(t, err.Error(), "allowed: 0 (one per core")
	}
	// More workers than runs: as many as there are runs.
	r, rec := execute(t, plan, Options{Workers: MaxWorkers})
	assert.Equal(t, 8, r.Done)
	assert.Len(t, rec.runs, 8)
	n, err := checkWorkers(MaxWorkers, 8)
	require.NoError(t, err)
	assert.Equal(t, 8, n)
}

func TestPlansThatCannotRunAreRefused(t *testing.T) {
	t.Parallel()
	_, err := Execute(context.Background(), &sweep.Plan{Arms: []sweep.Arm{{Name: "a"}}, Sweep: sweep.Sweep{Replications: 1}, Hash: "x"}, Options{Out: t.TempDir()})
	assert.ErrorContains(t, err, "no runs")
	ci := sweeptest.MustPlan(t, "days: 10\nreplications: 2\narms: {a: {}}\nuntil_ci: {metric: crimes.reporting_rate, half_width: 1, max_replications: 4}\n")
	_, err = Execute(context.Background(), ci, Options{Out: t.TempDir(), Shard: Shard{0, 2}})
	assert.ErrorContains(t, err, "cannot be combined with --shard")
	assert.PanicsWithValue(t, "runner: a Sink needs the whole sweep, not a shard", func() {
		Execute(context.Background(), sweeptest.MustPlan(t, sweeptest.TwoArms), Options{Out: t.TempDir(), Shard: Shard{0, 2}, Sink: &recorder{}})
	})
}

// preparer is a recorder that prepares: Prepare counts its calls and
// returns the run's ID, which Run must get back with the run.
type preparer struct {
	recorder
	calls atomic.Int32
}

func (p *preparer) Prepare(r Run) any {
	p.calls.Add(1)
	if r.Failure != nil {
		return "failed " + r.Spec.ID()
	}
	return r.Spec.ID()
}

// A Preparer sink gets, with every run of this execution, what its
// Prepare made of that run (on the worker); runs an earlier execution
// finished, and runs given by Read, come unprepared.
func TestAPreparerGetsItsPreparationWithEachRun(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	// A first execution, interrupted by a failing run, then the rest.
	first := &preparer{}
	_, err := Execute(context.Background(), plan, Options{Out: dir, Workers: 3, Sink: first, RunHook: func(s sweep.RunSpec) error {
		if s.Replication == 1 {
			return errors.New("boom")
		}
		return nil
	}})
	require.NoError(t, err)
	for _, run := range first.runs {
		want := run.Spec.ID()
		if run.Failure != nil {
			want = "failed " + want
		}
		assert.Equal(t, want, run.Prepared, "prepared with its own run")
	}
	assert.EqualValues(t, len(first.runs), first.calls.Load(), "once per run")

	again := &preparer{}
	_, err = Execute(context.Background(), plan, Options{Out: dir, Workers: 2, Sink: again})
	require.NoError(t, err)
	require.Equal(t, canonical(plan), again.ids())
	redone := 0
	for _, run := range again.runs {
		if run.Spec.Replication == 1 {
			redone++
			assert.Equal(t, run.Spec.ID(), run.Prepared, "run in this execution: prepared")
		} else {
			assert.Nil(t, run.Prepared, "%s: finished before, given unprepared", run.Spec.ID())
		}
	}
	assert.Positive(t, redone)
	assert.EqualValues(t, redone, again.calls.Load())

	read := &preparer{}
	require.NoError(t, Read(dir, read))
	for _, run := range read.runs {
		assert.Nil(t, run.Prepared)
	}
	assert.Zero(t, read.calls.Load())
}
