package stats

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/agencysim/agencysim/sim"
)

// WelchHalfWidth is the 95% half-width of the difference of two means as
// if the samples were independent (Welch's t): what the interval of a
// paired difference would have been without common random numbers. It is
// NaN with fewer than two values on either side.
func WelchHalfWidth(a, b *sim.Welford) float64 { return welchHalfWidth(a, b) }

func welchHalfWidth(a, b sample) float64 {
	na, nb := float64(a.N()), float64(b.N())
	if na < 2 || nb < 2 {
		return math.NaN()
	}
	va, vb := a.Variance()/na, b.Variance()/nb
	se := math.Sqrt(va + vb)
	df := (va + vb) * (va + vb) / (va*va/(na-1) + vb*vb/(nb-1))
	if math.IsNaN(df) || df < 1 {
		df = 1
	}
	return tQuantile(0.975, df) * se
}

// MeanHalfWidth returns the half-width of the two-sided confidence
// interval for the mean of w's observations at the given level (0.95 for a
// 95% interval), by Student's t. It is NaN with fewer than two
// observations, and panics if level is not in (0, 1). (It lives here, not
// in the kernel, so that the kernel and the visual mode do not carry
// gonum's distributions.)
func MeanHalfWidth(w *sim.Welford, level float64) float64 { return halfWidth(w, level) }

func halfWidth(w sample, level float64) float64 {
	if !(level > 0 && level < 1) {
		panic(fmt.Sprintf("stats: confidence level %v not in (0, 1)", level))
	}
	n := float64(w.N())
	if n < 2 {
		return math.NaN()
	}
	return tQuantile(0.5+level/2, n-1) * w.StdDev() / math.Sqrt(n)
}

// tQuantile is the p-quantile of Student's t with df degrees of freedom.
// The quantiles of whole degrees of freedom are remembered (see tQuantiles).
func tQuantile(p, df float64) float64 {
	if df != math.Trunc(df) || df > maxTQuantiles {
		return studentsT(p, df)
	}
	k := [2]float64{p, df}
	tQuantiles.Lock()
	q, ok := tQuantiles.m[k]
	tQuantiles.Unlock()
	if ok {
		return q
	}
	q = studentsT(p, df)
	tQuantiles.Lock()
	if len(tQuantiles.m) < maxTQuantiles {
		tQuantiles.m[k] = q
	}
	tQuantiles.Unlock()
	return q
}

// studentsT is the p-quantile of Student's t with df degrees of freedom.
func studentsT(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// tQuantiles remembers the quantiles of whole degrees of freedom (a
// sample's n − 1, up to maxTQuantiles), at most maxTQuantiles of them.
// Each costs an inverse incomplete beta function, and a sweep asks for the
// same few thousands of times, since every statistic of every arm has the
// same replications: computing them was about 2 % of the bundled sweep's
// CPU (issue 16). A remembered quantile is the very number computed.
var tQuantiles = struct {
	sync.Mutex
	m map[[2]float64]float64
}{m: map[[2]float64]float64{}}

const maxTQuantiles = 1 << 12
