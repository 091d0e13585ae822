package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deterministic is f(x) = x, each point run once.
var deterministic = EvaluatorFunc(func(_ context.Context, _ int, pts [][]float64) ([]Stats, error) {
	out := make([]Stats, len(pts))
	for i, p := range pts {
		out[i] = Stats{Mean: []float64{p[0]}, Var: []float64{0}, N: []int{1}}
	}
	return out, nil
})

func grid(n int) [][]float64 {
	g := make([][]float64, n)
	for i := range g {
		g[i] = []float64{float64(i) / float64(n-1)}
	}
	return g
}

func nroyShare(w *Wave) float64 { return float64(w.Count()) / float64(len(w.Points)) }

// exploration-anchors §6.3 (1): f(x) = x, z = 0.5, σ_obs = 0.05.
func TestImplausibilityDeterministic(t *testing.T) {
	t.Parallel()
	tg := Target{Value: 0.5, SD: 0.05}
	assert.Equal(t, 0.0, tg.Implausibility(0.5, 0, 1))
	assert.InDelta(t, 3.0, tg.Implausibility(0.35, 0, 1), 1e-12)
	assert.InDelta(t, 6.0, tg.Implausibility(0.2, 0, 1), 1e-12)
	res, err := HistoryMatch(context.Background(), []Param{{Key: "x", Low: 0, High: 1}}, []Target{tg}, deterministic,
		HMOptions{Waves: 1, Points: 2001, Cutoff: 3, First: grid(2001)})
	require.NoError(t, err)
	assert.InDelta(t, 0.30, nroyShare(&res.Waves[0]), 0.001)
	r, ok := res.Ranges()
	require.True(t, ok)
	assert.InDelta(t, 0.35, r[0][0], 0.0006) // the grid's step is 0.0005
	assert.InDelta(t, 0.65, r[0][1], 0.0006)
}

// §6.3 (2): a range target [0.4, 0.6] with discrepancy sd 0.02.
func TestImplausibilityRange(t *testing.T) {
	t.Parallel()
	tg := Target{Range: true, Low: 0.4, High: 0.6, Discrepancy: 0.02}
	for _, x := range []float64{0.4, 0.5, 0.6} {
		assert.Equal(t, 0.0, tg.Implausibility(x, 0, 1))
	}
	assert.InDelta(t, 3.0, tg.Implausibility(0.34, 0, 1), 1e-9)
	assert.InDelta(t, 5.0, tg.Implausibility(0.7, 0, 1), 1e-9)
	res, err := HistoryMatch(context.Background(), []Param{{Key: "x", Low: 0, High: 1}}, []Target{tg}, deterministic,
		HMOptions{Waves: 1, Points: 2001, Cutoff: 3, First: grid(2001)})
	require.NoError(t, err)
	assert.InDelta(t, 0.32, nroyShare(&res.Waves[0]), 0.001) // [0.34, 0.66]
}

// §6.3 (3): f = x + 0.1ω, R = 10; realisation matching keeps about twice
// the space mean matching does.
func TestImplausibilityStochasticMatching(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		m    Matching
		want float64
	}{{MatchRealisation, 0.697}, {MatchMean, 0.355}} {
		r := rand.New(rand.NewPCG(7, uint64(c.m)))
		ev := EvaluatorFunc(func(_ context.Context, _ int, pts [][]float64) ([]Stats, error) {
			out := make([]Stats, len(pts))
			for i, p := range pts {
				var s, s2 float64
				for range 10 {
					y := p[0] + 0.1*r.NormFloat64()
					s, s2 = s+y, s2+y*y
				}
				m := s / 10
				out[i] = Stats{Mean: []float64{m}, Var: []float64{(s2 - 10*m*m) / 9}, N: []int{10}}
			}
			return out, nil
		})
		res, err := HistoryMatch(context.Background(), []Param{{Key: "x", Low: 0, High: 1}}, []Target{{Value: 0.5, SD: 0.05, Matching: c.m}}, ev,
			HMOptions{Waves: 1, Points: 2001, Cutoff: 3, First: grid(2001)})
		require.NoError(t, err)
		assert.InDelta(t, c.want, nroyShare(&res.Waves[0]), 0.03, c.m.String())
	}
}

