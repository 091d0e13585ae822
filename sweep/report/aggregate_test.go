package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
)

// execute runs a sweep into opt.Out (a new folder if empty), its outputs
// written as the runs finish.
func execute(t *testing.T, plan *sweep.Plan, opt runner.Options) (*runner.Result, *Results) {
	t.Helper()
	if opt.Out == "" {
		opt.Out = t.TempDir()
	}
	agg := New()
	opt.Sink = agg
	res, err := runner.Execute(context.Background(), plan, opt)
	require.NoError(t, err)
	require.NotNil(t, agg.Results(), "a complete sweep has its outputs")
	return res, agg.Results()
}

// isInput reports whether err is bad input, as the command line's exit
// code tells.
func isInput(err error) bool {
	var es schema.Errors
	var in interface{ Input() bool }
	return errors.As(err, &es) || errors.As(err, &in) && in.Input()
}

func TestIdenticalArmsGiveExactlyZeroDifference(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, `days: 60
replications: 5
arms:
  a: {}
  b: {policies.outreach: 0.2}
`)
	// b sets a key to the base scenario's own value: the same scenario.
	_, res := execute(t, plan, runner.Options{})
	require.True(t, res.Complete())
	checked := 0
	for _, m := range res.Metrics() {
		c, ok := res.Comparison("b", 0, m)
		require.True(t, ok, m)
		if c.N < 2 {
			continue // too few pairs for an interval
		}
		checked++
		assert.Zero(t, c.Diff, c.Metric)
		assert.Zero(t, c.Lo, c.Metric)
		assert.Zero(t, c.Hi, c.Metric)
	}
	assert.Greater(t, checked, 50)
}

func TestPairedIntervalsAreNarrowerOnTheBundledComparison(t *testing.T) {
	t.Parallel()
	plan, err := sweep.Load("policy-comparison", []string{"replications=12", "days=120"})
	require.NoError(t, err)
	require.Len(t, plan.Arms, 5)
	_, res := execute(t, plan, runner.Options{})
	for _, a := range plan.Arms[1:] {
		for _, m := range []string{"crimes.reporting_rate", "crimes.by_group.undocumented.rate", "witnesses.cooperation_rate", "clearance.rate", "trust.undocumented.mean"} {
			c, ok := res.Comparison(a.Name, 0, m)
			require.True(t, ok)
			assert.Less(t, c.PairedHalfWidth, c.UnpairedHalfWidth, "%s %s: paired %.5f unpaired %.5f", a.Name, m, c.PairedHalfWidth, c.UnpairedHalfWidth)
		}
	}
	// And the comparison itself: never honoring holds nobody.
	c, _ := res.Comparison("never_honor", 0, "detainers.honored")
	s, _ := res.Stat("never_honor", 0, "detainers.honored")
	assert.Zero(t, s.Mean)
	assert.Less(t, c.Diff, 0.0)
}

func TestOutputsAreWrittenAndReadable(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	r, res := execute(t, plan, runner.Options{Out: dir})
	assert.Equal(t, 8, r.Planned)
	assert.Equal(t, 8, r.Done)
	assert.Equal(t, 8, res.Present)
	for _, f := range []string{"runs.csv", "runs.parquet", "series.parquet", "summary.csv", "comparisons.csv", "failures.csv", "manifest.json", "sweep.json"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.Greater(t, st.Size(), int64(10), f)
	}
	csvText, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
	lines := strings.Split(strings.TrimSpace(string(csvText)), "\n")
	assert.Len(t, lines, 9, "a header and one row per run")
	assert.True(t, strings.HasPrefix(lines[0], "run_id,arm,point,replication,seed,scenario_hash,"))
	assert.True(t, strings.HasPrefix(lines[1], "baseline.p0000.r00000,baseline,0,0,1,"))

	pf := openRunsParquet(t, dir)
	assert.EqualValues(t, 8, pf.NumRows())
	var cols []string
	for _, c := range pf.Schema().Columns() {
		cols = append(cols, c[0])
	}
	assert.Contains(t, cols, "crimes.reporting_rate")
	assert.Contains(t, cols, "run_id")
	rows := make([]parquet.Row, 8)
	n, _ := parquet.NewReader(pf).ReadRows(rows)
	require.Equal(t, 8, n)
	idx := -1
	for i, c := range cols {
		if c == "arm" {
			idx = i
		}
	}
	assert.Equal(t, "baseline", rows[0][idx].String())

	series, err := parquet.ReadFile[seriesRow](filepath.Join(dir, "series.parquet"))
	require.NoError(t, err)
	assert.Greater(t, len(series), 8*8*10, "weekly series of every run")
	assert.Equal(t, "baseline.p0000.r00000", series[0].RunID)

	assert.True(t, res.Manifest.Complete)
	assert.Equal(t, plan.Hash, res.Manifest.SweepHash)
	assert.Equal(t, []string{"baseline", "never"}, res.Manifest.Arms)
	assert.NotEmpty(t, res.Manifest.Versions)
}

