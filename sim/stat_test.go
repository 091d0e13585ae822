package sim_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/stat"

	"github.com/agencysim/agencysim/sim"
)

func TestWelfordMatchesTwoPass(t *testing.T) {
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
	assert.True(t, math.IsNaN(empty.CIHalfWidth(0.95)))
	assert.Panics(t, func() { w.CIHalfWidth(1) })
}

func TestWelfordConfidenceInterval(t *testing.T) {
	var w sim.Welford
	for _, v := range []float64{1, 2, 3, 4, 5} {
		w.Add(v)
	}
	// t(0.975, 4) = 2.776445; sd = sqrt(2.5).
	assert.InDelta(t, 2.776445*math.Sqrt(2.5)/math.Sqrt(5), w.CIHalfWidth(0.95), 1e-5)
}

func TestTimeWeighted(t *testing.T) {
	var tw sim.TimeWeighted
	tw.Update(2, 4)                              // 0 on [0,2)
	tw.Update(6, 1)                              // 4 on [2,6)
	assert.InDelta(t, 18.0/8, tw.Mean(8), 1e-12) // 1 on [6,8)
	assert.Equal(t, 4.0, tw.Max())
	assert.Equal(t, 1.0, tw.Value())
	assert.Panics(t, func() { tw.Update(5, 0) })
	tw.Reset(10, 3)
	assert.Equal(t, 3.0, tw.Mean(10))
}

func TestSampleQuantilesMatchType7(t *testing.T) {
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
