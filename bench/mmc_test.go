package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep/stats"
)

func TestErlangCFormula(t *testing.T) {
	// Textbook value: c=2, a=1 (rho=0.5) gives P(wait)=1/3 and Wq=1/3 with mu=1.
	p, w := ErlangC(1, 1, 2)
	assert.InDelta(t, 1.0/3, p, 1e-12)
	assert.InDelta(t, 1.0/3, w, 1e-12)
	// A single server reduces to M/M/1: P(wait)=rho, Wq=rho/(mu-lambda).
	p, w = ErlangC(0.8, 1, 1)
	assert.InDelta(t, 0.8, p, 1e-12)
	assert.InDelta(t, 4.0, w, 1e-12)
	p, _ = ErlangC(3, 1, 2)
	assert.Equal(t, 1.0, p, "unstable queue waits surely")
}

// TestMMCMatchesErlangC runs independent replications of the reference
// dispatch queue and checks the simulated mean wait and probability of
// waiting against the Erlang C formula, and the time-average number in the
// system against Little's law.
func TestMMCMatchesErlangC(t *testing.T) {
	cases := []struct {
		name       string
		lambda, mu float64
		c          int
	}{
		{"reference 8/h, 1h, 10 units", 8, 1, 10},
		{"heavy 2 units rho=0.9", 1.8, 1, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			const reps, warm, span = 12, 500.0, 20000.0
			wantP, wantW := ErlangC(tc.lambda, tc.mu, tc.c)
			var wait, pwait sim.Welford
			for r := range reps {
				m := NewMMC(tc.lambda, tc.mu, tc.c, 42, uint64(r))
				m.Run(warm)
				m.ResetStats()
				m.Run(warm + span)
				pool := m.Pool()
				wait.Add(pool.Wait.Mean())
				pwait.Add(float64(pool.Delayed.Value()) / float64(pool.Wait.N()))

				// Little's law within one run: L = lambda * W.
				L := m.InSystem.Mean(m.Engine().Now())
				W := m.Sojourn.Mean()
				assert.InEpsilon(t, L, m.ArrivalRate()*W, 0.02, "Little's law L=%.4f lambda*W=%.4f", L, m.ArrivalRate()*W)
			}
			t.Logf("Wq sim %.4f ± %.4f vs Erlang C %.4f; P(wait) sim %.4f ± %.4f vs %.4f",
				wait.Mean(), stats.MeanHalfWidth(&wait, 0.95), wantW, pwait.Mean(), stats.MeanHalfWidth(&pwait, 0.95), wantP)
			// 99.9% intervals across replications must cover the theory.
			require.Less(t, abs(wait.Mean()-wantW), stats.MeanHalfWidth(&wait, 0.999)+0.01*wantW)
			require.Less(t, abs(pwait.Mean()-wantP), stats.MeanHalfWidth(&pwait, 0.999)+0.01*wantP)
			// And the estimate must be informative: a wrong model is caught.
			require.Less(t, stats.MeanHalfWidth(&wait, 0.95), 0.15*wantW)
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
