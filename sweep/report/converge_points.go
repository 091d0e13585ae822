package report

import (
	"fmt"
	"math"
)

// pointsConvergence judges the per-point figures of a design over
// parameters that is not a screening design (lhs, grid, table): the
// replications behind each point and the width of the 95% intervals at
// design point 0, which the headline shows. A point's mean is read as
// precise enough when the half-width of every headline metric's interval
// is within pointsRelative of its mean, in every arm.
type pointsConvergence struct{}

// pointsRelative is the largest half-width, as a share of the mean, of a
// per-point interval read as precise.
const pointsRelative = 0.1

func (pointsConvergence) verdicts(res *Results) []Verdict {
	plan := res.Plan
	if plan == nil || len(plan.Points) < 2 {
		return nil
	}
	if _, ok := plan.Screens(); ok {
		return nil
	}
	lo, hi := replicationRange(res)
	reps := plural(lo, "replication")
	if lo != hi {
		reps = fmt.Sprintf("%d–%d replications", lo, hi)
	}
	topic := fmt.Sprintf("Design points (%s, %d points)", plan.Design().Name(), len(plan.Points))
	if hi < 2 {
		return []Verdict{{Topic: topic, Text: verdictText(false,
			fmt.Sprintf("each design point ran %s per arm, so no point's figure has an interval and each mixes the parameters' effect with chance", reps),
			"give replications: 2 or more (5 is a common start) to judge a point's figures, or read the design by the spread across points (agencysim discover averages each point's replications)")}}
	}
	m, arm, worstRel := "", "", -1.0
	var worstHW, worstMean float64
	for _, key := range plan.Metrics {
		for _, a := range plan.Arms {
			s, ok := res.Stat(a.Name, 0, key)
			if !ok || !finite(s.Mean, s.Lo, s.Hi) || s.Mean == 0 {
				continue
			}
			hw := (s.Hi - s.Lo) / 2
			if rel := hw / math.Abs(s.Mean); rel > worstRel {
				m, arm, worstRel, worstHW, worstMean = key, a.Name, rel, hw, s.Mean
			}
		}
	}
	if worstRel < 0 {
		return nil
	}
	widest := fmt.Sprintf("the widest 95%% interval at design point 0 is %s ± %s for %s in arm %s (%.0f%% of the mean)",
		reportValue(m, worstMean), halfWidthText(m, worstHW), MetricLabel(m), arm, 100*worstRel)
	each := fmt.Sprintf("each of the %d design points ran %s per arm", len(plan.Points), reps)
	if worstRel <= pointsRelative {
		return []Verdict{{Topic: topic, Enough: true, Text: verdictText(true, each, widest+fmt.Sprintf(", within %.0f%% of the mean for every headline metric", 100*pointsRelative))}}
	}
	k := timesMore(worstRel, pointsRelative)
	return []Verdict{{Topic: topic, Text: verdictText(false, each, widest,
		fmt.Sprintf("about %d replications per point (%s more) would bring it within %.0f%%, or read the design by the spread across points, which averages out chance", int(math.Ceil(float64(lo)*k)), plainFactor(k), 100*pointsRelative))}}
}
