package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sim"
)

// normalPrior is N(0, 1).
type normalPrior struct{}

func (normalPrior) Sample(r *rand.Rand) []float64 { return []float64{r.NormFloat64()} }
func (normalPrior) Density(x []float64) float64   { return math.Exp(-x[0] * x[0] / 2) }

// sampleMean simulates the mean of n = 10 draws of N(μ, 1): N(μ, 1/10),
// from the simulation's own stream.
var sampleMean = SimulatorFunc(func(_ context.Context, th [][]float64, ids []uint64) ([][]float64, error) {
	out := make([][]float64, len(th))
	for i, x := range th {
		r := sim.NewStreams(99, ids[i]).Stream("toy")
		out[i] = []float64{x[0] + r.NormFloat64()/math.Sqrt(10)}
	}
	return out, nil
})

// exploration-anchors §6.4 (1): prior N(0, 1), ȳ = 1 from n = 10: the
// posterior is N(10/11, 1/11), mean 0.9091, sd 0.3015.
func TestABCConjugateNormal(t *testing.T) {
	t.Parallel()
	dist := func(f []float64) float64 { return math.Abs(f[0] - 1) }
	var eps []float64
	res, err := ABCSMC(context.Background(), normalPrior{}, sampleMean, dist, ABCOptions{
		Population: 1000, Generations: 20, Quantile: 0.5, MinEpsilon: 0.05, Budget: 200000, Seed: 5,
		Done: func(g *Generation) error { eps = append(eps, g.Epsilon); return nil },
	})
	require.NoError(t, err)
	post := res.Posterior()
	require.LessOrEqual(t, post.Epsilon, 0.05, res.Stopped)
	assert.InDelta(t, 0.9091, post.Mean(0), 0.03)
	assert.InDelta(t, 0.3015, post.SD(0), 0.03)
	assert.GreaterOrEqual(t, post.ESS(), 500.0)
	sum := 0.0
	for _, w := range post.Weights {
		sum += w
	}
	assert.InDelta(t, 1, sum, 1e-12)
	for i := 1; i < len(eps); i++ {
		assert.LessOrEqual(t, eps[i], eps[i-1], "ε is non-increasing")
	}
	// ε_t is the weighted median of generation t−1's distances.
	g := res.Generations
	for i := 1; i < len(g); i++ {
		assert.Equal(t, WeightedQuantile(g[i-1].Dist, g[i-1].Weights, 0.5), g[i].Epsilon)
	}
	t.Logf("posterior after %d generations (ε %.4f, %d simulations): mean %.4f sd %.4f ESS %.0f; %s", len(g)-1, post.Epsilon, post.TotalSim, post.Mean(0), post.SD(0), post.ESS(), res.Stopped)
}

// §6.4 (2): pyABC's weighted quantile.
func TestWeightedQuantile(t *testing.T) {
	t.Parallel()
	d := []float64{4, 2, 3, 1}
	assert.InDelta(t, 2.5, WeightedQuantile(d, []float64{1, 1, 1, 1}, 0.5), 1e-12)
	assert.InDelta(t, 3.625, WeightedQuantile([]float64{1, 2, 3, 4}, []float64{0.1, 0.1, 0.1, 0.7}, 0.5), 1e-12)
	assert.Equal(t, 1.0, WeightedQuantile(d, []float64{1, 1, 1, 1}, 0.01))
	assert.Equal(t, 4.0, WeightedQuantile(d, []float64{1, 1, 1, 1}, 0.99))
}

// §6.4 (3): the weights of a 3-particle example by hand: uniform prior,
// Gaussian kernel of twice the weighted covariance.
func TestABCWeightsByHand(t *testing.T) {
	t.Parallel()
	prev := &Generation{Theta: [][]float64{{0}, {1}, {3}}, Weights: []float64{0.5, 0.3, 0.2}}
	k := newKernel(prev)
	m := 0.5*0 + 0.3*1 + 0.2*3
	v := 2 * (0.5*m*m + 0.3*(1-m)*(1-m) + 0.2*(3-m)*(3-m))
	x := []float64{1.5}
	want := 0.0
	for j, y := range prev.Theta {
		want += prev.Weights[j] * math.Exp(-(x[0]-y[0])*(x[0]-y[0])/(2*v))
	}
	got := 0.0
	for j, y := range prev.Theta {
		got += prev.Weights[j] * k.density(x, y)
	}
	assert.InDelta(t, want, got, 1e-12)
}

// §6.4 (5): an ε below the noise floor is never reached: the run stops on
// the acceptance rate or the budget, inside a generation, and keeps the
// last whole generation.
func TestABCUnreachableEpsilon(t *testing.T) {
	t.Parallel()
	noise := SimulatorFunc(func(_ context.Context, th [][]float64, ids []uint64) ([][]float64, error) {
		out := make([][]float64, len(th))
		for i := range th {
			out[i] = []float64{sim.NewStreams(1, ids[i]).Stream("noise").NormFloat64()}
		}
		return out, nil
	})
	dist := func(f []float64) float64 { return math.Abs(f[0]) }
	box := UniformBox{{0, 1}}
	res, err := ABCSMC(context.Background(), box, noise, dist, ABCOptions{Population: 100, Generations: 1000, Quantile: 0.5, MinEpsilon: 1e-9, MinAcceptance: 0.02, Budget: 50000, Seed: 1})
	require.NoError(t, err)
	assert.Contains(t, res.Stopped, "below min_acceptance")
	assert.Less(t, res.Posterior().TotalSim, 50000)
	res, err = ABCSMC(context.Background(), box, noise, dist, ABCOptions{Population: 100, Generations: 1000, Quantile: 0.5, Budget: 3000, Batch: 50, Seed: 1})
	require.NoError(t, err)
	assert.Contains(t, res.Stopped, "budget 3000 reached within generation")
	res, err = ABCSMC(context.Background(), box, noise, dist, ABCOptions{Population: 100, Generations: 1000, Quantile: 0.5, MinEpsilonDiff: 0.01, Budget: 1 << 30, Seed: 1})
	require.NoError(t, err)
	assert.Contains(t, res.Stopped, "min_epsilon_difference")
}

// A run resumed from its checkpointed generations ends exactly as one
// that was not interrupted.
func TestABCResume(t *testing.T) {
	t.Parallel()
	dist := func(f []float64) float64 { return math.Abs(f[0] - 1) }
	opt := ABCOptions{Population: 200, Generations: 4, Quantile: 0.5, Budget: 100000, Seed: 2}
	whole, err := ABCSMC(context.Background(), normalPrior{}, sampleMean, dist, opt)
	require.NoError(t, err)
	opt.Resume = whole.Generations[:2]
	resumed, err := ABCSMC(context.Background(), normalPrior{}, sampleMean, dist, opt)
	require.NoError(t, err)
	assert.Equal(t, whole.Generations, resumed.Generations)
}
