package sim_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/agencysim/agencysim/sim"
)

func TestStreamsAreReproducibleAndIndependent(t *testing.T) {
	t.Parallel()
	draw := func(s sim.Streams, name string) []uint64 {
		r := s.Stream(name)
		out := make([]uint64, 5)
		for i := range out {
			out[i] = r.Uint64()
		}
		return out
	}
	a := sim.NewStreams(1, 0)
	assert.Equal(t, draw(a, "crime"), draw(sim.NewStreams(1, 0), "crime"), "same (seed, rep, name)")
	assert.NotEqual(t, draw(a, "crime"), draw(a, "dispatch"), "different names")
	assert.NotEqual(t, draw(a, "crime"), draw(sim.NewStreams(1, 1), "crime"), "different replications")
	assert.NotEqual(t, draw(a, "crime"), draw(sim.NewStreams(2, 0), "crime"), "different seeds")
	// Seed and replication do not commute.
	assert.NotEqual(t, draw(sim.NewStreams(1, 2), "x"), draw(sim.NewStreams(2, 1), "x"))
	assert.EqualValues(t, 1, a.Seed())
	assert.EqualValues(t, 0, a.Replication())
}

func TestDrawsAreCounterBased(t *testing.T) {
	t.Parallel()
	d := sim.NewStreams(3, 4).Draws("crimes")
	c := d.Sub(17)
	assert.Equal(t, c.Float64(5), d.Sub(17).Float64(5), "pure function of key and index")
	assert.NotEqual(t, c.Float64(5), c.Float64(6))
	assert.NotEqual(t, c.Float64(5), d.Sub(18).Float64(5))
	// Uniformity: mean and variance of many draws.
	var w sim.Welford
	for i := range uint64(200000) {
		u := d.Float64(i)
		assert.True(t, u >= 0 && u < 1)
		w.Add(u)
	}
	assert.InDelta(t, 0.5, w.Mean(), 0.003)
	assert.InDelta(t, 1.0/12, w.Variance(), 0.001)
	var ex sim.Welford
	for i := range uint64(200000) {
		ex.Add(d.Exp(i, 2.5))
	}
	assert.InDelta(t, 2.5, ex.Mean(), 0.03)
}

func TestPoissonByInversion(t *testing.T) {
	t.Parallel()
	d := sim.NewStreams(9, 0).Draws("p")
	for _, mean := range []float64{0, 0.3, 1.5, 12} {
		var w sim.Welford
		for i := range uint64(100000) {
			w.Add(float64(sim.Poisson(mean, d.Float64(i))))
		}
		assert.InDelta(t, mean, w.Mean(), 0.02+0.01*mean, "mean %v", mean)
		if mean > 0 {
			assert.InDelta(t, mean, w.Variance(), 0.05+0.03*mean, "variance %v", mean)
		}
	}
	assert.Equal(t, 0, sim.Poisson(2, 0))
	assert.Panics(t, func() { sim.Poisson(-1, 0.5) })
	assert.Panics(t, func() { sim.Poisson(math.NaN(), 0.5) })
}

func TestSplitMix64IsABijectionSample(t *testing.T) {
	t.Parallel()
	seen := map[uint64]bool{}
	for i := range uint64(10000) {
		v := sim.SplitMix64(i)
		assert.False(t, seen[v])
		seen[v] = true
	}
}

// A stream's generator held by value draws Stream's numbers, stream by
// stream, and different names give different generators.
func TestPCGIsTheStream(t *testing.T) {
	st := sim.NewStreams(11, 3)
	for _, name := range []string{"calls/east", "crime/west/robbery", "ice/at_large"} {
		g, r := st.PCG(name), st.Stream(name)
		for i := range 100 {
			if a, b := g.Uint64(), r.Uint64(); a != b {
				t.Fatalf("%s: draw %d: PCG %d, Stream %d", name, i, a, b)
			}
		}
	}
	a, b := st.PCG("a"), st.PCG("b")
	if a.Uint64() == b.Uint64() {
		t.Error("streams a and b start alike")
	}
}