func TestFailedRunsAreRecordedAndTheRestGoOn(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	opt := runner.Options{Out: dir, RunHook: func(s sweep.RunSpec) error {
		if s.Arm == "never" && s.Replication == 2 {
			return errors.New("boom")
		}
		if s.Arm == "baseline" && s.Replication == 3 {
			panic("kaboom")
		}
		return nil
	}}
	r, res := execute(t, plan, opt)
	assert.Equal(t, 2, r.Failed)
	assert.Equal(t, 6, r.Done)
	assert.Equal(t, 2, res.Failed)
	assert.False(t, res.Complete())
	require.Len(t, res.Failures, 2)
	b, _ := os.ReadFile(filepath.Join(dir, "failures.csv"))
	assert.Contains(t, string(b), "never.p0000.r00002,never,0,2,1,boom")
	assert.Contains(t, string(b), "panic: kaboom")
	// Replication 2 has no pair for "never": 3 pairs remain.
	c, _ := res.Comparison("never", 0, "crimes.occurred")
	assert.Equal(t, 2, c.N)

	// Run again without the fault: only the failed runs are redone.
	r2, res2 := execute(t, plan, runner.Options{Out: dir})
	assert.Equal(t, 6, r2.Skipped)
	assert.Equal(t, 2, r2.Done)
	assert.True(t, res2.Complete())
	assert.Empty(t, res2.Failures)
}

// interruptAfter cancels the context after n runs have started.
func interruptAfter(n int32, cancel context.CancelFunc) func(sweep.RunSpec) error {
	var started atomic.Int32
	return func(sweep.RunSpec) error {
		if started.Add(1) > n {
			cancel()
		}
		return nil
	}
}

func TestInterruptedSweepResumesToIdenticalOutputs(t *testing.T) {
	t.Parallel()
	text := `days: 45
replications: 6
arms:
  baseline: {}
  tf: {agreements.g287.model: task_force}
  never: {policies.detainers: never}
`
	plan := sweeptest.MustPlan(t, text)
	whole := t.TempDir()
	_, _ = execute(t, plan, runner.Options{Out: whole})

	part := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	r, err := runner.Execute(ctx, plan, runner.Options{Out: part, Workers: 2, RunHook: interruptAfter(7, cancel)})
	require.NoError(t, err)
	assert.True(t, r.Interrupted)
	assert.Less(t, r.Done, 18)
	first := r.Done

	// The resumed sweep writes its outputs as its runs finish, from the
	// runs done before and now; aggregating the folder again gives the
	// same.
	r2, _ := execute(t, plan, runner.Options{Out: part, Workers: 2})
	assert.Equal(t, first, r2.Skipped)
	assert.Equal(t, 18-first, r2.Done)
	sameOutputs(t, whole, part)
	_, err = Aggregate(part)
	require.NoError(t, err)
	sameOutputs(t, whole, part)
}

// sameOutputs compares the aggregate outputs of two results folders byte
// for byte (the manifest without its times and paths).
func sameOutputs(t *testing.T, a, b string) {
	t.Helper()
	files := []string{"runs.csv", "runs.parquet", "series.parquet", seriesCSVFile, "summary.csv", "comparisons.csv", "failures.csv", "report.html"}
	plots, _ := filepath.Glob(filepath.Join(a, "plots", "*"))
	for _, p := range plots {
		files = append(files, filepath.Join("plots", filepath.Base(p)))
	}
	for _, f := range files {
		x, err := os.ReadFile(filepath.Join(a, f))
		require.NoError(t, err, f)
		y, err := os.ReadFile(filepath.Join(b, f))
		require.NoError(t, err, f)
		assert.True(t, string(x) == string(y), "%s differs", f)
	}
	ma, mb := readManifest(t, a), readManifest(t, b)
	ma.Started, ma.Ended, mb.Started, mb.Ended = "", "", "", ""
	assert.Equal(t, ma, mb)
}

