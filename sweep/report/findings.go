package report

import (
	"reflect"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// This file writes the two sections of report.html that say in words
// what the sweep found and what it compared: a sentence per headline
// metric and arm from the paired comparisons at design point 0, and the
// keys each arm changes in the base scenario.

// finding is one sentence of the Findings section: one arm's paired
// difference from the baseline in one metric. Diff, Lo and Hi are written
// at the precision the interval needs ([agents.Metric.FormatDeltaAt]).
type finding struct {
	Arm, Metric, Label string
	Diff, Lo, Hi       string
	Direction          string // "higher" or "lower" when the interval excludes zero
	Undefined          bool   // the difference or its interval is undefined
}

// findingGroup is the findings of one headline metric.
type findingGroup struct {
	Label    string
	Findings []finding
	Detected bool // some arm's interval excludes zero
}

// findings gathers the Findings section: for each headline metric (in
// the sweep's order), the paired difference of every other arm from the
// baseline at design point 0.
func findings(res *Results) []findingGroup {
	plan := res.Plan
	if len(plan.Arms) < 2 {
		return nil // nothing to compare
	}
	var out []findingGroup
	for _, m := range plan.Metrics {
		g := findingGroup{Label: MetricLabel(m)}
		met := metricOf(m)
		for _, a := range plan.Arms[1:] {
			f := finding{Arm: a.Name, Metric: m, Label: g.Label, Undefined: true}
			if c, ok := res.Comparison(a.Name, 0, m); ok && finite(c.Diff, c.Lo, c.Hi) {
				hw := (c.Hi - c.Lo) / 2
				f.Undefined = false
				f.Diff, f.Lo, f.Hi = met.FormatDeltaAt(c.Diff, hw), met.FormatDeltaAt(c.Lo, hw), met.FormatDeltaAt(c.Hi, hw)
				switch {
				case c.Lo > 0:
					f.Direction = "higher"
				case c.Hi < 0:
					f.Direction = "lower"
				}
				g.Detected = g.Detected || f.Direction != ""
			}
			g.Findings = append(g.Findings, f)
		}
		out = append(out, g)
	}
	return out
}

// armChange is one key an arm sets in the base scenario.
type armChange struct {
	Key, Meaning, Value string
}

// armChanges is what one arm changes in the base scenario.
type armChanges struct {
	Arm     string
	Changes []armChange
}

// scenarioFormat describes the keys of a scenario, whose meanings label
// the arms' changes as the scenario reference does.
var scenarioFormat = schema.Describe(reflect.TypeOf(scenarios.Scenario{}))

// armChangeTable lists, for every arm in plan order, the keys it sets in
// the base scenario, with the meaning the scenario reference gives each
// key (its first sentence) and the value the arm gives it.
func armChangeTable(res *Results) []armChanges {
	var out []armChanges
	for _, a := range res.Plan.Arms {
		ac := armChanges{Arm: a.Name}
		for _, p := range a.Params {
			c := armChange{Key: safetext.Escape(p.Path), Value: safetext.Escape(formatParam(p.Value))}
			if f := scenarioFormat.Lookup(p.Path); f != nil {
				c.Meaning = firstSentence(f.Doc)
				if f.Unit != "" {
					c.Value += " " + f.Unit
				}
			}
			ac.Changes = append(ac.Changes, c)
		}
		out = append(out, ac)
	}
	return out
}

// firstSentence returns the first sentence of a text.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
