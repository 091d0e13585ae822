//go:build !js

package sweep

import (
	"fmt"
	"math"
	"math/bits"
)

// sobol is a Saltelli design for variance-based (Sobol') sensitivity
// indices (Saltelli 2002; Saltelli et al. 2010): N = vary.points base
// rows of a scrambled 2k-dimensional Sobol' sequence (see sobolseq.go),
// the first k columns the matrix A, the last k the matrix B, and for
// every parameter i the matrix AB_i, A with column i from B. Each base
// row j is a block of k+2 consecutive design points: A_j, AB_1,j … AB_k,j,
// B_j (point j·(k+2) + r). N·(k+2) points in all.
//
// Every point of replication r runs with the same random streams (as in
// every design of a sweep), so the noise of the model is the same function
// at A_j, B_j and AB_i,j: the indices are those of the mean over the
// replications, and the variance between replications is reported beside
// them (SobolEffect.NoiseShare).
type sobol struct{ params }

var _ = register(sobol{})

func (sobol) Name() string { return "sobol" }
func (sobol) Doc() string {
	return "Sobol' variance-based sensitivity indices: a Saltelli design of 'points' base rows (a power of two, at least 8) over [low, high] ranges, points × (parameters + 2) points"
}

// SobolMaxParams is the most parameters of a sobol design: the Sobol'
// sequence has direction numbers for 2k ≤ 101 dimensions here.
const SobolMaxParams = (sobolMaxDim - 1) / 2

// sobolMinPoints is the fewest base rows: N/4 rows are the first step of
// the convergence view.
const sobolMinPoints = 8

func (sobol) Points(in *Input) ([]string, []Point) {
	keys, lo, hi, integer := in.Ranges()
	if in.Failed() {
		return nil, nil
	}
	n, k := in.Vary.Points, len(keys)
	if n < sobolMinPoints || bits.OnesCount(uint(n)) != 1 {
		in.Fail("vary.points", n, "is not a power of two of at least 8", fmt.Sprintf("8, 16, 32, 64, … base rows (a Sobol' sequence is balanced only at powers of two), e.g. %d", max(sobolMinPoints, 1<<bits.Len(uint(n)))))
		return nil, nil
	}
	if k > SobolMaxParams {
		in.Fail("vary.params", k, "are too many parameters for a sobol design", fmt.Sprintf("at most %d parameters", SobolMaxParams))
		return nil, nil
	}
	if _, ok := mulLimit(n, k+2, MaxDesignPoints); !ok { // n ≤ 100,000 and k ≤ 50: n(k+2) does not overflow
		in.Fail("vary.points", n, fmt.Sprintf("makes too many points with %d parameters (points × (parameters + 2) = %d)", k, n*(k+2)), fmt.Sprintf("at most %d points in all", MaxDesignPoints))
		return nil, nil
	}
	unit := sobolUnit(uint64(in.Seed), n, k)
	pts := make([]Point, 0, n*(k+2))
	value := func(u []float64) []any {
		vs := make([]any, k)
		for i := range k {
			vs[i] = numberValue(lo[i]+u[i]*(hi[i]-lo[i]), integer[i])
		}
		return vs
	}
	for _, row := range unit {
		a, b := row[:k], row[k:]
		pts = append(pts, Point{Index: len(pts), Values: value(a)})
		for i := range k {
			ab := append([]float64(nil), a...)
			ab[i] = b[i]
			pts = append(pts, Point{Index: len(pts), Values: value(ab)})
		}
		pts = append(pts, Point{Index: len(pts), Values: value(b)})
	}
	return keys, pts
}

// sobolUnit returns n rows of a scrambled 2k-dimensional Sobol' sequence
// in [0, 1), scrambled from the sweep's seed.
func sobolUnit(seed uint64, n, k int) [][]float64 {
	raw := sobolPoints(n, 2*k, &seed)
	out := make([][]float64, n)
	for j, r := range raw {
		out[j] = make([]float64, 2*k)
		for d, x := range r {
			out[j][d] = float64(x) / (1 << sobolBits)
		}
	}
	return out
}

