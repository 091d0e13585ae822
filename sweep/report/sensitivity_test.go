package report

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/agencysim/agencysim/sweep/stats"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Morris screening of a parameter that cannot change reporting (the
// price of a jail bed-day) and one that must (the weight of fear in the
// decision to report), crossed with two arms.
const morrisSweep = `name: screening
days: 60
replications: 2
seed: 5
metrics: [crimes.by_group.undocumented.rate, costs.jail_cost]
arms:
  baseline: {}
  task_force: {agreements.g287.model: task_force}
vary:
  design: morris
  trajectories: 4
  levels: 4
  params:
    jail.bed_day_cost: [60, 180]
    reporting.fear_slope: [1.1, 3.3]
`

func TestMorrisScreeningFindsTheKnownAnswer(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, morrisSweep)
	dir := t.TempDir()
	_, res := execute(t, plan, runner.Options{Out: dir})
	find := func(arm, metric, param string) stats.Sensitivity {
		t.Helper()
		for _, s := range res.SensitivityOf(arm, metric) {
			if s.Param == param {
				return s
			}
		}
		t.Fatalf("no sensitivity row for %s %s %s", arm, metric, param)
		return stats.Sensitivity{}
	}
	for _, arm := range []string{"baseline", "task_force", "task_force minus baseline"} {
		// The bed-day price cannot change who reports.
		cost := find(arm, "crimes.by_group.undocumented.rate", "jail.bed_day_cost")
		assert.Zero(t, cost.MuStar, arm)
		assert.Zero(t, cost.Mu, arm)
		assert.Equal(t, 4, cost.N, "one effect per trajectory")
		assert.Equal(t, 2, cost.Rank, arm)
		fear := find(arm, "crimes.by_group.undocumented.rate", "reporting.fear_slope")
		assert.Equal(t, 1, fear.Rank, arm)
		if !strings.Contains(arm, "minus") {
			// More weight on fear: fewer undocumented victims report.
			assert.Less(t, fear.Mu, 0.0, arm)
			assert.InDelta(t, fear.MuStar, -fear.Mu, 1e-12, "every effect has the same sign")
			assert.Greater(t, fear.MuStar, 0.01, "at least a point over the range")
		}
	}
	for _, arm := range []string{"baseline", "task_force"} {
		// Jail cost is bed-days × price: the price moves it most, upward.
		price := find(arm, "costs.jail_cost", "jail.bed_day_cost")
		assert.Equal(t, 1, price.Rank, arm)
		assert.Greater(t, price.Mu, 0.0)
		assert.InDelta(t, price.Mu, price.MuStar, 1e-9)
	}

	// sensitivity.csv: tidy, one row per arm (and difference), metric and
	// parameter.
	f, err := os.Open(filepath.Join(dir, "sensitivity.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"arm", "metric", "parameter", "mu", "mu_star", "sigma", "n", "rank", "low", "high", "design"}, rows[0])
	assert.Len(t, rows, 1+3*2*2)
	assert.Equal(t, []string{"baseline", "crimes.by_group.undocumented.rate", "reporting.fear_slope"}, rows[1][:3])
	assert.Contains(t, res.Manifest.Files, "sensitivity.csv")
	assert.Contains(t, res.Manifest.Files, "plots/sensitivity-costs.jail_cost.png")
	assert.Contains(t, res.Manifest.Files, "plots/sensitivity-costs.jail_cost.svg")

	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	page := string(html)
	assert.Contains(t, page, `<h2 id="sensitivity">Sensitivity</h2>`)
	assert.Contains(t, page, "Which uncertain parameters move these results most?")
	assert.Contains(t, page, "<code>reporting.fear_slope</code>")
	assert.Contains(t, page, "task_force minus baseline")
}

// syntheticMorris builds the results of a Morris design whose metric is a
// known linear function of the parameters: y = 2·a − 0.5·b (a, b in their
// own units), z = 7 (nothing moves it).
func syntheticMorris(t *testing.T) *Results {
	plan := sweeptest.MustPlan(t, `arms: {a: {}}
metrics: [crimes.reporting_rate, clearance.rate]
vary: {design: morris, trajectories: 5, levels: 6, params: {policies.outreach: [0, 1], trust.half_life_days: [30, 230]}}
`)
	var rows []stats.Stat
	for p, pt := range plan.Points {
		a, _ := schema.ToFloat(pt.Values[0])
		b, _ := schema.ToFloat(pt.Values[1])
		require.Equal(t, "policies.outreach", plan.ParamKeys[0])
		rows = append(rows,
			stats.Stat{Arm: "a", Point: p, Metric: "crimes.reporting_rate", N: 2, Mean: 2*a - 0.5*b},
			stats.Stat{Arm: "a", Point: p, Metric: "clearance.rate", N: 2, Mean: 7})
	}
	return &Results{Plan: plan, Table: stats.TableOf(rows, nil, nil)}
}

func TestMorrisEffectsAreScaledToTheParametersRange(t *testing.T) {
	t.Parallel()
	res := syntheticMorris(t)
	rows := stats.Screen(res.Plan, res.Table)
	require.Len(t, rows, 4)
	by := map[string]stats.Sensitivity{}
	for _, r := range rows {
		by[r.Metric+" "+r.Param] = r
	}
	// Per full range: outreach (range 1) moves y by 2, half-life (range
	// 200 days) by −100; exactly linear, so σ is zero.
	o := by["crimes.reporting_rate policies.outreach"]
	h := by["crimes.reporting_rate trust.half_life_days"]
	assert.InDelta(t, 2, o.Mu, 1e-9)
	assert.InDelta(t, 2, o.MuStar, 1e-9)
	assert.InDelta(t, 0, o.Sigma, 1e-9)
	assert.InDelta(t, -100, h.Mu, 1e-9)
	assert.InDelta(t, 100, h.MuStar, 1e-9)
	assert.Equal(t, 1, h.Rank)
	assert.Equal(t, 2, o.Rank)
	assert.Equal(t, 5, o.N)
	assert.Equal(t, "30", formatParam(h.Low))
	assert.Equal(t, "230", formatParam(h.High))
	for _, p := range []string{"policies.outreach", "trust.half_life_days"} {
		c := by["clearance.rate "+p]
		assert.Zero(t, c.MuStar)
		assert.Equal(t, 1, c.Rank, "ties share a rank")
	}
}

func TestMorrisSurvivesTheStoredPlan(t *testing.T) {
	t.Parallel()
	// The report is rebuilt from sweep.json, where numbers are float64.
	res := syntheticMorris(t)
	want := stats.Screen(res.Plan, res.Table)
	b, err := json.Marshal(res.Plan)
	require.NoError(t, err)
	stored, err := sweep.DecodePlan("sweep.json", b)
	require.NoError(t, err)
	res.Plan = stored
	got := stats.Screen(res.Plan, res.Table)
	require.Len(t, got, len(want))
	for i := range want {
		assert.InDelta(t, want[i].Mu, got[i].Mu, 1e-9)
		assert.Equal(t, want[i].Param, got[i].Param)
	}
}

func TestOneAtATimeSensitivity(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, `name: oat
days: 60
replications: 2
metrics: [crimes.by_group.undocumented.rate, costs.jail_cost]
arms: {baseline: {}}
vary:
  design: oat
  params:
    jail.bed_day_cost: [240, 60, 120]
    reporting.fear_slope: [3.3]
`)
	dir := t.TempDir()
	_, res := execute(t, plan, runner.Options{Out: dir})
	rows := res.SensitivityOf("baseline", "crimes.by_group.undocumented.rate")
	require.Len(t, rows, 2)
	assert.Equal(t, "reporting.fear_slope", rows[0].Param)
	assert.Less(t, rows[0].Mu, 0.0, "more fear weight than the base 2.2: fewer reports")
	assert.Equal(t, "base", formatParam(rows[0].Low))
	assert.Equal(t, "3.3", formatParam(rows[0].High))
	assert.Zero(t, rows[1].MuStar)
	cost := res.SensitivityOf("baseline", "costs.jail_cost")
	require.Len(t, cost, 2)
	assert.Equal(t, "jail.bed_day_cost", cost[0].Param)
	assert.Equal(t, "60", formatParam(cost[0].Low), "the lowest listed value, not the first")
	assert.Equal(t, "240", formatParam(cost[0].High))
	assert.Greater(t, cost[0].Mu, 0.0)
	assert.True(t, math.IsNaN(cost[0].Sigma))
	assert.Equal(t, 1, cost[0].N)
	_, err := os.Stat(filepath.Join(dir, "plots", "sensitivity-costs.jail_cost.png"))
	assert.NoError(t, err)
}

func TestNoSensitivityWithoutAScreeningDesign(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	_, res := execute(t, plan, runner.Options{Out: dir})
	assert.Empty(t, res.Sensitivity)
	_, err := os.Stat(filepath.Join(dir, "sensitivity.csv"))
	assert.True(t, os.IsNotExist(err))
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	assert.NotContains(t, string(html), `id="sensitivity"`)
}

func TestSensitivityPlotIsReadable(t *testing.T) {
	t.Parallel()
	res := syntheticMorris(t)
	res.Sensitivity = stats.Screen(res.Plan, res.Table)
	dir := t.TempDir()
	files, err := writeFigures(dir, res, sensitivitySpecs(res))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"plots/sensitivity-crimes.reporting_rate.png", "plots/sensitivity-crimes.reporting_rate.svg",
		"plots/sensitivity-clearance.rate.png", "plots/sensitivity-clearance.rate.svg",
	}, files)
	svg, err := os.ReadFile(filepath.Join(dir, "plots", "sensitivity-crimes.reporting_rate.svg"))
	require.NoError(t, err)
	assert.Contains(t, string(svg), "trust.half_life_days")
	assert.Contains(t, string(svg), "σ: spread of the changes")
}
