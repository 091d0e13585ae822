package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/agencysim/agencysim/sim"
)

// A Prior is the prior distribution of the parameters in ABC-SMC.
type Prior interface {
	Sample(r *rand.Rand) []float64
	// Density is the prior density at x, up to a constant; 0 outside
	// its support.
	Density(x []float64) float64
}

// UniformBox is the uniform prior on a box: what a calibrate file's
// params give.
type UniformBox [][2]float64

// Sample implements Prior.
func (b UniformBox) Sample(r *rand.Rand) []float64 {
	x := make([]float64, len(b))
	for j, lh := range b {
		x[j] = lh[0] + r.Float64()*(lh[1]-lh[0])
	}
	return x
}

// Density implements Prior.
func (b UniformBox) Density(x []float64) float64 {
	for j, lh := range b {
		if x[j] < lh[0] || x[j] > lh[1] {
			return 0
		}
	}
	return 1
}

// A Simulator runs one simulation per parameter vector and returns its
// figures (one per target). ids are distinct over the whole ABC run: the
// model uses each as the replication index of its random streams, so that
// no two simulations share streams (standard ABC; exploration-anchors
// §3.2: never the mean of replications). key names the batch (a
// [BatchStore] keeps each batch under it); thetas and ids are a
// deterministic function of the seed and the batches before.
type Simulator interface {
	Simulate(ctx context.Context, key BatchKey, thetas [][]float64, ids []uint64) ([][]float64, error)
}

// BatchKey names a batch of simulations: batch Batch of generation
// Generation, both from 0.
type BatchKey struct{ Generation, Batch int }

// SimulatorFunc is a Simulator of a function that ignores the batch key.
type SimulatorFunc func(ctx context.Context, thetas [][]float64, ids []uint64) ([][]float64, error)

// Simulate implements Simulator.
func (f SimulatorFunc) Simulate(ctx context.Context, _ BatchKey, thetas [][]float64, ids []uint64) ([][]float64, error) {
	return f(ctx, thetas, ids)
}

// ABCOptions are the settings of [ABCSMC]; the defaults in brackets are
// the calibrate file's.
type ABCOptions struct {
	Population  int     // particles per generation [100, pyABC's]
	Generations int     // generations after the prior sample [10]
	Quantile    float64 // ε_t is this weighted quantile of the last distances [0.5: pyABC MedianEpsilon]
	MinEpsilon  float64 // stop once ε_t ≤ this [0]
	// MinAcceptance stops a generation whose acceptance rate falls below
	// it, once it has run at least one batch [0.01] (pyABC #624).
	MinAcceptance float64
	// MinEpsilonDiff stops when ε would fall by less than this [0]
	// (pyABC #522).
	MinEpsilonDiff float64
	// Budget is the most simulations in all, checked after every batch,
	// inside a generation (pyABC #404) [100000].
	Budget int
	Batch  int    // simulations proposed at a time (0: Population)
	Seed   uint64 // seed of the draws
	// Done, if not nil, receives each generation when it is finished.
	Done func(g *Generation) error
}

// Generation is one population of ABC-SMC.
type Generation struct {
	T        int     // 0: the prior sample
	Epsilon  float64 // +Inf for T = 0
	Theta    [][]float64
	Weights  []float64 // normalised
	Dist     []float64
	Sims     int // simulations this generation ran
	TotalSim int // simulations so far, this one's included
}

// Acceptance is the share of the generation's simulations accepted.
func (g *Generation) Acceptance() float64 { return float64(len(g.Theta)) / float64(g.Sims) }

// ESS is the effective sample size 1 / Σ w².
func (g *Generation) ESS() float64 {
	s := 0.0
	for _, w := range g.Weights {
		s += w * w
	}
	return 1 / s
}

// Mean returns the weighted mean of parameter j.
func (g *Generation) Mean(j int) float64 {
	m := 0.0
	for i, w := range g.Weights {
		m += w * g.Theta[i][j]
	}
	return m
}

// SD returns the weighted standard deviation of parameter j.
func (g *Generation) SD(j int) float64 {
	m, v := g.Mean(j), 0.0
	for i, w := range g.Weights {
		d := g.Theta[i][j] - m
		v += w * d * d
	}
	return math.Sqrt(v)
}

// Quantile returns the weighted q-quantile of parameter j.
func (g *Generation) Quantile(j int, q float64) float64 {
	xs := make([]float64, len(g.Theta))
	for i := range xs {
		xs[i] = g.Theta[i][j]
	}
	return WeightedQuantile(xs, g.Weights, q)
}

