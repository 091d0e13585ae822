package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/stats"
)

// morrisConvergence judges a Morris screening by half-sample agreement:
// the design's trajectories are split into their first and second half,
// each half screened on its own, and the ranking is read as stable when
// both halves name the same most influential parameter and the same set
// of influential ones (μ* at least morrisInfluential of the largest μ*
// over all trajectories). With fewer than morrisMinTrajectories there is
// no half to compare.
type morrisConvergence struct{}

const (
	morrisInfluential     = 0.1
	morrisMinTrajectories = 4
)

func (morrisConvergence) verdicts(res *Results) []Verdict {
	plan := res.Plan
	if plan == nil {
		return nil
	}
	design, ok := plan.Screens()
	info := plan.MorrisInfo()
	if !ok || info == nil {
		return nil
	}
	r := info.Trajectories
	var out []Verdict
	for ai, arm := range stats.Screened(plan) {
		for _, m := range stats.ScreenedMetrics(plan) {
			y := screenedY(res, ai, m)
			v := Verdict{Topic: fmt.Sprintf("Morris screening of %s (%s)", MetricLabel(m), arm)}
			if r < morrisMinTrajectories {
				v.Text = verdictText(false, fmt.Sprintf("%d trajectories are too few to check whether the ranking holds (at least %d split into halves)", r, morrisMinTrajectories),
					"give trajectories: 10 or more (Campolongo, Cariboni and Saltelli 2007 use 10 to 20)")
				out = append(out, v)
				continue
			}
			half := func(first bool) []sweep.Effect {
				return design.Effects(plan, func(p int) float64 {
					if p >= len(info.Steps) || (info.Steps[p].Trajectory < r/2) != first {
						return math.NaN()
					}
					return y(p)
				})
			}
			all := design.Effects(plan, y)
			top := 0.0
			for _, e := range all {
				if finite(e.MuStar) {
					top = max(top, e.MuStar)
				}
			}
			if !(top > 0) {
				continue // nothing moves the result: no ranking to judge
			}
			a, b := influential(half(true), top), influential(half(false), top)
			v.Enough = len(a) > 0 && len(b) > 0 && a[0] == b[0] && sameSet(a, b)
			halves := fmt.Sprintf("trajectories 1–%d rank %s, trajectories %d–%d rank %s", r/2, ranked(a), r/2+1, r, ranked(b))
			if v.Enough {
				v.Text = verdictText(true, fmt.Sprintf("the two halves of the %d trajectories agree on the most influential parameter and on which parameters matter (%s)", r, halves))
			} else {
				v.Text = verdictText(false, fmt.Sprintf("the two halves of the %d trajectories disagree on which parameters matter most (%s)", r, halves),
					fmt.Sprintf("increase trajectories to at least %d", 2*r))
			}
			out = append(out, v)
		}
	}
	return out
}

// influential are the parameters whose μ* is at least morrisInfluential
// of top, by μ* (largest first).
func influential(es []sweep.Effect, top float64) []string {
	es = slices.Clone(es)
	slices.SortStableFunc(es, func(a, b sweep.Effect) int {
		switch {
		case a.MuStar > b.MuStar:
			return -1
		case a.MuStar < b.MuStar:
			return 1
		}
		return 0
	})
	var out []string
	for _, e := range es {
		if finite(e.MuStar) && e.MuStar >= morrisInfluential*top {
			out = append(out, e.Param)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func ranked(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, " > ")
}

// screenedY is the mean of metric m at each design point in screened arm
// ai (stats.Screened): an arm's, or an arm's difference from the baseline.
func screenedY(res *Results, ai int, m string) func(int) float64 {
	plan := res.Plan
	mean := func(a, p int) float64 {
		if s, ok := res.Stat(plan.Arms[a].Name, p, m); ok && s.N > 0 {
			return s.Mean
		}
		return math.NaN()
	}
	if ai < len(plan.Arms) {
		return func(p int) float64 { return mean(ai, p) }
	}
	a := ai - len(plan.Arms) + 1
	return func(p int) float64 { return mean(a, p) - mean(0, p) }
}