// SobolRows returns the base rows N of the plan's sobol design (0 if the
// design is not sobol).
func (p *Plan) SobolRows() int {
	if _, ok := p.Design().(sobol); !ok {
		return 0
	}
	return len(p.Points) / (len(p.ParamKeys) + 2)
}

// Effects estimates the Sobol' indices of every parameter from y at the
// design's points (see sobolIndices), at all N base rows and at the first
// N/4 and N/2: MuStar is ST, Mu is S1, N the rows used. The bootstrap is
// seeded from the sweep's seed: the same results give the same intervals.
func (sobol) Effects(plan *Plan, y func(point int) float64) []Effect {
	k := len(plan.ParamKeys)
	n := plan.SobolRows()
	yA, yB := make([]float64, n), make([]float64, n)
	yAB := make([][]float64, k)
	for i := range yAB {
		yAB[i] = make([]float64, n)
	}
	for j := range n {
		base := j * (k + 2)
		yA[j], yB[j] = y(base), y(base+k+1)
		for i := range k {
			yAB[i][j] = y(base + 1 + i)
		}
	}
	seed := uint64(plan.Sweep.Seed)
	full := sobolIndices(yA, yB, yAB, n, seed)
	half := sobolIndices(yA, yB, yAB, n/2, seed)
	quarter := sobolIndices(yA, yB, yAB, n/4, seed)
	lo, hi := morrisRanges(plan)
	rows := make([]Effect, k)
	for i, key := range plan.ParamKeys {
		e := &SobolEffect{SobolEstimate: full[i], Half: half[i], Quarter: quarter[i], NoiseShare: math.NaN()}
		rows[i] = Effect{Param: key, Low: lo[i], High: hi[i], Mu: e.S1, MuStar: e.ST, Sigma: math.NaN(), N: e.N, Sobol: e}
	}
	return rows
}

func (sobol) Words(plan *Plan, reps string) Words {
	k := len(plan.ParamKeys)
	n := plan.SobolRows()
	return Words{
		Intro: fmt.Sprintf("The sweep measured how much of the variation of each result each of %d uncertain parameters explains, with a Saltelli design for Sobol' indices: %d base rows of a scrambled Sobol' sequence, %d points in all (base rows × (parameters + 2)). "+
			"Each point ran %s with the same random draws; the indices are of the mean over those replications. "+
			"The total index S_T is the share of the result's variance that goes away if the parameter were known exactly (its effect alone and with the others); the first-order index S_1 is the share due to the parameter alone. "+
			"Parameters with S_T near zero can be fixed anywhere in their ranges without changing the result.",
			k, n, len(plan.Points), reps),
		Reading: "S_T: total index (Jansen 1999), S_1: first-order index (Saltelli et al. 2010), each with its 95% bootstrap interval (percentile, 1,000 resamples of the base rows). " +
			"Both are shares of the variance of the result over the parameter ranges, between 0 and 1; estimates near 0 can be slightly negative at small sample sizes, and are shown as estimated. " +
			"S_T much larger than S_1 means the parameter acts through interactions with others. " +
			"sensitivity.csv also gives the indices at a quarter and a half of the base rows (whether they settled) and the noise share: the variance between replications over the total, which the indices leave out. " +
			"These figures describe how the model responds over the ranges in the sweep file, not how likely any value is.",
		RangeHead: "Range",
		Cols:      []string{"S_T", "S_1"},
		Caption: fmt.Sprintf("Sobol' indices from %d base rows: each bar is the total index S_T, the share of the metric's variance over the parameter ranges due to the parameter (alone and with others), with its 95%% bootstrap interval. "+
			"The white dot is S_1, the share due to the parameter alone.", n),
		Axis:   "Sobol' total index S_T (share of variance)",
		Shares: true,
	}
}
