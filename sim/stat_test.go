package sim_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/stat"

	"github.com/agencysim/agencysim/sim"
)

func TestWelfordMatchesTwoPass(t *testing.T) {
	t.Parallel()
	r := sim.NewStreams(1, 0).Stream("w")
	x := make([]float64, 1000)
	var w, a, b sim.Welford
	for i := range x {
		x[i] = 1e6 + r.NormFloat64() // large offset: naive sums lose precision
		w.Add(x[i])
		if i < 300 {
			a.Add(x[i])
		} else {
			b.Add(x[i])
		}
	}
	mean, variance := stat.MeanVariance(x, nil)
	assert.InDelta(t, mean, w.Mean(), 1e-9)
	assert.InDelta(t, variance, w.Variance(), 1e-6)
	a.Merge(b)
	assert.InDelta(t, mean, a.Mean(), 1e-9)
	assert.InDelta(t, variance, a.Variance(), 1e-6)
	assert.Equal(t, w.Min(), a.Min())
	assert.Equal(t, w.Max(), a.Max())
	assert.EqualValues(t, 1000, a.N())

	var empty sim.Welford
	assert.True(t, math.IsNaN(empty.Mean()))
	assert.True(t, math.IsNaN(empty.Variance()))
}

func TestTimeWeighted(t *testing.T) {
	t.Parallel()
	var tw sim.TimeWeighted
	tw.Update(2, 4)                              // 0 on [0,2)
	tw.Update(6, 1)                              // 4 on [2,6)
	assert.InDelta(t, 18.0/8, tw.Mean(8), 1e-12) // 1 on [6,8)
	assert.Equal(t, 4.0, tw.Max())
	assert.Equal(t, 1.0, tw.Value())
	assert.PanicsWithError(t, "sim: TimeWeighted update at 5 before previous update at 6", func() { tw.Update(5, 0) })
	tw.Reset(10, 3)
	assert.Equal(t, 3.0, tw.Mean(10))
}

func TestSampleQuantilesMatchType7(t *testing.T) {
	t.Parallel()
	var s sim.Sample
	for _, v := range []float64{7, 1, 3, 9, 5} {
		s.Add(v)
	}
	// R: quantile(c(1,3,5,7,9), c(0, .25, .5, .9, 1)) = 1 3 5 8.2 9
	assert.Equal(t, 1.0, s.Quantile(0))
	assert.Equal(t, 3.0, s.Quantile(0.25))
	assert.Equal(t, 5.0, s.Quantile(0.5))
	assert.InDelta(t, 8.2, s.Quantile(0.9), 1e-12)
	assert.Equal(t, 9.0, s.Quantile(1))
	assert.Equal(t, 5.0, s.Mean())
	assert.Equal(t, 5, s.Len())
	assert.Panics(t, func() { s.Quantile(1.5) })
	var empty sim.Sample
	assert.True(t, math.IsNaN(empty.Quantile(0.5)))

	var c sim.Counter
	c.Inc()
	c.Add(4)
	assert.EqualValues(t, 5, c.Value())
}

func TestSampleBoundedPastExactLimit(t *testing.T) {
	// Past SampleExact observations the quantiles come from a histogram:
	// within half a bin (0.05%) of the exact ones, for positive and
	// negative values, with min, max, mean and count exact.
	for _, tc := range []struct {
		name string
		gen  func(r *rand.Rand) float64
	}{
		{"exponential", func(r *rand.Rand) float64 { return 10 * r.ExpFloat64() }},
		{"normal around zero", func(r *rand.Rand) float64 { return r.NormFloat64() }},
		{"wide range", func(r *rand.Rand) float64 { return math.Exp(20 * r.NormFloat64()) }},
	} {
		r := rand.New(rand.NewPCG(3, 4))
		var s sim.Sample
		var all []float64
		sum := 0.0
		n := sim.SampleExact*2 + 123
		for range n {
			x := tc.gen(r)
			s.Add(x)
			all = append(all, x)
			sum += x
		}
		assert.Equal(t, n, s.Len(), tc.name)
		slices.Sort(all)
		for _, p := range []float64{0, 0.01, 0.1, 0.5, 0.9, 0.99, 1} {
			h := p * float64(n-1)
			lo := int(h)
			want := all[lo]
			if lo < n-1 {
				want += (h - float64(lo)) * (all[lo+1] - all[lo])
			}
			got := s.Quantile(p)
			assert.InDelta(t, want, got, math.Abs(want)*sim.SampleBinWidth/2*1.01+1e-9, "%s p=%v", tc.name, p)
		}
		assert.Equal(t, all[0], s.Quantile(0), "min is exact")
		assert.Equal(t, all[n-1], s.Quantile(1), "max is exact")
		assert.InDelta(t, sum/float64(n), s.Mean(), 1e-12*math.Abs(sum))
		// Adding more observations in histogram mode allocates nothing.
		x := all[n/2]
		assert.Zero(t, testing.AllocsPerRun(1000, func() { s.Add(x) }), tc.name)
	}
}
