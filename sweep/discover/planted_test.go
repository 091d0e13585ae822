package discover

import (
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