func TestShardsMergeToTheSingleMachineResult(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	whole := t.TempDir()
	execute(t, plan, runner.Options{Out: whole})
	var shards []string
	total := 0
	for i := range 3 {
		d := t.TempDir()
		r, err := runner.Execute(context.Background(), plan, runner.Options{Out: d, Shard: runner.Shard{Index: i, Count: 3}})
		require.NoError(t, err)
		total += r.Done
		shards = append(shards, d)
	}
	assert.Equal(t, 8, total, "the shards split the runs without overlap")
	merged := t.TempDir()
	res, err := Merge(merged, shards)
	require.NoError(t, err)
	assert.True(t, res.Complete())
	sameOutputs(t, whole, merged)

	// Missing a shard: the merge says what is missing.
	partial := t.TempDir()
	res, err = Merge(partial, shards[:2])
	require.NoError(t, err)
	assert.False(t, res.Complete())
	assert.Less(t, res.Present, 8)

	// Shards of different sweeps do not mix.
	other := sweeptest.MustPlan(t, strings.Replace(sweeptest.TwoArms, "days: 60", "days: 61", 1))
	od := t.TempDir()
	_, err = runner.Execute(context.Background(), other, runner.Options{Out: od, Shard: runner.Shard{Index: 0, Count: 3}})
	require.NoError(t, err)
	_, err = Merge(t.TempDir(), []string{shards[0], od})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds a different sweep")
}

func TestUntilCIAddsReplicationsUntilNarrow(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, `days: 30
replications: 4
arms:
  baseline: {}
  never: {policies.detainers: never}
until_ci:
  metric: crimes.reporting_rate
  half_width: 0.012
  max_replications: 40
  step: 4
`)
	r, res := execute(t, plan, runner.Options{})
	require.NotNil(t, r.Needed)
	for _, a := range plan.Arms {
		n := r.Needed[a.Name][0]
		assert.Greater(t, n, 4, "%s needed more than the initial replications", a.Name)
		s, _ := res.Stat(a.Name, 0, "crimes.reporting_rate")
		assert.Equal(t, n, s.N)
		if n < 40 {
			assert.LessOrEqual(t, (s.Hi-s.Lo)/2, 0.012, a.Name)
		}
	}
	_, err := runner.Execute(context.Background(), plan, runner.Options{Out: t.TempDir(), Shard: runner.Shard{Index: 0, Count: 2}})
	assert.ErrorContains(t, err, "cannot be combined with --shard")
}

func readManifest(t *testing.T, dir string) Manifest {
	t.Helper()
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	require.NoError(t, err)
	require.NoError(t, jsonUnmarshal(b, &m))
	return m
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func TestAMissedUntilCITargetIsSaid(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, "days: 20\nreplications: 2\narms: {a: {}, b: {policies.detainers: never}}\n"+
		"until_ci: {metric: crimes.reporting_rate, half_width: 0.000001, max_replications: 4, step: 2}\n")
	dir := t.TempDir()
	r, res := execute(t, plan, runner.Options{Out: dir})
	require.Len(t, r.CIMissed, 2)
	require.Len(t, res.CIMissed, 2)
	for i, m := range res.CIMissed {
		assert.Equal(t, plan.Arms[i].Name, m.Arm)
		assert.Equal(t, 4, m.N, "at max_replications")
		assert.Greater(t, float64(m.HalfWidth), 0.000001)
		assert.Equal(t, r.CIMissed[i].N, m.N)
	}
	m := readManifest(t, dir)
	require.NotNil(t, m.UntilCI)
	assert.False(t, m.UntilCI.Met)
	assert.Len(t, m.UntilCI.Missed, 2)
	var head bytes.Buffer
	require.NoError(t, WriteHeadline(&head, res))
	joined := strings.Join(strings.Fields(head.String()), " ") // the note is wrapped
	assert.Contains(t, joined, "The until_ci target was missed: the 95% interval of Reporting rate, all victims (crimes.reporting_rate)")
	assert.Contains(t, joined, "arm a: ±")
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	assert.Contains(t, string(html), `<div class="notice" id="until-ci">`)

	// A target that is met says nothing.
	plan = sweeptest.MustPlan(t, "days: 20\nreplications: 2\narms: {a: {}}\nuntil_ci: {metric: crimes.reporting_rate, half_width: 1, max_replications: 4}\n")
	r, res = execute(t, plan, runner.Options{})
	assert.Empty(t, r.CIMissed)
	assert.Empty(t, res.CIMissed)
	assert.True(t, res.Manifest.UntilCI.Met)
	assert.NotNil(t, res.Manifest.UntilCI.Missed, "an empty list, not null")
}

