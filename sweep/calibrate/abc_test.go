package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep/runner"
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

// counting counts the simulations a Simulator runs.
type counting struct {
	sim Simulator
	n   atomic.Int64
}

func (c *counting) Simulate(ctx context.Context, k BatchKey, th [][]float64, ids []uint64) ([][]float64, error) {
	c.n.Add(int64(len(th)))
	return c.sim.Simulate(ctx, k, th, ids)
}

// A BatchStore gives the generations of the simulator alone: resumed
// after losing batches (only those run again), or run in shards of each
// batch and merged; a missing shard is named, another calibration's
// folder refused.
func TestABCBatchStore(t *testing.T) {
	t.Parallel()
	dist := func(f []float64) float64 { return math.Abs(f[0] - 1) }
	opt := ABCOptions{Population: 20, Generations: 3, Quantile: 0.5, Budget: 100000, Batch: 10, Seed: 2}
	whole, err := ABCSMC(context.Background(), normalPrior{}, sampleMean, dist, opt)
	require.NoError(t, err)
	store := func(dir string) (*BatchStore, *counting) {
		c := &counting{sim: sampleMean}
		return &BatchStore{Dir: dir, Hash: "h", Params: []string{"mu"}, Figures: []string{"mean"}, Sim: c, Command: "cmd"}, c
	}

	dir := t.TempDir()
	s, c := store(dir)
	res, err := ABCSMC(context.Background(), normalPrior{}, s, dist, opt)
	require.NoError(t, err)
	assert.Equal(t, whole.Generations, res.Generations)
	assert.EqualValues(t, whole.Posterior().TotalSim, c.n.Load())
	// Lose the batches of generation 2 after its first.
	g2 := whole.Generations[2].Sims / opt.Batch
	require.Greater(t, g2, 1, "generation 2 has several batches")
	for b := 1; b < g2; b++ {
		require.NoError(t, os.Remove(s.BatchFile(BatchKey{2, b})))
	}
	s, c = store(dir)
	res, err = ABCSMC(context.Background(), normalPrior{}, s, dist, opt)
	require.NoError(t, err)
	assert.Equal(t, whole.Generations, res.Generations)
	assert.EqualValues(t, (g2-1)*opt.Batch, c.n.Load(), "only the lost batches run again")

	// Three shards of each batch, then a merge, until done.
	sharded := t.TempDir()
	done := false
	for range 100 {
		for i := range 3 {
			s, _ := store(sharded)
			s.Shard = runner.Shard{Index: i, Count: 3}
			_, err := ABCSMC(context.Background(), normalPrior{}, s, dist, opt)
			var stop *StopError
			require.ErrorAs(t, err, &stop)
			assert.Contains(t, stop.Msg, fmt.Sprintf("shard %d/3 done", i))
		}
		s, _ := store(sharded)
		s.Merge = true
		res, err = ABCSMC(context.Background(), normalPrior{}, s, dist, opt)
		if err == nil {
			done = true
			break
		}
		var stop *StopError
		require.ErrorAs(t, err, &stop)
		assert.Contains(t, stop.Msg, "is ready: run its shards")
	}
	require.True(t, done)
	assert.Equal(t, whole.Generations, res.Generations)

	// Shard 1 of 3 never ran.
	gap := t.TempDir()
	for _, i := range []int{0, 2} {
		s, _ := store(gap)
		s.Shard = runner.Shard{Index: i, Count: 3}
		_, err := ABCSMC(context.Background(), normalPrior{}, s, dist, opt)
		require.ErrorAs(t, err, new(*StopError))
	}
	s, _ = store(gap)
	s.Merge = true
	_, err = ABCSMC(context.Background(), normalPrior{}, s, dist, opt)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "generation 0 batch 0: 3 of 10 simulations are missing")
	assert.Contains(t, err.Error(), "shard 1/3 not done")

	// Another calibration: another hash, or other particles.
	s, _ = store(dir)
	s.Hash = "other"
	_, err = ABCSMC(context.Background(), normalPrior{}, s, dist, opt)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds a different calibration")
	s, _ = store(dir)
	opt.Seed = 3
	_, err = ABCSMC(context.Background(), normalPrior{}, s, dist, opt)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds a different calibration")
}
