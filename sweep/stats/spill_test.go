package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/stats"
)

// temps counts the temporary files in dir.
func temps(t *testing.T, dir string) int {
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		if fsutil.IsTemp(e.Name()) {
			n++
		}
	}
	return n
}

// Every statistic walked from the spill files is, bit for bit, what
// Welford's update over the runs in canonical order gives (as the
// in-memory accumulation did before); lookups answer for every metric at
// point 0 and for the kept ones everywhere, and panic for the others; the
// spill files go with Close.
func TestSpilledStatisticsAreExact(t *testing.T) {
	t.Parallel()
	const points, reps = 300, 3
	keys := []string{"m", "x", "y"}
	plan := &sweep.Plan{Arms: []sweep.Arm{{Name: "a"}, {Name: "b"}}, Metrics: []string{"m"}}
	for p := range points {
		plan.Points = append(plan.Points, sweep.Point{Index: p})
	}
	dir := t.TempDir()
	acc := stats.NewAccumulator(plan, keys, stats.Options{Dir: dir, Keep: []string{"y"}})
	type cell struct{ w, diff, arm, base sim.Welford }
	ref := make([][][]cell, 2) // arm, point, key
	for ai := range ref {
		ref[ai] = make([][]cell, points)
		for p := range ref[ai] {
			ref[ai][p] = make([]cell, len(keys))
		}
	}
	rng := rand.New(rand.NewPCG(4, 5))
	for rep := range reps {
		for p := range points {
			var base []float64
			for ai, arm := range plan.Arms {
				if rng.IntN(10) == 0 {
					continue // a failed run
				}
				vals := make([]float64, len(keys))
				for k := range vals {
					vals[k] = rng.NormFloat64() + float64(p)
					if rng.IntN(7) == 0 {
						vals[k] = math.NaN()
					}
				}
				require.NoError(t, acc.Add(sweep.RunSpec{Arm: arm.Name, ArmIndex: ai, Point: p, Replication: rep}, vals, nil))
				for k, x := range vals {
					c := &ref[ai][p][k]
					if !math.IsNaN(x) {
						c.w.Add(x)
					}
					if ai == 1 && base != nil && !math.IsNaN(x) && !math.IsNaN(base[k]) {
						c.diff.Add(x - base[k])
						c.arm.Add(x)
						c.base.Add(base[k])
					}
				}
				if ai == 0 {
					base = vals
				}
			}
		}
	}
	assert.Positive(t, temps(t, dir), "the runs are spilled")
	tb, err := acc.Table()
	require.NoError(t, err)

	var got, want []string
	require.NoError(t, tb.EachStat(func(s stats.Stat) error { got = append(got, fmt.Sprint(s)); return nil }))
	var cmps, wantCmps []string
	require.NoError(t, tb.EachComparison(func(c stats.Comparison) error { cmps = append(cmps, fmt.Sprint(c)); return nil }))
	for ai, arm := range plan.Arms {
		for p := range points {
			for k, key := range keys {
				c := &ref[ai][p][k]
				hw := stats.MeanHalfWidth(&c.w, 0.95)
				want = append(want, fmt.Sprint(stats.Stat{Arm: arm.Name, Point: p, Metric: key, N: int(c.w.N()), Mean: c.w.Mean(), SD: c.w.StdDev(), Lo: c.w.Mean() - hw, Hi: c.w.Mean() + hw}))
				if ai == 0 {
					continue
				}
				dh := stats.MeanHalfWidth(&c.diff, 0.95)
				wantCmps = append(wantCmps, fmt.Sprint(stats.Comparison{Arm: arm.Name, Baseline: "a", Point: p, Metric: key, N: int(c.diff.N()),
					BaseMean: c.base.Mean(), ArmMean: c.arm.Mean(), Diff: c.diff.Mean(), DiffSD: c.diff.StdDev(), Lo: c.diff.Mean() - dh, Hi: c.diff.Mean() + dh,
					Relative: c.diff.Mean() / c.base.Mean(), PairedHalfWidth: dh, UnpairedHalfWidth: stats.WelchHalfWidth(&c.arm, &c.base)}))
				if key != "x" {
					s, ok := tb.Stat(arm.Name, p, key)
					require.True(t, ok)
					assert.Equal(t, want[len(want)-1], fmt.Sprint(s), "a kept statistic is the walked one")
					cmp, ok := tb.Comparison(arm.Name, p, key)
					require.True(t, ok)
					assert.Equal(t, wantCmps[len(wantCmps)-1], fmt.Sprint(cmp))
				}
			}
		}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, wantCmps, cmps)

	assert.True(t, tb.Keeps("m"), "a reported metric")
	assert.True(t, tb.Keeps("y"), "a metric of Options.Keep")
	assert.False(t, tb.Keeps("x"))
	assert.Equal(t, keys, tb.Metrics())
	_, ok := tb.Stat("a", 0, "x")
	assert.True(t, ok, "design point 0 keeps every metric")
	_, ok = tb.Stat("a", points, "m")
	assert.False(t, ok, "no such point")
	_, ok = tb.Comparison("a", 1, "m")
	assert.False(t, ok, "the baseline has no comparison")
	assert.PanicsWithValue(t, `stats: metric "x" is not kept at design point 7 (only design point 0 keeps every metric; see stats.KeptMetrics and Options.Keep)`,
		func() { tb.Stat("b", 7, "x") })
	assert.Panics(t, func() { tb.Comparison("b", 7, "x") })

	require.NoError(t, tb.Close())
	assert.Zero(t, temps(t, dir), "Close removes the spill files")
	_, ok = tb.Stat("b", 7, "m")
	assert.True(t, ok, "lookups answer after Close")
	assert.Panics(t, func() { tb.EachStat(func(stats.Stat) error { return nil }) })
}

