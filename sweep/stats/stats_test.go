package stats_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/stats"
)

// Runs pair by replication and point; a missing or undefined side leaves
// the pair out; series days with no defined value stay, as gaps.
func TestPairsSeriesAndUndefinedValues(t *testing.T) {
	t.Parallel()
	plan := &sweep.Plan{Arms: []sweep.Arm{{Name: "a"}, {Name: "b"}}, Points: []sweep.Point{{Index: 0}, {Index: 1}}}
	acc := stats.NewAccumulator(plan, []string{"m"}, stats.Options{Dir: t.TempDir(), Keep: []string{"m"}})
	add := func(arm, pt, rep int, v float64, series ...agents.Point) {
		require.NoError(t, acc.Add(sweep.RunSpec{Arm: plan.Arms[arm].Name, ArmIndex: arm, Point: pt, Replication: rep}, []float64{v}, series))
	}
	nan := math.NaN()
	trust := func(day, v float64) agents.Point {
		return agents.Point{Day: day, Metric: "trust", Group: "citizen", Value: v}
	}
	add(0, 0, 0, 1, trust(7, 0.5), agents.Point{Day: 7, Metric: "crimes", Group: "all", Value: 9})
	add(1, 0, 0, 3, trust(7, nan))
	add(0, 1, 0, 10)
	add(1, 1, 0, nan)
	add(1, 0, 1, 5) // b's replication 1 at point 0 has no baseline
	add(0, 0, 2, 2)
	add(1, 0, 2, 6)
	tb, err := acc.Table()
	require.NoError(t, err)
	defer tb.Close()
	n := 0
	require.NoError(t, tb.EachStat(func(stats.Stat) error { n++; return nil }))
	require.Equal(t, 4, n)
	s, _ := tb.Stat("b", 0, "m")
	assert.Equal(t, 3, s.N)
	assert.InDelta(t, 14.0/3, s.Mean, 1e-12)
	c, _ := tb.Comparison("b", 0, "m")
	assert.Equal(t, 2, c.N, "two pairs: replications 0 and 2")
	assert.InDelta(t, 3, c.Diff, 1e-12)
	c1, _ := tb.Comparison("b", 1, "m")
	assert.Zero(t, c1.N, "an undefined side leaves the pair out")
	s1, _ := tb.Stat("b", 1, "m")
	assert.Zero(t, s1.N)
	assert.True(t, math.IsNaN(s1.Mean))
	require.Len(t, tb.Series, 2, "only the kept series metrics, one day each for arms a and b")
	assert.Equal(t, 1, tb.Series[0].N)
	assert.Equal(t, 0.5, tb.Series[0].Lo, "one value: no band")
	assert.Zero(t, tb.Series[1].N, "a day with no defined value is a gap")
	assert.True(t, math.IsNaN(tb.Series[1].Mean))
	assert.PanicsWithValue(t, "stats: a run's values do not match the metrics", func() { _ = acc.Add(sweep.RunSpec{}, nil, nil) })
}

func TestMeanHalfWidth(t *testing.T) {
	t.Parallel()
	var w sim.Welford
	for _, v := range []float64{1, 2, 3, 4, 5} {
		w.Add(v)
	}
	// t(0.975, 4) = 2.776445; sd = sqrt(2.5).
	assert.InDelta(t, 2.776445*math.Sqrt(2.5)/math.Sqrt(5), stats.MeanHalfWidth(&w, 0.95), 1e-5)
	// t(0.995, 4) = 4.604095: a wider level, a wider interval.
	assert.InDelta(t, 4.604095*math.Sqrt(2.5)/math.Sqrt(5), stats.MeanHalfWidth(&w, 0.99), 1e-5)
	var one sim.Welford
	one.Add(3)
	assert.True(t, math.IsNaN(stats.MeanHalfWidth(&one, 0.95)))
	assert.True(t, math.IsNaN(stats.MeanHalfWidth(&sim.Welford{}, 0.95)))
	assert.PanicsWithValue(t, "stats: confidence level 1 not in (0, 1)", func() { stats.MeanHalfWidth(&w, 1) })
	assert.Panics(t, func() { stats.MeanHalfWidth(&w, 0) })
}
