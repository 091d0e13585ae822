package sweep

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/agencysim/agencysim/sim"
)

// SobolEstimate is a pair of variance-based sensitivity indices of one
// parameter for one result, from the first N base rows of a Saltelli
// design, with 95% bootstrap intervals (percentile, SobolResamples
// resamples of the rows).
type SobolEstimate struct {
	N          int     // base rows used (rows with an undefined result are left out)
	S1         float64 // first-order index: the share of the variance due to the parameter alone
	S1Lo, S1Hi float64
	ST         float64 // total index: the share due to the parameter and its interactions
	STLo, STHi float64
}

// SobolEffect is the Sobol' screening of one parameter: the indices over
// all the design's base rows, the same at N/4 and N/2 rows (the
// convergence view: the first 2^m rows of a Sobol' sequence are a design
// of their own), and the noise share of the result.
type SobolEffect struct {
	SobolEstimate
	Quarter, Half SobolEstimate
	// NoiseShare is the variance of the result between replications over
	// the total: the mean over design points of the variance between
	// replications, over itself plus the variance of the points' means
	// (NaN with one replication). The indices are of the replication
	// means; this share is reported beside them, not folded in.
	NoiseShare float64
}

// SobolResamples is the number of bootstrap resamples behind the
// intervals of the indices (Archer, Saltelli and Sobol' 1997; 1,000 as
// scipy's and SALib's radial estimators use).
const SobolResamples = 1000

// sobolIndices estimates the first-order (Saltelli et al. 2010, Table 2
// (b)) and total (Jansen 1999; Saltelli et al. 2010, Table 2 (f)) indices
// of every parameter from the results at the A, B and AB_i points of base
// rows 0 … n−1, with percentile bootstrap intervals over resamples of the
// rows (the same resampled rows for A, B and every AB_i, and for every
// parameter). Rows with an undefined result at any of their points are
// left out. The results are centred on the mean of A and B
// (Sobol' and Levitan 1999); V is the variance of the 2N values of A and
// B, ddof 0:
//
//	S_i  = (1/N) Σ_j y_B,j (y_ABi,j − y_A,j) / V
//	ST_i = (1/2N) Σ_j (y_A,j − y_ABi,j)² / V
//
// A constant result (V = 0) has every index 0 with a zero interval.
// Estimates are not clipped to [0, 1]: a negative S_i at small N is
// reported as it is.
func sobolIndices(yA, yB []float64, yAB [][]float64, n int, seed uint64) []SobolEstimate {
	k := len(yAB)
	var rows []int
	for j := range n {
		ok := finiteF(yA[j]) && finiteF(yB[j])
		for i := range k {
			ok = ok && finiteF(yAB[i][j])
		}
		if ok {
			rows = append(rows, j)
		}
	}
	out := make([]SobolEstimate, k)
	if len(rows) < 2 {
		for i := range out {
			out[i] = SobolEstimate{N: len(rows), S1: math.NaN(), S1Lo: math.NaN(), S1Hi: math.NaN(), ST: math.NaN(), STLo: math.NaN(), STHi: math.NaN()}
		}
		return out
	}
	s1, st := make([]float64, k), make([]float64, k)
	saltelliJansen(yA, yB, yAB, rows, s1, st)
	// The bootstrap: one resample of the rows at a time, shared by all
	// parameters.
	rng := rand.New(rand.NewPCG(seed, sim.SplitMix64(0x626f6f74)))
	bs1, bst := make([][]float64, k), make([][]float64, k)
	for i := range k {
		bs1[i], bst[i] = make([]float64, SobolResamples), make([]float64, SobolResamples)
	}
	re := make([]int, len(rows))
	b1, bt := make([]float64, k), make([]float64, k)
	for b := range SobolResamples {
		for j := range re {
			re[j] = rows[rng.IntN(len(rows))]
		}
		saltelliJansen(yA, yB, yAB, re, b1, bt)
		for i := range k {
			bs1[i][b], bst[i][b] = b1[i], bt[i]
		}
	}
	for i := range k {
		e := SobolEstimate{N: len(rows), S1: s1[i], ST: st[i]}
		e.S1Lo, e.S1Hi = percentiles(bs1[i])
		e.STLo, e.STHi = percentiles(bst[i])
		out[i] = e
	}
	return out
}

// saltelliJansen computes S_i and ST_i over the given rows (repeats
// allowed) into s1 and st.
func saltelliJansen(yA, yB []float64, yAB [][]float64, rows []int, s1, st []float64) {
	n := float64(len(rows))
	var f0 float64
	for _, j := range rows {
		f0 += yA[j] + yB[j]
	}
	f0 /= 2 * n
	var v float64
	for _, j := range rows {
		a, b := yA[j]-f0, yB[j]-f0
		v += a*a + b*b
	}
	v /= 2 * n
	for i := range yAB {
		if !(v > 1e-300) {
			s1[i], st[i] = 0, 0
			continue
		}
		var first, total float64
		for _, j := range rows {
			a, b, ab := yA[j]-f0, yB[j]-f0, yAB[i][j]-f0
			first += b * (ab - a)
			total += (a - ab) * (a - ab)
		}
		s1[i] = first / n / v
		st[i] = total / (2 * n) / v
	}
}

// percentiles returns the 2.5% and 97.5% quantiles of xs (linear
// interpolation between order statistics); xs is sorted in place.
func percentiles(xs []float64) (lo, hi float64) {
	sort.Float64s(xs)
	q := func(p float64) float64 {
		h := p * float64(len(xs)-1)
		i := int(math.Floor(h))
		if i+1 >= len(xs) {
			return xs[len(xs)-1]
		}
		return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
	}
	return q(0.025), q(0.975)
}

func finiteF(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// NoiseShare is the share of a result's variance that is between
// replications: w / (w + b), w the mean over design points of the
// variance between replications (sd²) and b the variance (ddof 0) of the
// points' means; NaN when any sd is undefined everywhere or there is no
// variance at all.
func NoiseShare(means, sds []float64) float64 {
	var w, m, m2 float64
	nw, nm := 0, 0
	for i := range means {
		if finiteF(sds[i]) {
			w += sds[i] * sds[i]
			nw++
		}
		if finiteF(means[i]) {
			m += means[i]
			m2 += means[i] * means[i]
			nm++
		}
	}
	if nw == 0 || nm == 0 {
		return math.NaN()
	}
	w /= float64(nw)
	mu := m / float64(nm)
	b := max(0, m2/float64(nm)-mu*mu)
	if w+b == 0 {
		return math.NaN()
	}
	return w / (w + b)
}
