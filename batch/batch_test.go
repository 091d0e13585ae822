package batch

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/schema"
)

// writeSweep writes a sweep file into a temporary folder and returns its
// path.
func writeSweep(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "sweep.yaml")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

func mustPlan(t *testing.T, text string) *Plan {
	t.Helper()
	plan, err := LoadSweep(writeSweep(t, text), nil)
	require.NoError(t, err)
	return plan
}

func execute(t *testing.T, plan *Plan, opt Options) (*Result, *Results) {
	t.Helper()
	if opt.Out == "" {
		opt.Out = t.TempDir()
	}
	res, err := Execute(context.Background(), plan, opt)
	require.NoError(t, err)
	agg, err := Aggregate(opt.Out)
	require.NoError(t, err)
	return res, agg
}

const twoArms = `name: t
days: 60
replications: 4
arms:
  baseline: {}
  never: {policies.detainers: never}
`

func TestIdenticalArmsGiveExactlyZeroDifference(t *testing.T) {
	plan := mustPlan(t, `days: 60
replications: 5
arms:
  a: {}
  b: {policies.outreach: 0.2}
`)
	// b sets a key to the base scenario's own value: the same scenario.
	_, res := execute(t, plan, Options{})
	require.True(t, res.Complete())
	checked := 0
	for _, c := range res.Comparisons {
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
	plan, err := LoadSweep("policy-comparison", []string{"replications=12", "days=120"})
	require.NoError(t, err)
	require.Len(t, plan.Arms, 5)
	_, res := execute(t, plan, Options{})
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
	plan := mustPlan(t, twoArms)
	dir := t.TempDir()
	r, res := execute(t, plan, Options{Out: dir})
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

	f, err := os.Open(filepath.Join(dir, "runs.parquet"))
	require.NoError(t, err)
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	require.NoError(t, err)
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
	plan := mustPlan(t, twoArms)
	dir := t.TempDir()
	opt := Options{Out: dir, runHook: func(s RunSpec) error {
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
	r2, res2 := execute(t, plan, Options{Out: dir})
	assert.Equal(t, 6, r2.Skipped)
	assert.Equal(t, 2, r2.Done)
	assert.True(t, res2.Complete())
	assert.Empty(t, res2.Failures)
}

// interruptAfter cancels the context after n runs have started.
func interruptAfter(n int32, cancel context.CancelFunc) func(RunSpec) error {
	var started atomic.Int32
	return func(RunSpec) error {
		if started.Add(1) > n {
			cancel()
		}
		return nil
	}
}

func TestInterruptedSweepResumesToIdenticalOutputs(t *testing.T) {
	text := `days: 45
replications: 6
arms:
  baseline: {}
  tf: {agreements.g287.model: task_force}
  never: {policies.detainers: never}
`
	plan := mustPlan(t, text)
	whole := t.TempDir()
	_, _ = execute(t, plan, Options{Out: whole})

	part := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	r, err := Execute(ctx, plan, Options{Out: part, Workers: 2, runHook: interruptAfter(7, cancel)})
	require.NoError(t, err)
	assert.True(t, r.Interrupted)
	assert.Less(t, r.Done, 18)
	first := r.Done

	r2, err := Execute(context.Background(), plan, Options{Out: part})
	require.NoError(t, err)
	assert.Equal(t, first, r2.Skipped)
	assert.Equal(t, 18-first, r2.Done)
	_, err = Aggregate(part)
	require.NoError(t, err)
	sameOutputs(t, whole, part)
}

// sameOutputs compares the aggregate outputs of two results folders byte
// for byte (the manifest without its times and paths).
func sameOutputs(t *testing.T, a, b string) {
	t.Helper()
	files := []string{"runs.csv", "runs.parquet", "series.parquet", "summary.csv", "comparisons.csv", "failures.csv", "report.html"}
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
	plan := mustPlan(t, twoArms)
	whole := t.TempDir()
	execute(t, plan, Options{Out: whole})
	var shards []string
	total := 0
	for i := range 3 {
		d := t.TempDir()
		r, err := Execute(context.Background(), plan, Options{Out: d, Shard: Shard{i, 3}})
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
	other := mustPlan(t, strings.Replace(twoArms, "days: 60", "days: 61", 1))
	od := t.TempDir()
	_, err = Execute(context.Background(), other, Options{Out: od, Shard: Shard{0, 3}})
	require.NoError(t, err)
	_, err = Merge(t.TempDir(), []string{shards[0], od})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds a different sweep")
}

func TestAFolderHoldsOneSweep(t *testing.T) {
	dir := t.TempDir()
	execute(t, mustPlan(t, twoArms), Options{Out: dir})
	_, err := Execute(context.Background(), mustPlan(t, strings.Replace(twoArms, "days: 60", "days: 30", 1)), Options{Out: dir})
	require.Error(t, err)
	assert.True(t, IsInputError(err))
	assert.Contains(t, err.Error(), "holds the results of a different sweep")

	// More replications of the same sweep reuse the finished runs.
	r, _ := execute(t, mustPlan(t, strings.Replace(twoArms, "replications: 4", "replications: 6", 1)), Options{Out: dir})
	assert.Equal(t, 8, r.Skipped)
	assert.Equal(t, 4, r.Done)
}

func TestRunIsReproducibleFromTheFolder(t *testing.T) {
	plan := mustPlan(t, twoArms)
	dir := t.TempDir()
	execute(t, plan, Options{Out: dir})
	stored, err := LoadPlan(dir)
	require.NoError(t, err)
	spec, err := ParseRunID("never.p0000.r00003")
	require.NoError(t, err)
	l, err := stored.Scenario(spec)
	require.NoError(t, err)
	rec, err := ReadRecord(dir, "never.p0000.r00003")
	require.NoError(t, err)
	assert.Equal(t, rec.ScenarioHash, l.Hash)
	assert.Equal(t, "never", l.Scenario.Policies.Detainers.String())
	_, err = ParseRunID("never-3")
	assert.Error(t, err)
	_, err = stored.Scenario(RunSpec{Arm: "nope"})
	assert.Error(t, err)
}

func TestUntilCIAddsReplicationsUntilNarrow(t *testing.T) {
	plan := mustPlan(t, `days: 30
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
	r, res := execute(t, plan, Options{})
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
	_, err := Execute(context.Background(), plan, Options{Out: t.TempDir(), Shard: Shard{0, 2}})
	assert.ErrorContains(t, err, "cannot be combined with --shard")
}

func TestSweepFileErrors(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"unknown key", "replicatons: 3\narms: {a: {}}\n", []string{"sweep.yaml:1: replicatons: is not a known key", "did you mean replications?"}},
		{"bad arm key", "arms:\n  a: {}\n  b:\n    policies.detainer: never\n", []string{"sweep.yaml:4 (arm b): policies.detainer: is not a known key", "did you mean detainers?"}},
		{"bad arm value", "arms:\n  b:\n    policies: {detainers: maybe}\n", []string{"sweep.yaml:3 (arm b): policies.detainers: \"maybe\" is not an allowed value"}},
		{"no arms", "name: x\n", []string{"arms: has no arms"}},
		{"bad arm name", "arms:\n  Big Arm: {}\n", []string{"is not lower case"}},
		{"baseline arm", "baseline_arm: z\narms: {a: {}}\n", []string{"sweep.yaml:1: baseline_arm: \"z\" is not one of the arms"}},
		{"metric", "metrics: [crimes.reporting_rat]\narms: {a: {}}\n", []string{"metrics[0]: \"crimes.reporting_rat\" is not a summary metric", "did you mean crimes.reporting_rate?"}},
		{"base", "base: nowhere.yaml\narms: {a: {}}\n", []string{"base: \"nowhere.yaml\" is neither a file"}},
		{"design key", "vary: {design: grid, params: {policies.nope: [1, 2]}}\narms: {a: {}}\n", []string{"vary.params.policies.nope", "is not a scenario key"}},
		{"design range", "vary: {design: lhs, params: {policies.outreach: [1, 0]}}\narms: {a: {}}\n", []string{"is not a range"}},
		{"design numeric", "vary: {design: lhs, params: {policies.detainers: [a, b]}}\narms: {a: {}}\n", []string{"is not numeric"}},
		{"design value", "vary: {design: grid, params: {policies.outreach: [0.5, 3]}}\narms: {a: {}}\n", []string{"(design point 1): policies.outreach: 3 is out of range"}},
		{"until_ci", "until_ci: {metric: clearance.rate}\narms: {a: {}}\n", []string{"until_ci.half_width: 0 must be positive"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadSweep(writeSweep(t, tc.text), nil)
			require.Error(t, err)
			assert.True(t, IsInputError(err), "%T %v", err, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	var es schema.Errors
	_, err := LoadSweep(writeSweep(t, "replications: 0\nseed: -1\narms: {a: {}}\n"), nil)
	require.ErrorAs(t, err, &es)
	assert.Len(t, es, 2, "errors are reported together")
}

func TestDesigns(t *testing.T) {
	grid := mustPlan(t, `arms: {a: {}, b: {policies.detainers: never}}
vary:
  design: grid
  params:
    policies.outreach: [0, 0.5, 1]
    ice.teams: [1, 3]
`)
	assert.Equal(t, []string{"ice.teams", "policies.outreach"}, grid.ParamKeys)
	require.Len(t, grid.Points, 6)
	assert.Equal(t, []any{1, 0}, grid.Points[0].Values)
	assert.Equal(t, []any{3, 1}, grid.Points[5].Values)

	oat := mustPlan(t, `arms: {a: {}}
vary: {design: oat, params: {policies.outreach: [0, 1], ice.teams: [4]}}
`)
	require.Len(t, oat.Points, 4, "the base point and one per value")
	assert.Equal(t, []any{nil, nil}, oat.Points[0].Values)
	l, err := oat.scenario(0, oat.Points[0])
	require.NoError(t, err)
	assert.Equal(t, 0.2, l.Scenario.Policies.Outreach, "unset values keep the base scenario's")

	lhs := mustPlan(t, `arms: {a: {}}
vary: {design: lhs, points: 8, params: {policies.outreach: [0, 1], ice.teams: [1, 9]}}
`)
	require.Len(t, lhs.Points, 8)
	strata := map[int]bool{}
	for _, p := range lhs.Points {
		x := p.Values[1].(float64)
		strata[int(x*8)] = true
		_, isInt := p.Values[0].(int)
		assert.True(t, isInt, "an integer key gets whole numbers")
	}
	assert.Len(t, strata, 8, "one point in each stratum of each parameter")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pts.csv"), []byte("policies.detainers,policies.outreach\nnever,0.1\nhonor_all,0.9\n"), 0o644))
	sp := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(sp, []byte("arms: {a: {}}\nvary: {design: table, file: pts.csv}\n"), 0o644))
	table, err := LoadSweep(sp, nil)
	require.NoError(t, err)
	require.Len(t, table.Points, 2)
	assert.Equal(t, []any{"never", 0.1}, table.Points[0].Values)

	morris := mustPlan(t, `arms: {a: {}}
vary: {design: morris, trajectories: 3, levels: 4, params: {policies.outreach: [0, 1], trust.half_life_days: [30, 365]}}
`)
	require.Len(t, morris.Points, 3*3)
	info := morris.MorrisInfo()
	require.NotNil(t, info)
	assert.InDelta(t, 4.0/6, info.Delta, 1e-12)
	for i, st := range info.Steps {
		if st.Param < 0 {
			continue
		}
		// Exactly one parameter changes between consecutive points.
		changed := 0
		for j := range morris.ParamKeys {
			if morris.Points[i].Values[j] != morris.Points[i-1].Values[j] {
				changed++
			}
		}
		assert.Equal(t, 1, changed)
	}
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

func TestDeployFilesAreWellFormed(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "deploy", "kubernetes", "sweep-job.yaml"))
	require.NoError(t, err)
	docs := strings.Split(string(b), "\n---\n")
	require.Len(t, docs, 2)
	for _, d := range docs {
		var v map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(d), &v))
		assert.Equal(t, "batch/v1", v["apiVersion"])
		assert.Equal(t, "Job", v["kind"])
	}
	assert.Contains(t, docs[0], "completionMode: Indexed")
	assert.Contains(t, docs[0], "$(JOB_COMPLETION_INDEX)/$(SHARDS)") // deploy/kubernetes/check tests it fully
	out, err := exec.Command("bash", "-n", filepath.Join("..", "deploy", "slurm", "sweep.sbatch")).CombinedOutput()
	require.NoError(t, err, string(out))
	sb, _ := os.ReadFile(filepath.Join("..", "deploy", "slurm", "sweep.sbatch"))
	assert.Contains(t, string(sb), `--shard "$INDEX/$SHARDS"`) // deploy/slurm runs it on Slurm
}

func TestShardDirsExpandsAParentFolder(t *testing.T) {
	plan := mustPlan(t, twoArms)
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
	_, err = ParseShard("3/3")
	assert.Error(t, err)
	s, err := ParseShard("2/3")
	require.NoError(t, err)
	assert.Equal(t, Shard{2, 3}, s)
}
