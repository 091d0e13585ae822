package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// pairedConvergence judges the headline comparisons (one design point,
// many replications): a difference's sign is settled when its paired 95%
// interval excludes zero. The paired half-width scales as 1/√n, so a
// difference d with half-width h at n replications needs about n·(h/d)²
// for its interval to exclude zero, if d is real.
type pairedConvergence struct{}

// pairedHopeless is the factor of more replications beyond which a
// difference is read as none larger than its half-width, not as one to
// settle.
const pairedHopeless = 100

func (pairedConvergence) verdicts(res *Results) []Verdict {
	plan := res.Plan
	if plan == nil || len(plan.Arms) < 2 {
		return nil
	}
	base := plan.Arms[0].Name
	at := ""
	if len(plan.Points) > 1 {
		at = " at design point 0"
	}
	var out []Verdict
	for _, a := range plan.Arms[1:] {
		var unsettled []string
		var firstKey string
		var firstTarget float64
		shown, n := 0, 0
		for _, m := range plan.Metrics {
			c, ok := res.Comparison(a.Name, 0, m)
			if !ok || !finite(c.Diff, c.Lo, c.Hi) {
				continue
			}
			shown++
			n = max(n, c.N)
			if c.Lo > 0 || c.Hi < 0 {
				continue
			}
			hw := (c.Hi - c.Lo) / 2
			d := math.Abs(c.Diff)
			what := fmt.Sprintf("%s (%s ± %s)", MetricLabel(m), reportDelta(m, c.Diff), halfWidthText(m, hw))
			k := timesMore(hw, d)
			if d == 0 || !(k <= pairedHopeless) {
				unsettled = append(unsettled, what+fmt.Sprintf(": no difference larger than ±%s, and one this small would need over %d× the replications to tell from zero", halfWidthText(m, hw), pairedHopeless))
				continue
			}
			need := int(math.Ceil(float64(c.N) * k))
			unsettled = append(unsettled, what+fmt.Sprintf(": its sign needs about %d replications (%s more) if the difference is real", need, plainFactor(k)))
			if firstKey == "" {
				firstKey, firstTarget = m, d/2
			}
		}
		if shown == 0 {
			continue
		}
		v := Verdict{Topic: fmt.Sprintf("Paired differences of %s from %s%s", a.Name, base, at), Enough: len(unsettled) == 0}
		if v.Enough {
			v.Text = verdictText(true, fmt.Sprintf("with %s the 95%% interval of every one of the %d headline differences excludes zero, so the sign of each is settled", plural(n, "replication"), shown))
		} else {
			advice := "add replications (the paired half-width shrinks as 1/√n: four times the replications halve it)"
			if firstKey != "" {
				advice += fmt.Sprintf(", or let the sweep add them: until_ci: {metric: %s, half_width: %s} adds replications per arm until that metric's interval is this narrow", firstKey, strconv.FormatFloat(firstTarget, 'g', 2, 64))
			}
			v.Text = verdictText(false, fmt.Sprintf("with %s, %d of the %d headline differences %s an interval that includes zero — %s", plural(n, "replication"), len(unsettled), shown, hasHave(len(unsettled)), strings.Join(unsettled, "; ")), advice)
		}
		out = append(out, v)
	}
	return out
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

// plural writes "1 replication" or "20 replications".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
