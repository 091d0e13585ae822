package sweep

import "math"

// The Sobol' results are declared apart from the design and its estimator
// (design_sobol.go, sobolseq.go, sobol_estimate.go), which the browser
// build of the visual mode leaves out (build tag !js) to keep its
// WebAssembly within its 20 MB budget: it compares arms of sweeps, it does
// not analyse them.

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

func finiteF(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
