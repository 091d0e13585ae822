package report

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/agencysim/agencysim/sweep/stats"
)

// A sobol design over a parameter that cannot change reporting (the price
// of a jail bed-day) and one that does (the weight of fear in the
// decision to report), crossed with two arms: 8 base rows × 4 points.
const sobolSweep = `name: sobol
days: 45
replications: 2
seed: 5
metrics: [crimes.by_group.undocumented.rate, costs.jail_cost]
arms:
  baseline: {}
  task_force: {agreements.g287.model: task_force}
vary:
  design: sobol
  points: 8
  params:
    jail.bed_day_cost: [60, 180]
    reporting.fear_slope: [1.1, 3.3]
`

func TestSobolIndicesOfASweep(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sobolSweep)
	dir := t.TempDir()
	_, res := execute(t, plan, runner.Options{Out: dir})
	find := func(arm, metric, param string) stats.Sensitivity {
		t.Helper()
		for _, s := range res.SensitivityOf(arm, metric) {
			if s.Param == param {
				require.NotNil(t, s.Sobol)
				return s
			}
		}
		t.Fatalf("no sensitivity row for %s %s %s", arm, metric, param)
		return stats.Sensitivity{}
	}
	for _, arm := range []string{"baseline", "task_force", "task_force minus baseline"} {
		// The bed-day price cannot change who reports: both indices are
		// exactly 0 (A and AB_price give the same result, row by row).
		cost := find(arm, "crimes.by_group.undocumented.rate", "jail.bed_day_cost")
		assert.Zero(t, cost.Sobol.ST, arm)
		assert.Zero(t, cost.Sobol.S1, arm)
		assert.Equal(t, 2, cost.Rank, arm)
		assert.Equal(t, 8, cost.Sobol.N)
		assert.Equal(t, 4, cost.Sobol.Half.N, "the convergence view")
		assert.Equal(t, 2, cost.Sobol.Quarter.N)
		fear := find(arm, "crimes.by_group.undocumented.rate", "reporting.fear_slope")
		assert.Equal(t, 1, fear.Rank, arm)
		assert.Greater(t, fear.Sobol.ST, 0.5, "%s: fear explains the variance that the price does not", arm)
		assert.True(t, fear.Sobol.STLo <= fear.Sobol.ST && fear.Sobol.ST <= fear.Sobol.STHi, arm)
		share := fear.Sobol.NoiseShare
		assert.True(t, share > 0 && share < 1, "%s: noise share %v", arm, share)
	}
	for _, arm := range []string{"baseline", "task_force"} {
		// Jail cost is bed-days × price: the price moves it most.
		price := find(arm, "costs.jail_cost", "jail.bed_day_cost")
		assert.Equal(t, 1, price.Rank, arm)
		assert.Greater(t, price.Sobol.ST, 0.5, arm)
	}

	rows := sweeptest.ReadCSV(t, filepath.Join(dir, sensitivityFile))
	assert.Equal(t, sobolHeader, rows[0])
	require.Len(t, rows, 1+3*2*2*3, "arms and a difference × metrics × parameters × (N/4, N/2, N)")
	assert.Equal(t, []string{"baseline", "crimes.by_group.undocumented.rate", "reporting.fear_slope", "2"}, rows[1][:4])
	assert.Equal(t, []string{"4", "8"}, []string{rows[2][3], rows[3][3]})
	st, err := strconv.ParseFloat(rows[3][7], 64)
	require.NoError(t, err)
	assert.InDelta(t, find("baseline", "crimes.by_group.undocumented.rate", "reporting.fear_slope").Sobol.ST, st, 1e-9)

	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "Sobol&#39; indices from 8 base rows")
	assert.Contains(t, string(html), "shares of variance")
	// 8 base rows: too few, and the report says so, per arm and metric.
	assert.Contains(t, string(html), "<b>Sobol&#39; indices of "+MetricLabel("costs.jail_cost")+" (baseline).</b> Not large enough: ")
	assert.Contains(t, string(html), "increase points to at least ")
	_, err = os.Stat(filepath.Join(dir, "plots", "sensitivity-crimes.by_group.undocumented.rate.png"))
	assert.NoError(t, err, "a plot per metric")
	assert.False(t, math.IsNaN(st))
}
