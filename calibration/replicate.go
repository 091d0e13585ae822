package calibration

import (
	"context"
	"fmt"
	"math"

	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// MinDays is the shortest span the check runs: the surge checks follow
// reporting for 70 days after the surge that ends on day 164.
const MinDays = surgeEnd + 70

// Fact is a fact of the check as a calibrator sees it: its published
// target and what one replication of the check ([Replicate]) gives of it.
type Fact struct {
	ID, Name, Target string
	Low, High        float64 // the published range (unused when Detect ≠ 0)
	// Detect ≠ 0 replaces the range with a direction: -1, the whole 95%
	// interval below zero; +1, above.
	Detect        int
	Kind          string // share, relative, ratio, days, …
	Source, Grade string
	How           string // how the value is computed from the runs
	// Metric is the run-record metric key when the fact is one metric of
	// the baseline scenario (see [MetricTargets]), else "".
	Metric string
	// Figures names the fact's figures in a replication: "value"; "num"
	// and "den" for a ratio of totals; "num1", "den1", "num2", "den2" for
	// a difference of two shares of totals.
	Figures []string
	index   int
}

// Facts returns every fact of the check, in the order check-model prints
// them.
func Facts() []Fact {
	out := make([]Fact, len(facts))
	for i := range facts {
		f := &facts[i]
		out[i] = Fact{ID: f.id, Name: f.name, Target: f.target, Low: f.low, High: f.high, Detect: f.detect,
			Kind: f.kind, Source: f.source, Grade: f.grade, How: f.how, index: i}
		if f.metric != nil {
			out[i].Metric = f.metric.Key
		}
		switch slotCount(f) {
		case 2:
			out[i].Figures = []string{"num", "den"}
		case 4:
			out[i].Figures = []string{"num1", "den1", "num2", "den2"}
		default:
			out[i].Figures = []string{"value"}
		}
	}
	return out
}

// RangeFacts returns the facts whose target is a range, in the check's
// order — what calibrate fits to — and the others (a direction, not a
// range: no distance from a target can be computed from it) with why.
func RangeFacts() ([]Fact, []LeftOut) {
	var in []Fact
	var out []LeftOut
	for _, f := range Facts() {
		if f.Detect != 0 {
			out = append(out, LeftOut{ID: f.ID, Name: f.Name, Why: "its target is a direction (" + f.Target + "), not a range: it has no distance from the target to fit"})
			continue
		}
		in = append(in, f)
	}
	return in, out
}

// CheckDays returns a located error when days is shorter than the check
// needs ([MinDays]), naming the key at.
func CheckDays(at string, days float64) error {
	if days < MinDays {
		return schema.Errors{{Path: at, Value: days, Problem: "is too short for the check of the reaction to a surge (70 days after the surge of days 150–164)", Allowed: fmt.Sprintf("at least %g days", MinDays)}}
	}
	return nil
}

// Replicate runs replication rep of every arm of the check on the loaded
// scenario and returns the raw figures of every fact, in the order of
// [Facts]: each fact's [Fact.Figures] one after the other (take a fact's
// with [Fact.Of]). Replication rep of every arm uses the same random
// streams, as in [Run]. It returns an error for a scenario shorter than
// [MinDays], for an arm that is invalid for the scenario and when ctx is
// cancelled; a panic of the model is returned as an error.
func Replicate(ctx context.Context, l *scenarios.Loaded, rep uint64) ([]float64, error) {
	if err := CheckDays("days", l.Scenario.Days); err != nil {
		return nil, err
	}
	arms, err := buildArms(&l.Scenario.Config)
	if err != nil {
		return nil, err
	}
	v, err := safely(int(rep), func() ([]float64, error) { return replicate(ctx, l, arms, rep) })
	if err != nil {
		return nil, err
	}
	return v[:auxAt[0]], nil
}

// Of returns the fact's figures among a replication's ([Replicate]).
func (f *Fact) Of(figures []float64) []float64 {
	at := slotAt[f.index]
	return figures[at : at+len(f.Figures)]
}

// Value is the fact's value in one replication from its figures
// ([Fact.Of]): the value, num ÷ den, or num1 ÷ den1 − num2 ÷ den2 (NaN
// when a denominator is 0).
func (f *Fact) Value(figs []float64) float64 {
	switch len(figs) {
	case 2:
		if figs[1] == 0 {
			return math.NaN()
		}
		return figs[0] / figs[1]
	case 4:
		if figs[1] == 0 || figs[3] == 0 {
			return math.NaN()
		}
		return figs[0]/figs[1] - figs[2]/figs[3]
	}
	return figs[0]
}

// Estimate returns the fact's estimate from R replications' figures
// ([Fact.Of]) exactly as check-model computes it — the mean over the
// replications where it is defined, Σ num ÷ Σ den, or the difference of
// the pooled shares — the variance of that estimate (s²/n for a mean; the
// jackknife's for a ratio or difference, as check-model's interval), and
// the number of replications it is computed from. The estimate is NaN
// when undefined; the variance is NaN with fewer than two replications.
func (f *Fact) Estimate(rows [][]float64) (est, variance float64, n int) {
	if len(f.Figures) > 1 {
		est, se, n := ratioSE(rows)
		return est, se * se, n
	}
	w := valueWelford(rows, 0)
	n = int(w.N())
	if n < 2 {
		return w.Mean(), math.NaN(), n
	}
	return w.Mean(), w.Variance() / float64(n), n
}

// NumArms is the number of model runs in one replication of the check
// ([Replicate]): the scenario and its variants, two of them over two years
// instead of the scenario's days.
const NumArms = numArms
