package stats

import "math"

// moments are the count, mean and sum of squared deviations of a sample
// (Welford's update, exactly as sim.Welford's, without the minimum and
// maximum nobody reads): 24 bytes per statistic kept.
type moments struct {
	n    int64
	mean float64
	m2   float64
}

// add records one observation.
func (w *moments) add(x float64) {
	w.n++
	d := x - w.mean
	w.mean += d / float64(w.n)
	w.m2 += d * (x - w.mean)
}

// N, Mean, Variance and StdDev are those of sim.Welford (see [sample]).
func (w *moments) N() int64 { return w.n }

func (w *moments) Mean() float64 {
	if w.n == 0 {
		return math.NaN()
	}
	return w.mean
}

func (w *moments) Variance() float64 {
	if w.n < 2 {
		return math.NaN()
	}
	return w.m2 / float64(w.n-1)
}

func (w *moments) StdDev() float64 { return math.Sqrt(w.Variance()) }

// sample is what the intervals read of a sample: sim.Welford or moments.
type sample interface {
	N() int64
	Mean() float64
	Variance() float64
	StdDev() float64
}

// pair accumulates the paired differences of an arm from the baseline,
// and the two sides.
type pair struct{ diff, arm, base moments }

// add records one pair (both sides finite).
func (p *pair) add(x, b float64) {
	p.diff.add(x - b)
	p.arm.add(x)
	p.base.add(b)
}

// statOf is the statistic of a sample.
func statOf(arm string, point int, metric string, w *moments) Stat {
	hw := halfWidth(w, 0.95)
	return Stat{Arm: arm, Point: point, Metric: metric, N: int(w.N()), Mean: w.Mean(), SD: w.StdDev(), Lo: w.Mean() - hw, Hi: w.Mean() + hw}
}

// comparisonOf is the comparison of a pair's sample.
func comparisonOf(arm, baseline string, point int, metric string, pr *pair) Comparison {
	dh := halfWidth(&pr.diff, 0.95)
	bm := pr.base.Mean()
	return Comparison{
		Arm: arm, Baseline: baseline, Point: point, Metric: metric, N: int(pr.diff.N()),
		BaseMean: bm, ArmMean: pr.arm.Mean(),
		Diff: pr.diff.Mean(), DiffSD: pr.diff.StdDev(), Lo: pr.diff.Mean() - dh, Hi: pr.diff.Mean() + dh,
		Relative:          pr.diff.Mean() / bm,
		PairedHalfWidth:   dh,
		UnpairedHalfWidth: welchHalfWidth(&pr.arm, &pr.base),
	}
}