// 'report' on a folder a sweep is writing reads the runs finished so far
// and touches none of the writer's files; the sweep is not disturbed.
func TestReportDuringASweepLeavesTheWriterAlone(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	started := make(chan struct{})
	proceed := make(chan struct{})
	var blocked atomic.Int32
	hook := func(s sweep.RunSpec) error {
		if s.Replication == 2 {
			if blocked.Add(1) == 2 {
				close(started) // both workers wait: replications 0 and 1 are stored
			}
			<-proceed
		}
		return nil
	}
	type outcome struct {
		r   *runner.Result
		err error
	}
	done := make(chan outcome)
	go func() {
		r, err := runner.Execute(context.Background(), plan, runner.Options{Out: dir, Workers: 2, RunHook: hook})
		done <- outcome{r, err}
	}()
	<-started
	// A temporary file the writer is in the middle of writing.
	tmp, err := fsutil.CreateTemp(filepath.Join(dir, runner.RunsDir), "baseline.p0000.r00002.json.gz")
	require.NoError(t, err)
	tmp.Close()

	res, err := Aggregate(dir)
	require.NoError(t, err)
	require.NotNil(t, res.Writer, "the results say the folder is being written")
	assert.Equal(t, os.Getpid(), res.Writer.PID)
	assert.False(t, res.Complete())
	assert.Equal(t, 4, res.Present, "the runs of replications 0 and 1")
	assert.FileExists(t, tmp.Name(), "the writer's temporary file is untouched")
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	assert.Contains(t, string(html), "was still writing the folder")

	// A second sweep stops at once; the first goes on to the end.
	_, err = runner.Execute(context.Background(), plan, runner.Options{Out: dir})
	var busy *runner.BusyError
	assert.ErrorAs(t, err, &busy)
	close(proceed)
	o := <-done
	require.NoError(t, o.err)
	assert.Equal(t, 8, o.r.Done)
	res, err = Aggregate(dir)
	require.NoError(t, err)
	assert.Nil(t, res.Writer)
	assert.True(t, res.Complete())
	_, err = os.Stat(tmp.Name())
	assert.True(t, errors.Is(err, os.ErrNotExist), "the lock holder removes leftover temporary files")
}

// The tables a sweep writes as its runs finish — each run prepared on its
// worker (runner.Preparer), then appended in canonical order — are byte
// for byte those that aggregating the folder afterwards writes, where no
// run is prepared; whatever the workers.
func TestPreparedRunsGiveTheTablesOfAnAggregation(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, `days: 40
replications: 3
arms:
  a: {}
  b: {policies.outreach: 0.6}
`)
	files := []string{"runs.csv", "runs.parquet", "series.parquet", seriesCSVFile, "summary.csv", "comparisons.csv"}
	var first map[string][]byte
	for _, workers := range []int{1, 3} {
		dir := t.TempDir()
		execute(t, plan, runner.Options{Out: dir, Workers: workers})
		live := map[string][]byte{}
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(dir, f))
			require.NoError(t, err)
			live[f] = b
		}
		_, err := Aggregate(dir)
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(dir, f))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(live[f], b), "%s, %d workers: written live = aggregated", f, workers)
			if first != nil {
				assert.True(t, bytes.Equal(first[f], b), "%s: the same with %d workers as with 1", f, workers)
			}
		}
		first = live
	}
}