// ABCResult is the outcome of ABC-SMC: its generations, the last the
// posterior sample, and why it stopped.
type ABCResult struct {
	Generations []Generation
	Stopped     string
}

// Posterior returns the last generation.
func (r *ABCResult) Posterior() *Generation { return &r.Generations[len(r.Generations)-1] }

// WeightedQuantile is the weighted q-quantile of xs as pyABC's
// weighted_quantile computes it: the points sorted, each placed at its
// cumulative weight minus half its own (weights normalised), and q
// interpolated linearly between them (clamped to the smallest and largest
// point). With equal weights and xs = 1, 2, 3, 4 the median is 2.5; with
// weights 0.1, 0.1, 0.1, 0.7 it is 3.625 (a step, inverse-CDF definition
// would give 4).
func WeightedQuantile(xs, ws []float64, q float64) float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	total := 0.0
	for _, w := range ws {
		total += w
	}
	c := 0.0
	prevP, prevX := 0.0, 0.0
	for k, i := range idx {
		w := ws[i] / total
		p := c + w/2
		c += w
		if p >= q {
			if k == 0 {
				return xs[i]
			}
			return prevX + (q-prevP)/(p-prevP)*(xs[i]-prevX)
		}
		prevP, prevX = p, xs[i]
	}
	return prevX
}

// ABCSMC runs ABC by sequential Monte Carlo (Toni et al. 2009; Beaumont
// et al. 2009): generation 0 is Population draws from the prior, all
// kept; generation t sets ε_t to the weighted Quantile of generation
// t−1's distances, proposes particles from generation t−1 (drawn by
// weight, moved by a Gaussian kernel of twice its weighted covariance,
// Beaumont's choice; a proposal outside the prior is redrawn), simulates
// them in batches and keeps those within ε_t until it has Population,
// then weights them w ∝ π(θ) / Σ_j w_j K(θ | θ_j).
//
// It stops after Generations generations; when ε_t ≤ MinEpsilon; before
// a generation whose ε would fall by less than MinEpsilonDiff; or within a
// generation, after any batch, when the simulations reach Budget or the
// generation's acceptance rate is below MinAcceptance — that generation
// is then dropped and the one before is the posterior. It never loops on
// an unreachable ε. Results depend on the seed, not on how the simulator
// parallelises a batch. To resume an interrupted run, or share its
// batches among machines, give it a [BatchStore].
func ABCSMC(ctx context.Context, prior Prior, simu Simulator, dist func([]float64) float64, opt ABCOptions) (*ABCResult, error) {
	if opt.Population < 2 || opt.Budget < opt.Population || !(opt.Quantile > 0 && opt.Quantile < 1) {
		panic("calibrate: ABCSMC needs a population ≥ 2, a budget ≥ the population and a quantile in (0, 1)")
	}
	if opt.Batch <= 0 {
		opt.Batch = opt.Population
	}
	res := &ABCResult{}
	total := 0
	for t := 0; t <= opt.Generations; t++ {
		var prev *Generation
		eps := math.Inf(1)
		if t > 0 {
			prev = &res.Generations[t-1]
			eps = WeightedQuantile(prev.Dist, prev.Weights, opt.Quantile)
			if t > 1 && prev.Epsilon-eps < opt.MinEpsilonDiff {
				res.Stopped = fmt.Sprintf("ε would fall from %.4g to %.4g, by less than min_epsilon_difference %g", prev.Epsilon, eps, opt.MinEpsilonDiff)
				return res, nil
			}
		}
		g, why, err := generation(ctx, t, eps, prev, prior, simu, dist, opt, total)
		if err != nil {
			return res, err
		}
		if why != "" {
			res.Stopped = why
			return res, nil
		}
		total = g.TotalSim
		res.Generations = append(res.Generations, *g)
		if opt.Done != nil {
			if err := opt.Done(g); err != nil {
				return res, err
			}
		}
		if t > 0 && eps <= opt.MinEpsilon {
			res.Stopped = fmt.Sprintf("ε %.4g reached min_epsilon %g", eps, opt.MinEpsilon)
			return res, nil
		}
	}
	res.Stopped = fmt.Sprintf("%d generations done", opt.Generations)
	return res, nil
}

// kernel is the Gaussian perturbation kernel: its covariance's Cholesky
// factor and inverse.
type kernel struct {
	l   *mat.TriDense
	inv *mat.SymDense
}

