package stats

import (
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTQuantileRemembered checks that a remembered t quantile is the very
// number computed afresh, for levels and degrees of freedom of every kind
// (whole, fractional, huge, infinite, NaN), first asked and asked again,
// from several goroutines; that only whole degrees of freedom are kept;
// and that the memory stays within its bound.
func TestTQuantileRemembered(t *testing.T) {
	ps := []float64{0.5, 0.9, 0.95, 0.975, 0.995, 0.9995}
	dfs := []float64{1, 2, 3, 4, 7, 19, 99, 1000, maxTQuantiles, maxTQuantiles + 1, 1.5, 3.25, 17.999, 1e9, math.Inf(1), math.NaN()}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 2 {
				for _, p := range ps {
					for _, df := range dfs {
						if got, want := tQuantile(p, df), studentsT(p, df); !same(got, want) {
							t.Errorf("tQuantile(%v, %v) = %v, computed afresh %v", p, df, got, want)
						}
					}
				}
			}
		})
	}
	wg.Wait()
	tQuantiles.Lock()
	defer tQuantiles.Unlock()
	for k := range tQuantiles.m {
		assert.Equal(t, math.Trunc(k[1]), k[1], "a fractional df is kept: %v", k)
		assert.LessOrEqual(t, k[1], float64(maxTQuantiles), "a huge df is kept: %v", k)
	}
	_, ok := tQuantiles.m[[2]float64{0.975, 19}]
	assert.True(t, ok, "a whole df is not kept")
	require.LessOrEqual(t, len(tQuantiles.m), maxTQuantiles)
}

// TestTQuantilesBounded asks for more whole degrees of freedom than are
// kept: the memory stops growing at its bound and the answers stay exact.
func TestTQuantilesBounded(t *testing.T) {
	for df := 1.0; df <= maxTQuantiles; df++ {
		for _, p := range []float64{0.6, 0.8} {
			if got, want := tQuantile(p, df), studentsT(p, df); got != want {
				t.Fatalf("tQuantile(%v, %v) = %v, computed afresh %v", p, df, got, want)
			}
		}
	}
	tQuantiles.Lock()
	n := len(tQuantiles.m)
	tQuantiles.Unlock()
	assert.Equal(t, maxTQuantiles, n)
	assert.Equal(t, studentsT(0.7, 5), tQuantile(0.7, 5), "past the bound, quantiles are still right")
}
