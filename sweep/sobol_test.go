//go:build !js

package sweep

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The first ten points of the unscrambled 3-D sequence (Joe and Kuo's
// direction numbers; the same vector as SALib's test_sobol_sequence).
func TestSobolSequenceKnownPoints(t *testing.T) {
	t.Parallel()
	want := [][]float64{
		{0, 0, 0}, {.5, .5, .5}, {.75, .25, .25}, {.25, .75, .75}, {.375, .375, .625},
		{.875, .875, .125}, {.625, .125, .875}, {.125, .625, .375}, {.1875, .3125, .9375}, {.6875, .8125, .4375},
	}
	got := sobolPoints(10, 3, nil)
	for i, w := range want {
		for d := range w {
			assert.Equal(t, w[d], float64(got[i][d])/(1<<sobolBits), "point %d dim %d", i, d)
		}
	}
}

// Every one-dimensional projection of the first 2^m points, scrambled or
// not, has exactly one point in each interval [i/2^m, (i+1)/2^m), in
// every one of the 101 dimensions; every two-dimensional projection of
// dimensions 1 and 2 of 2^m points, one in each of the 2^m squares of
// side 2^(−m/2) (a (0, m, 2)-net).
func TestSobolSequenceStratified(t *testing.T) {
	t.Parallel()
	const m = 8
	seed := uint64(7)
	for _, sc := range []*uint64{nil, &seed} {
		pts := sobolPoints(1<<m, sobolMaxDim, sc)
		for d := range sobolMaxDim {
			seen := make([]bool, 1<<m)
			for _, p := range pts {
				seen[p[d]>>(sobolBits-m)] = true
			}
			for i, s := range seen {
				require.True(t, s, "dim %d: no point in stratum %d (scrambled %v)", d, i, sc != nil)
			}
		}
		seen := map[[2]uint32]bool{}
		for _, p := range pts {
			seen[[2]uint32{p[0] >> (sobolBits - m/2), p[1] >> (sobolBits - m/2)}] = true
		}
		assert.Len(t, seen, 1<<m, "dims 1-2 are a (0,m,2)-net")
	}
}

func TestSobolScrambleDeterministic(t *testing.T) {
	t.Parallel()
	a, b, c := sobolUnit(3, 16, 2), sobolUnit(3, 16, 2), sobolUnit(4, 16, 2)
	assert.Equal(t, a, b, "same seed, same points")
	assert.NotEqual(t, a, c, "another seed scrambles differently")
	assert.NotEqual(t, 0.0, a[0][0], "the scrambled first point is not the origin")
}

// estimate runs the estimator on f over a Saltelli design on the unit
// cube of n base rows, the inputs mapped by x.
func estimate(f func(x []float64) float64, k, n int, x func(u float64) float64) []SobolEstimate {
	unit := sobolUnit(11, n, k)
	yA, yB := make([]float64, n), make([]float64, n)
	yAB := make([][]float64, k)
	for i := range yAB {
		yAB[i] = make([]float64, n)
	}
	in := func(u []float64) []float64 {
		out := make([]float64, len(u))
		for i := range u {
			out[i] = x(u[i])
		}
		return out
	}
	for j, row := range unit {
		a, b := in(row[:k]), in(row[k:])
		yA[j], yB[j] = f(a), f(b)
		for i := range k {
			ab := append([]float64(nil), a...)
			ab[i] = b[i]
			yAB[i][j] = f(ab)
		}
	}
	return sobolIndices(yA, yB, yAB, n, 5)
}

// Ishigami (a = 7, b = 0.1), x_i ~ U(−π, π): S1 = (0.3139, 0.4424, 0),
// ST = (0.5576, 0.4424, 0.2437) (Ishigami and Homma 1990; the values from
// V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2, V1 = (1 + bπ⁴/5)²/2, V2 = a²/8,
// V13 = b²π⁸(1/18 − 1/50)). At N = 8192 base rows every estimate is
// within 0.02 and inside its 95% interval.
func TestSobolIshigami(t *testing.T) {
	t.Parallel()
	const a, b = 7.0, 0.1
	v := a*a/8 + b*math.Pow(math.Pi, 4)/5 + b*b*math.Pow(math.Pi, 8)/18 + 0.5
	v1 := 0.5 * math.Pow(1+b*math.Pow(math.Pi, 4)/5, 2)
	v2 := a * a / 8
	v13 := b * b * math.Pow(math.Pi, 8) * (1.0/18 - 1.0/50)
	s1 := []float64{v1 / v, v2 / v, 0}
	st := []float64{(v1 + v13) / v, v2 / v, v13 / v}
	assert.InDelta(t, 0.3139, s1[0], 1e-4)
	assert.InDelta(t, 0.5576, st[0], 1e-4)
	f := func(x []float64) float64 {
		return math.Sin(x[0]) + a*math.Pow(math.Sin(x[1]), 2) + b*math.Pow(x[2], 4)*math.Sin(x[0])
	}
	est := estimate(f, 3, 8192, func(u float64) float64 { return -math.Pi + 2*math.Pi*u })
	for i, e := range est {
		t.Logf("x%d: S1 %.4f [%.4f, %.4f] (analytic %.4f)  ST %.4f [%.4f, %.4f] (analytic %.4f)", i+1, e.S1, e.S1Lo, e.S1Hi, s1[i], e.ST, e.STLo, e.STHi, st[i])
		assert.InDelta(t, s1[i], e.S1, 0.02, "S1 of x%d", i+1)
		assert.InDelta(t, st[i], e.ST, 0.02, "ST of x%d", i+1)
		assert.True(t, e.S1Lo <= s1[i] && s1[i] <= e.S1Hi, "S1 of x%d in its interval", i+1)
		assert.True(t, e.STLo <= st[i] && st[i] <= e.STHi, "ST of x%d in its interval", i+1)
		assert.Equal(t, 8192, e.N)
	}
}

// Sobol' G function, a = (0, 1, 4.5, 9, 99, 99, 99, 99), x_i ~ U(0, 1):
// V_i = 1/(3(1 + a_i)²), V = Π(1 + V_i) − 1, S_i = V_i/V,
// ST_i = V_i Π_{j≠i}(1 + V_j)/V (Saltelli and Sobol' 1995). At N = 4096
// every estimate is within 0.01 (SALib's tolerance for it).
func TestSobolGFunction(t *testing.T) {
	t.Parallel()
	as := []float64{0, 1, 4.5, 9, 99, 99, 99, 99}
	k := len(as)
	vi := make([]float64, k)
	prod := 1.0
	for i, a := range as {
		vi[i] = 1 / (3 * (1 + a) * (1 + a))
		prod *= 1 + vi[i]
	}
	v := prod - 1
	f := func(x []float64) float64 {
		g := 1.0
		for i, a := range as {
			g *= (math.Abs(4*x[i]-2) + a) / (1 + a)
		}
		return g
	}
	est := estimate(f, k, 4096, func(u float64) float64 { return u })
	assert.InDelta(t, 0.7162, vi[0]/v, 1e-4)
	for i, e := range est {
		s1 := vi[i] / v
		st := vi[i] * prod / (1 + vi[i]) / v
		t.Logf("x%d: S1 %.4f [%.4f, %.4f] (analytic %.4f)  ST %.4f [%.4f, %.4f] (analytic %.4f)", i+1, e.S1, e.S1Lo, e.S1Hi, s1, e.ST, e.STLo, e.STHi, st)
		assert.InDelta(t, s1, e.S1, 0.01, "S1 of x%d", i+1)
		assert.InDelta(t, st, e.ST, 0.01, "ST of x%d", i+1)
	}
}

// A constant result has every index 0 and a zero interval; rows with an
// undefined result are left out.
func TestSobolConstantAndUndefined(t *testing.T) {
	t.Parallel()
	est := estimate(func([]float64) float64 { return 3 }, 2, 64, func(u float64) float64 { return u })
	for _, e := range est {
		assert.Equal(t, SobolEstimate{N: 64}, e)
	}
	nan := 0
	est = estimate(func(x []float64) float64 {
		if x[0] < 0.25 {
			nan++
			return math.NaN()
		}
		return x[0] + x[1]
	}, 2, 64, func(u float64) float64 { return u })
	assert.Greater(t, nan, 0)
	assert.Less(t, est[0].N, 64, "rows with an undefined result are left out")
	assert.Greater(t, est[0].N, 32)
}

func TestNoiseShare(t *testing.T) {
	t.Parallel()
	// Means 0, 2 (variance 1) and sd 1 at each: within 1, share 1/2.
	assert.InDelta(t, 0.5, NoiseShare([]float64{0, 2}, []float64{1, 1}), 1e-12)
	assert.True(t, math.IsNaN(NoiseShare([]float64{1, 2}, []float64{math.NaN(), math.NaN()})), "one replication: undefined")
}

// The paired-difference toy (exploration-anchors §1.8 e): Y_arm = 10·x3 +
// a_arm(x) + noise, a_A = 2·x1 + x2, a_B = 0, the noise shared by the arms
// (common random numbers). The levels depend mostly on x3; the
// difference D = 2·x1 + x2 has S1 = ST = (0.8, 0.2, 0) exactly.
func TestSobolPairedDifference(t *testing.T) {
	t.Parallel()
	noise := func(x []float64) float64 { return 0.5 * math.Sin(1e4*(x[0]+3*x[1]+7*x[2])) } // the same in both arms
	armA := func(x []float64) float64 { return 10*x[2] + 2*x[0] + x[1] + noise(x) }
	armB := func(x []float64) float64 { return 10*x[2] + noise(x) }
	id := func(u float64) float64 { return u }
	levels := estimate(armA, 3, 1024, id)
	assert.Greater(t, levels[2].ST, 0.85, "the levels depend on x3")
	diff := estimate(func(x []float64) float64 { return armA(x) - armB(x) }, 3, 1024, id)
	want := []float64{0.8, 0.2, 0}
	for i, e := range diff {
		t.Logf("difference x%d: S1 %.4f ST %.4f (analytic %.1f)", i+1, e.S1, e.ST, want[i])
		assert.InDelta(t, want[i], e.S1, 0.02)
		assert.InDelta(t, want[i], e.ST, 0.02)
	}
	assert.InDelta(t, 0, diff[2].ST, 1e-12, "x3 cancels in the difference")
}
