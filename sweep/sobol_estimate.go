//go:build !js

package sweep

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/agencysim/agencysim/sim"
)

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