func TestAbandonedAccumulationLeavesNoFiles(t *testing.T) {
	t.Parallel()
	plan := &sweep.Plan{Arms: []sweep.Arm{{Name: "a"}}, Points: []sweep.Point{{Index: 0}, {Index: 1}}}
	dir := t.TempDir()
	acc := stats.NewAccumulator(plan, []string{"m"}, stats.Options{Dir: dir})
	require.NoError(t, acc.Add(sweep.RunSpec{Arm: "a", Point: 1}, []float64{1}, nil))
	assert.Equal(t, 1, temps(t, dir), "one block file so far")
	require.NoError(t, acc.Close())
	assert.Zero(t, temps(t, dir))
	assert.PanicsWithValue(t, `stats: kept metric "nope" is not one of the metrics`, func() {
		stats.NewAccumulator(plan, []string{"m"}, stats.Options{Keep: []string{"nope"}})
	})
}

// A design that does not screen keeps its reported metrics only at the
// points shown; the until_ci metric and Options.Keep stay everywhere.
func TestShownPointsBoundTheReportedMetrics(t *testing.T) {
	t.Parallel()
	plan := &sweep.Plan{Arms: []sweep.Arm{{Name: "a"}}, Metrics: []string{"m"}}
	plan.Sweep.UntilCI.Metric = "u"
	for p := range 20 {
		plan.Points = append(plan.Points, sweep.Point{Index: p})
	}
	acc := stats.NewAccumulator(plan, []string{"m", "u", "k", "x"}, stats.Options{Dir: t.TempDir(), Keep: []string{"k"}, ShownPoints: 5})
	for p := range plan.Points {
		require.NoError(t, acc.Add(sweep.RunSpec{Arm: "a", Point: p}, []float64{float64(p), 1, 2, 3}, nil))
	}
	tb, err := acc.Table()
	require.NoError(t, err)
	defer tb.Close()
	s, ok := tb.Stat("a", 4, "m")
	require.True(t, ok)
	assert.Equal(t, 4.0, s.Mean)
	assert.Panics(t, func() { tb.Stat("a", 5, "m") })
	for _, m := range []string{"u", "k"} {
		s, ok := tb.Stat("a", 19, m)
		require.True(t, ok)
		assert.Equal(t, 1, s.N)
		assert.True(t, tb.Keeps(m))
	}
	assert.False(t, tb.Keeps("m"))
	n := 0
	require.NoError(t, tb.EachStat(func(s stats.Stat) error {
		if s.Metric == "m" {
			assert.Equal(t, float64(s.Point), s.Mean)
		}
		n++
		return nil
	}))
	assert.Equal(t, 20*4, n, "the tables have every metric at every point")
}