// §6.3 (4): the n-th maximum and its nesting.
func TestNthMax(t *testing.T) {
	t.Parallel()
	is := []float64{1, 5, 2}
	assert.Equal(t, 5.0, NthMax(is, 1))
	assert.Equal(t, 2.0, NthMax(is, 2))
	assert.Equal(t, 1.0, NthMax(is, 3))
	assert.Equal(t, 1.0, NthMax(is, 4))
	assert.Equal(t, 1, DefaultNthMax(10))
	assert.Equal(t, 2, DefaultNthMax(11))
	// NROY(max) ⊆ NROY(2nd) ⊆ NROY(3rd) on random implausibilities.
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		row := []float64{4 * r.Float64(), 4 * r.Float64(), 4 * r.Float64(), 4 * r.Float64()}
		a, b, c := NthMax(row, 1) <= 3, NthMax(row, 2) <= 3, NthMax(row, 3) <= 3
		assert.True(t, !a || b)
		assert.True(t, !b || c)
	}
}

// §6.3 (5): waves shrink the space; every wave's design lies in the
// region the waves before left, every point run with I ≤ 3 is kept, and
// a two-parameter toy narrows to its known answer.
func TestWavesShrink(t *testing.T) {
	t.Parallel()
	// f(x, y) = (x, x + y): targets 0.3 and 0.9, σ 0.05: the answer is
	// near (0.3, 0.6).
	ev := EvaluatorFunc(func(_ context.Context, _ int, pts [][]float64) ([]Stats, error) {
		out := make([]Stats, len(pts))
		for i, p := range pts {
			out[i] = Stats{Mean: []float64{p[0], p[0] + p[1]}, Var: []float64{0, 0}, N: []int{1, 1}}
		}
		return out, nil
	})
	targets := []Target{{Value: 0.3, SD: 0.05}, {Value: 0.9, SD: 0.05}}
	params := []Param{{Key: "x", Low: 0, High: 1}, {Key: "y", Low: 0, High: 1}}
	res, err := HistoryMatch(context.Background(), params, targets, ev, HMOptions{Waves: 4, Points: 50, Cutoff: 3, Seed: 3})
	require.NoError(t, err)
	require.Len(t, res.Waves, 4)
	prev := 1.0
	for k, w := range res.Waves {
		assert.LessOrEqual(t, w.SpaceRemaining, prev+1e-12, "wave %d", k+1)
		prev = w.SpaceRemaining
		for i, p := range w.Points {
			im := NthMax([]float64{math.Abs(p[0]-0.3) / 0.05, math.Abs(p[0]+p[1]-0.9) / 0.05}, 1)
			assert.Equal(t, im <= 3, w.NonImplausible[i], "wave %d point %d", k+1, i)
		}
	}
	// True NROY: |x − 0.3| ≤ 0.15, |x + y − 0.9| ≤ 0.15: 0.3 × 0.3 =
	// 9 % of the box.
	last := res.Waves[3]
	assert.Less(t, last.SpaceRemaining, 0.2)
	assert.Greater(t, last.SpaceRemaining, 0.045)
	assert.Greater(t, nroyShare(&last), 3*nroyShare(&res.Waves[0]), "later waves are drawn where the space is")
	r, ok := res.Ranges()
	require.True(t, ok)
	assert.InDelta(t, 0.3, (r[0][0]+r[0][1])/2, 0.04)
	assert.InDelta(t, 0.6, (r[1][0]+r[1][1])/2, 0.08)
	best, im := res.Best()
	assert.LessOrEqual(t, im, 3.0)
	assert.InDelta(t, 0.3, best[0], 0.06)
	// Wave 2 (1-D toy): drawn only where wave 1 left space.
	one, err := HistoryMatch(context.Background(), []Param{{Key: "x", Low: 0, High: 1}}, []Target{{Value: 0.5, SD: 0.05}}, deterministic, HMOptions{Waves: 2, Points: 20, Cutoff: 3, Seed: 1})
	require.NoError(t, err)
	for _, p := range one.Waves[1].Points {
		assert.InDelta(t, 0.5, p[0], 0.15+0.1, "wave 2 point %v outside NROY_1 and its margin", p)
	}
	assert.Greater(t, nroyShare(&one.Waves[1]), 0.6)
}

// A wave with no non-implausible point stops the matching, with the
// result so far.
func TestNoSpace(t *testing.T) {
	t.Parallel()
	res, err := HistoryMatch(context.Background(), []Param{{Key: "x", Low: 0, High: 1}}, []Target{{Value: 5, SD: 0.05}}, deterministic, HMOptions{Waves: 3, Points: 10, Cutoff: 3})
	require.ErrorIs(t, err, ErrNoSpace)
	require.Len(t, res.Waves, 1)
	assert.Contains(t, res.Stopped, "no point with implausibility ≤ 3")
}
