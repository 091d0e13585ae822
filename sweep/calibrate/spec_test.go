package calibrate

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

// Every bad key or value of a calibrate file or its targets is located.
func TestLoadLocatesProblems(t *testing.T) {
	t.Parallel()
	const targets = "metric,value,sd\ncrimes.reporting_rate,0.4,0.02\n"
	cases := map[string]struct{ spec, targets string }{
		"params.reporting.nope":          {"params:\n  reporting.nope: [0, 1]\ntargets: t.csv\n", targets},
		"params.reporting.fear_slope":    {"params:\n  reporting.fear_slope: [3, 1]\ntargets: t.csv\n", targets},
		"set.reporting.fear_slope":       {"params:\n  reporting.fear_slope: [1, 3]\nset:\n  reporting.fear_slope: 2\ntargets: t.csv\n", targets},
		"set.seed":                       {"params:\n  reporting.fear_slope: [1, 3]\nset: {seed: 4}\ntargets: t.csv\n", targets},
		"method":                         {"params:\n  reporting.fear_slope: [1, 3]\nmethod: annealing\ntargets: t.csv\n", targets},
		"history_matching.cutoff":        {"params:\n  reporting.fear_slope: [1, 3]\nhistory_matching: {cutoff: -1}\ntargets: t.csv\n", targets},
		"targets: \"nope.csv\"":          {"params:\n  reporting.fear_slope: [1, 3]\ntargets: nope.csv\n", targets},
		"column metric: \"crimes.nope\"": {"params:\n  reporting.fear_slope: [1, 3]\ntargets: t.csv\n", "metric,value,sd\ncrimes.nope,1,1\n"},
		"line 2, column value: is given": {"params:\n  reporting.fear_slope: [1, 3]\ntargets: t.csv\n", "metric,value,low,high\nclearance.rate,0.3,0.2,0.4\n"},
		"line 3, column kind":            {"params:\n  reporting.fear_slope: [1, 3]\ntargets: t.csv\n", "metric,value,kind\nclearance.rate,0.3,mean\nclearance.rate,0.3,typical\n"},
		"column high: 0.1 is not above":  {"params:\n  reporting.fear_slope: [1, 3]\ntargets: t.csv\n", "metric,low,high\nclearance.rate,0.2,0.1\n"},
		"\"colour\" is not a column":     {"params:\n  reporting.fear_slope: [1, 3]\ntargets: t.csv\n", "metric,colour\nclearance.rate,red\n"},
		"set.reporting.fear_slop":        {"params:\n  trust.half_life_days: [10, 100]\nset: {reporting.fear_slop: 2}\ntargets: t.csv\n", targets},
		"abc_smc.budget: 10 is below":    {"params:\n  reporting.fear_slope: [1, 3]\nmethod: abc_smc\nabc_smc: {budget: 10}\ntargets: t.csv\n", targets},
		"is neither a file next to the calibrate file nor a bundled scenario": {"base: nowhere\nparams:\n  reporting.fear_slope: [1, 3]\ntargets: t.csv\n", targets},
	}
	for want, c := range cases {
		t.Run(want, func(t *testing.T) {
			t.Parallel()
			dir := writeFiles(t, map[string]string{"cal.yaml": c.spec, "t.csv": c.targets})
			_, err := Load(filepath.Join(dir, "cal.yaml"), nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
			assert.Contains(t, err.Error(), "cal.yaml")
		})
	}
}

// §6.3 (6): a value without an sd gets 5 % of it, with a warning; the
// default discrepancy is 5 % of the value (of a range's midpoint).
func TestTargetDefaults(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"t.csv": "metric,value,sd,low,high,kind,discrepancy\ndetainers.issued,169,,,,,\nclearance.rate,,,0.2,0.4,,\nclearance.rate,0.3,0.02,,,realisation,0.01\n"})
	ts, warns, err := ReadTargets(filepath.Join(dir, "t.csv"), 0.05)
	require.NoError(t, err)
	require.Len(t, ts, 3)
	assert.InDelta(t, 8.45, ts[0].SD, 1e-12)
	assert.InDelta(t, 8.45, ts[0].Discrepancy, 1e-12)
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], "t.csv:2: detainers.issued has no sd; assuming 5% of the value (8.45)")
	assert.True(t, ts[1].Range)
	assert.InDelta(t, 0.015, ts[1].Discrepancy, 1e-12)
	assert.Equal(t, MatchRealisation, ts[2].Matching)
	assert.Equal(t, 0.01, ts[2].Discrepancy)
}