func newKernel(g *Generation) kernel {
	d := len(g.Theta[0])
	cov := mat.NewSymDense(d, nil)
	for a := range d {
		for b := a; b < d; b++ {
			ma, mb, s := g.Mean(a), g.Mean(b), 0.0
			for i, w := range g.Weights {
				s += w * (g.Theta[i][a] - ma) * (g.Theta[i][b] - mb)
			}
			cov.SetSym(a, b, 2*s)
		}
	}
	var ch mat.Cholesky
	for jitter := 1e-12; !ch.Factorize(cov); jitter *= 10 {
		// A degenerate population (all particles equal in a direction):
		// widen it a little.
		for a := range d {
			cov.SetSym(a, a, cov.At(a, a)+jitter)
		}
	}
	var l mat.TriDense
	ch.LTo(&l)
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		panic("calibrate: kernel covariance: " + err.Error())
	}
	return kernel{&l, &inv}
}

// move returns x + L z, z standard normal.
func (k kernel) move(x []float64, r *rand.Rand) []float64 {
	d := len(x)
	z := make([]float64, d)
	for i := range z {
		z[i] = r.NormFloat64()
	}
	out := make([]float64, d)
	for i := range d {
		s := x[i]
		for j := 0; j <= i; j++ {
			s += k.l.At(i, j) * z[j]
		}
		out[i] = s
	}
	return out
}

// density is the kernel density of y around x, up to a constant.
func (k kernel) density(y, x []float64) float64 {
	d := len(x)
	q := 0.0
	for a := range d {
		for b := range d {
			q += (y[a] - x[a]) * k.inv.At(a, b) * (y[b] - x[b])
		}
	}
	return math.Exp(-q / 2)
}

// generation runs generation t; it returns a reason instead when the run
// must stop within it.
func generation(ctx context.Context, t int, eps float64, prev *Generation, prior Prior, simu Simulator, dist func([]float64) float64, opt ABCOptions, total int) (*Generation, string, error) {
	g := &Generation{T: t, Epsilon: eps}
	var k kernel
	var cum []float64
	if prev != nil {
		k = newKernel(prev)
		c := 0.0
		for _, w := range prev.Weights {
			c += w
			cum = append(cum, c)
		}
	}
	for batch := 0; len(g.Theta) < opt.Population; batch++ {
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		if total >= opt.Budget {
			return nil, fmt.Sprintf("simulation budget %d reached within generation %d (%d of %d particles accepted)", opt.Budget, t, len(g.Theta), opt.Population), nil
		}
		r := sim.NewStreams(opt.Seed, uint64(t)).Stream(fmt.Sprintf("calibrate.abc.batch.%d", batch))
		n := min(opt.Batch, opt.Budget-total)
		thetas := make([][]float64, 0, n)
		for len(thetas) < n {
			var x []float64
			if prev == nil {
				x = prior.Sample(r)
			} else {
				i := sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1])
				x = k.move(prev.Theta[min(i, len(cum)-1)], r)
			}
			if prior.Density(x) > 0 {
				thetas = append(thetas, x)
			}
		}
		ids := make([]uint64, n)
		for i := range ids {
			ids[i] = uint64(total + i)
		}
		figs, err := simu.Simulate(ctx, BatchKey{t, batch}, thetas, ids)
		if err != nil {
			return nil, "", err
		}
		total += n
		g.Sims += n
		for i, f := range figs {
			if len(g.Theta) == opt.Population {
				break
			}
			if d := dist(f); prev == nil || d <= eps {
				g.Theta = append(g.Theta, thetas[i])
				g.Dist = append(g.Dist, d)
			}
		}
		if prev != nil && len(g.Theta) < opt.Population && g.Acceptance() < opt.MinAcceptance {
			return nil, fmt.Sprintf("acceptance %.3g%% in generation %d (ε %.4g) is below min_acceptance %g%%", 100*g.Acceptance(), t, eps, 100*opt.MinAcceptance), nil
		}
	}
	g.TotalSim = total
	g.Weights = make([]float64, len(g.Theta))
	sum := 0.0
	for i, x := range g.Theta {
		w := 1.0
		if prev != nil {
			den := 0.0
			for j, y := range prev.Theta {
				den += prev.Weights[j] * k.density(x, y)
			}
			w = prior.Density(x) / den
		} else {
			w = 1
		}
		g.Weights[i] = w
		sum += w
	}
	for i := range g.Weights {
		g.Weights[i] /= sum
	}
	return g, "", nil
}
