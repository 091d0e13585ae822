package discover

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// planted draws n points of 3 uniform inputs on [0, 1]; a point is a case
// of interest with probability pIn inside the box x0 > 0.6 ∧ x1 < 0.3 and
// pOut outside it.
func planted(n int, seed uint64, pIn, pOut float64) Data {
	rng := rand.New(rand.NewPCG(seed, 1))
	var d Data
	for range n {
		x := []float64{rng.Float64(), rng.Float64(), rng.Float64()}
		in := x[0] > 0.6 && x[1] < 0.3
		p := pOut
		if in {
			p = pIn
		}
		d.X = append(d.X, x)
		d.Y = append(d.Y, rng.Float64() < p)
	}
	return d
}

// The true box of planted(…, 0.9, 0.05): mass 0.4·0.3 = 0.12; density
// 0.9; coverage 0.12·0.9 / (0.12·0.9 + 0.88·0.05) = 0.108/0.152 = 0.7105.
const (
	trueDensity  = 0.9
	trueCoverage = 0.108 / 0.152
)

func TestPlantedBoxRecovered(t *testing.T) {
	t.Parallel()
	for _, m := range []Method{MethodPrim, MethodCart} {
		t.Run(m.String(), func(t *testing.T) {
			t.Parallel()
			r, err := Find(planted(2000, 7, 0.9, 0.05), Options{Method: m, Seed: 3})
			require.NoError(t, err)
			b := r.Box()
			t.Logf("%v: box x0 ∈ [%.3f, %.3f], x1 ∈ [%.3f, %.3f], x2 ∈ [%.3f, %.3f]; train density %.3f coverage %.3f; test density %.3f coverage %.3f; qp %v; %d candidates",
				m, b.Box.Low[0], b.Box.High[0], b.Box.Low[1], b.Box.High[1], b.Box.Low[2], b.Box.High[2],
				b.Stats.Density(), b.Stats.Coverage(), b.Test.Density(), b.Test.Coverage(), b.QuasiP, len(r.Candidates))
			assert.Equal(t, []int{0, 1}, b.Restricted, "the box restricts exactly x0 and x1")
			assert.InDelta(t, 0.6, b.Box.Low[0], 0.05)
			assert.InDelta(t, 0.3, b.Box.High[1], 0.05)
			assert.InDelta(t, trueDensity, b.Test.Density(), 0.08)
			assert.InDelta(t, trueCoverage, b.Test.Coverage(), 0.1)
			assert.True(t, r.ChosenByCoverage)
		})
	}
}

// A restriction on an input that does not matter has a large quasi-p-value;
// those of the planted box's inputs are tiny.
func TestQuasiPOfAnIrrelevantInput(t *testing.T) {
	t.Parallel()
	d := planted(2000, 11, 0.9, 0.05)
	initial := d.bounds(3)
	b := initial.clone()
	b.Low[0], b.High[1] = 0.6, 0.3
	b.Low[2], b.High[2] = 0.2, 0.8
	qp := quasiP(d, b, initial)
	t.Logf("quasi-p: %v", qp)
	assert.Less(t, qp[0], 1e-6)
	assert.Less(t, qp[1], 1e-6)
	assert.Greater(t, qp[2], 0.1, "x2 is irrelevant")

	// The box without the x2 restriction: NaN for x2.
	b.Low[2], b.High[2] = initial.Low[2], initial.High[2]
	assert.True(t, math.IsNaN(quasiP(d, b, initial)[2]))
}

// Without label noise PRIM's last box restricts only x0 and x1, with
// density 1 (Friedman & Fisher's peeling stops at a pure box).
func TestPrimNoiseFree(t *testing.T) {
	t.Parallel()
	d := planted(2000, 5, 1, 0)
	initial, traj := Prim(d, PrimOptions{})
	last := traj[len(traj)-1]
	assert.Equal(t, []int{0, 1}, restricted(last.Box, initial))
	assert.InDelta(t, 1, last.Stats.Density(), 1e-12)
	assert.Greater(t, last.Stats.Coverage(), 0.8)
	assert.InDelta(t, 0.6, last.Box.Low[0], 0.03)
	assert.InDelta(t, 0.3, last.Box.High[1], 0.03)
	for i := 1; i < len(traj); i++ {
		if !traj[i].Pasted {
			assert.Less(t, traj[i].Stats.NBox, traj[i-1].Stats.NBox, "each peel removes points")
			assert.Greater(t, traj[i].Stats.Density(), traj[i-1].Stats.Density(), "each peel raises the density")
		}
	}
}

// The same data and seed give the same result; another seed another split.
func TestFindDeterministic(t *testing.T) {
	t.Parallel()
	d := planted(500, 2, 0.9, 0.05)
	for _, m := range []Method{MethodPrim, MethodCart} {
		a, err := Find(d, Options{Method: m, Seed: 9})
		require.NoError(t, err)
		b, err := Find(d, Options{Method: m, Seed: 9})
		require.NoError(t, err)
		assert.True(t, fmt.Sprint(a) == fmt.Sprint(b), "%v: same data, same seed, same result (NaN quasi-p values compare by text)", m)
		c, err := Find(d, Options{Method: m, Seed: 10})
		require.NoError(t, err)
		assert.NotEqual(t, a.Test.Y, c.Test.Y, "another seed, another split")
	}
}

func TestFindRejects(t *testing.T) {
	t.Parallel()
	_, err := Find(planted(19, 1, 0.9, 0.05), Options{})
	assert.ErrorContains(t, err, "19 points: discovery needs at least 20")
	_, err = Find(planted(50, 1, 0.9, 0.05), Options{TestShare: 1})
	assert.ErrorContains(t, err, "held-out share 1: allowed: above 0 and below 1")
	_, err = ParseMethod("tree")
	assert.ErrorContains(t, err, `method "tree": allowed: prim, cart`)
}

// quantile moves past ties so that a peel of discrete values removes
// something.
func TestQuantileTies(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 1.5, quantile([]float64{1, 1, 1, 1, 2, 3}, 0.05))
	assert.Equal(t, 2.5, quantile([]float64{1, 2, 3, 3, 3, 3}, 0.95))
	assert.Equal(t, 0.5, quantile([]float64{0, 1}, 0.05))
}