// check-model as targets: the facts that are one baseline metric, as
// ranges; the others listed as left out.
func TestCheckModelTargets(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"cal.yaml": "params:\n  reporting.fear_slope: [1, 3]\n"})
	c, err := Load(filepath.Join(dir, "cal.yaml"), nil)
	require.NoError(t, err)
	require.NotEmpty(t, c.Targets)
	require.NotEmpty(t, c.LeftOut)
	names := map[string]bool{}
	for _, tg := range c.Targets {
		assert.True(t, tg.Range, tg.Name)
		assert.Greater(t, tg.Discrepancy, 0.0, tg.Name)
		names[tg.Name] = true
	}
	assert.True(t, names["undocumented_reporting"])
	assert.Equal(t, 10*1, c.Points())
}

// ABC-SMC on the model writes a weighted posterior and a parameter set; a
// run resumed from its stored batches writes the same.
func TestABCOnTheModel(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"cal.yaml": "name: abc\nmethod: abc_smc\ntargets: t.csv\nseed: 2\ndays: 30\nparams:\n  reporting.fear_slope: [0.5, 4]\nabc_smc: {population: 8, generations: 2, budget: 300}\n",
		"t.csv":    "metric,value,sd\ncrimes.by_group.undocumented.rate,0.17,0.03\n",
	})
	c, err := Load(filepath.Join(dir, "cal.yaml"), nil)
	require.NoError(t, err)
	out := filepath.Join(dir, "out")
	oc, err := Run(context.Background(), c, Options{Out: out, Workers: 2, Date: "2026-01-01"})
	require.NoError(t, err)
	require.Len(t, oc.ABC.Generations, 3, oc.ABC.Stopped)
	post := oc.ABC.Posterior()
	assert.InDelta(t, 1, sum(post.Weights), 1e-12)
	assert.LessOrEqual(t, post.Epsilon, oc.ABC.Generations[1].Epsilon)
	read := func() map[string]string {
		m := map[string]string{}
		for _, f := range []string{"posterior.csv", "generations.csv", "ranges.csv", ParamSetFile} {
			b, err := os.ReadFile(filepath.Join(out, f))
			require.NoError(t, err)
			m[f] = string(b)
		}
		return m
	}
	want := read()
	assert.Contains(t, want[ParamSetFile], "chosen: \"posterior mean")
	require.NoError(t, os.RemoveAll(filepath.Join(out, "abc", "gen-2")))
	_, err = Run(context.Background(), c, Options{Out: out, Workers: 1, Date: "2026-01-01"})
	require.NoError(t, err)
	assert.Equal(t, want, read())
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// A sweep takes a parameter set file in its base scenario or an arm
// (relative to the base scenario's folder), its values in force.
func TestSweepUsesParameterSetFile(t *testing.T) {
	t.Parallel()
	base, ok := scenarios.Bundled("baseline")
	require.True(t, ok)
	dir := writeFiles(t, map[string]string{
		"city.yaml":     string(base),
		"p.params.yaml": "name: p\nvalues: {reporting.fear_slope: 1.1}\n",
		"sw.yaml":       "name: s\nbase: city.yaml\ndays: 30\nreplications: 1\narms:\n  plain: {}\n  calibrated: {parameter_set_files: [p.params.yaml]}\n  bad: {parameter_set_files: [p.params.yaml], reporting.fear_slope: 3}\n",
	})
	_, err := sweep.Load(filepath.Join(dir, "sw.yaml"), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "set here and by parameter set \"p\"")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sw.yaml"), []byte("name: s\nbase: city.yaml\ndays: 30\nreplications: 1\narms:\n  plain: {}\n  calibrated: {parameter_set_files: [p.params.yaml]}\n"), 0o644))
	plan, err := sweep.Load(filepath.Join(dir, "sw.yaml"), nil)
	require.NoError(t, err)
	plain, err := plan.ScenarioAt(0, 0)
	require.NoError(t, err)
	cal, err := plan.ScenarioAt(1, 0)
	require.NoError(t, err)
	assert.Equal(t, 2.2, plain.Scenario.Reporting.FearSlope)
	assert.Equal(t, 1.1, cal.Scenario.Reporting.FearSlope)
}

// The bundled example loads.
func TestExampleLoads(t *testing.T) {
	t.Parallel()
	c, err := Load(filepath.Join("..", "..", "scenarios", "calibrate", "calibrate-example.yaml"), nil)
	require.NoError(t, err)
	assert.Len(t, c.Params, 2)
	assert.Len(t, c.Targets, 3)
	assert.Empty(t, c.Warnings)
}
