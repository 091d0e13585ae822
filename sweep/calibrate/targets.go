package calibrate

import (
	"fmt"
	"math"
	"sort"
)

// Matching says what a point target is matched with (hmer's stochastic
// workshop; exploration-anchors §3.1): the mean of the model's runs (a
// published long-run average: the replication variance enters only as the
// uncertainty of the sample mean, s²/R), or one realisation of the model
// (a jurisdiction's figure for one year: the run-to-run variance s² enters
// too).
type Matching int

// The matchings.
const (
	MatchMean Matching = iota
	MatchRealisation
	NumMatchings = 2
)

var matchingNames = []string{"mean", "realisation"}

func (m Matching) String() string {
	if m < 0 || m >= NumMatchings {
		return fmt.Sprintf("Matching(%d)", int(m))
	}
	return matchingNames[m]
}

// EnumNames lists the matchings' names.
func (Matching) EnumNames() []string { return append([]string(nil), matchingNames...) }

// MarshalText writes the matching's name.
func (m Matching) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Target is one observed figure the model is fitted to: a point (a value
// with its observation sd) or a range (a published [low, high], which is
// taken to include the observation error), and the model discrepancy.
type Target struct {
	Name   string // label in outputs: the check-model fact, or the metric key
	Metric string // the run-record metric key it is compared with ("" for a fact of the check's arms)
	// Fact is the check-model fact it is compared with, when the targets
	// are check-model's facts from fact runs (targets: check-model); ""
	// for a metric of the base scenario's runs.
	Fact  string
	Range bool
	// A point target: the observed value and the sd of its observation
	// error.
	Value, SD float64
	// A range target.
	Low, High float64
	// Discrepancy is the sd of the model discrepancy (structural error).
	Discrepancy float64
	Matching    Matching
	Where       string // where it was given, for messages
}

// Implausibility is the target's implausibility at a point whose runs
// gave the sample mean mean and the sample variance variance over n
// replications (Vernon, Goldstein and Bower 2010; direct history matching,
// without an emulator: the uncertainty of the mean is variance/n):
//
//	point:  |z − mean| / √(sd² + discrepancy² + variance/n [+ variance, realisation matching])
//	range:  0 inside [low, high]; else the distance to the nearer bound / √(discrepancy² + variance/n)
//
// A zero denominator gives 0 for an exact match and +Inf otherwise; a mean
// that is not a number (the metric undefined in every run) gives +Inf.
// With n < 2 the variance is unknown and taken as 0.
func (t *Target) Implausibility(mean, variance float64, n int) float64 {
	if math.IsNaN(mean) {
		return math.Inf(1)
	}
	vem := 0.0
	if n >= 2 && variance > 0 {
		vem = variance / float64(n)
	} else {
		variance = 0
	}
	md := t.Discrepancy * t.Discrepancy
	if t.Range {
		var d float64
		switch {
		case mean < t.Low:
			d = t.Low - mean
		case mean > t.High:
			d = mean - t.High
		default:
			return 0
		}
		return over(d, md+vem)
	}
	den := t.SD*t.SD + md + vem
	if t.Matching == MatchRealisation {
		den += variance
	}
	return over(math.Abs(t.Value-mean), den)
}

func over(d, variance float64) float64 {
	if variance <= 0 {
		if d == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return d / math.Sqrt(variance)
}

// Scale is the unit of the target in the ABC distance: the sd of the
// observation error and discrepancy together for a point target (1 if
// both are 0), the half-width for a range.
func (t *Target) Scale() float64 {
	if t.Range {
		return (t.High - t.Low) / 2
	}
	if s := math.Sqrt(t.SD*t.SD + t.Discrepancy*t.Discrepancy); s > 0 {
		return s
	}
	return 1
}

// Distance is the ABC distance of one simulation's figures from the
// targets: the sum over targets of |figure − value| / Scale (an L1 norm
// in units of each target's error, as pyABC's PNormDistance with p = 1,
// scaled so that targets in different units weigh alike); for a range,
// the distance outside [low, high] over its half-width. A figure that is
// not a number gives +Inf.
func Distance(targets []Target, figures []float64) float64 {
	s := 0.0
	for i := range targets {
		t, x := &targets[i], figures[i]
		if math.IsNaN(x) {
			return math.Inf(1)
		}
		var d float64
		switch {
		case !t.Range:
			d = math.Abs(x - t.Value)
		case x < t.Low:
			d = t.Low - x
		case x > t.High:
			d = x - t.High
		}
		s += d / t.Scale()
	}
	return s
}

// NthMax returns the n-th largest of xs (1: the maximum), or the smallest
// if n exceeds their number. It panics on an empty list or n < 1.
func NthMax(xs []float64, n int) float64 {
	if len(xs) == 0 || n < 1 {
		panic("calibrate: NthMax of an empty list or n < 1")
	}
	s := append([]float64(nil), xs...)
	sort.Sort(sort.Reverse(sort.Float64Slice(s)))
	return s[min(n, len(s))-1]
}

// DefaultNthMax is hmer's rule (nth_implausible): the maximum
// implausibility over the targets when there are at most 10, the second
// maximum when there are more.
func DefaultNthMax(targets int) int {
	if targets > 10 {
		return 2
	}
	return 1
}
