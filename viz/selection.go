package viz

import (
	"math"

	"github.com/agencysim/agencysim/agents"
)

// Selection is whose trust shades the map: all residents, one community
// group or one cohort (group × ethnicity). The G key cycles through them
// in the order of the values: all residents, the groups in their order,
// then the cohorts in theirs, and back.
type Selection int

// SelectAll is every resident.
const SelectAll Selection = 0

// numSelections is the number of selections.
const numSelections = 1 + agents.NumGroups + agents.NumCohorts

// SelectGroup is group g.
func SelectGroup(g agents.Group) Selection { return Selection(1 + int(g)) }

// SelectCohort is cohort c.
func SelectCohort(c agents.Cohort) Selection { return Selection(1 + agents.NumGroups + int(c)) }

// Next is the selection the G key moves to.
func (s Selection) Next() Selection { return (s + 1) % numSelections }

// Group returns the selection's group, if it is one.
func (s Selection) Group() (agents.Group, bool) {
	if s >= 1 && s < 1+agents.NumGroups {
		return agents.Group(s - 1), true
	}
	return 0, false
}

// Cohort returns the selection's cohort, if it is one.
func (s Selection) Cohort() (agents.Cohort, bool) {
	if s >= 1+agents.NumGroups && s < numSelections {
		return agents.Cohort(int(s) - 1 - agents.NumGroups), true
	}
	return 0, false
}

// allLabel names every resident.
const allLabel = "all residents"

// Label names the selection's people ("Hispanic citizens").
func (s Selection) Label() string {
	if g, ok := s.Group(); ok {
		return g.Plural()
	}
	if c, ok := s.Cohort(); ok {
		return c.Plural()
	}
	return allLabel
}

// Short is the label where room is short ("H. citizens").
func (s Selection) Short() string {
	if g, ok := s.Group(); ok {
		return g.Short()
	}
	if c, ok := s.Cohort(); ok {
		return c.Short()
	}
	return allLabel
}

// Name is the selection's name on the command line: "all", a group's
// name or a cohort's.
func (s Selection) Name() string {
	if g, ok := s.Group(); ok {
		return g.String()
	}
	if c, ok := s.Cohort(); ok {
		return c.String()
	}
	return "all"
}

// selectionNames lists the selections' names in order.
func selectionNames() []string {
	out := make([]string, numSelections)
	for s := range Selection(numSelections) {
		out[s] = s.Name()
	}
	return out
}

// ParseSelection returns the selection with the given name (see Name).
func ParseSelection(name string) (Selection, bool) {
	if name == SelectAll.Name() {
		return SelectAll, true
	}
	if g, ok := agents.ParseGroup(name); ok {
		return SelectGroup(g), true
	}
	if c, ok := agents.ParseCohort(name); ok {
		return SelectCohort(c), true
	}
	return 0, false
}

// has reports whether cohort c is part of the selection.
func (s Selection) has(c agents.Cohort) bool {
	if g, ok := s.Group(); ok {
		return c.Group() == g
	}
	if k, ok := s.Cohort(); ok {
		return c == k
	}
	return true
}

// trustOf returns the selection's trust in district d: a cohort's trust,
// or the mean over the selection's cohorts weighted by their shares of
// the district's population; NaN where none of its people live.
func (s Selection) trustOf(d *agents.DistrictState) float64 {
	if c, ok := s.Cohort(); ok {
		if d.CohortShare[c] > 0 {
			return d.CohortTrust[c]
		}
		return math.NaN()
	}
	num, den := 0.0, 0.0
	for c := range agents.Cohort(agents.NumCohorts) {
		if s.has(c) {
			num += d.CohortShare[c] * d.CohortTrust[c]
			den += d.CohortShare[c]
		}
	}
	if den > 0 {
		return num / den
	}
	return math.NaN()
}

// cityTrust returns every selection's trust over districts ds, weighted by
// the selection's people in each (Population × CohortShare); NaN for a
// selection with no one.
func cityTrust(ds []agents.DistrictState) (out [numSelections]float64) {
	for s := range Selection(numSelections) {
		num, den := 0.0, 0.0
		for i := range ds {
			for c := range agents.Cohort(agents.NumCohorts) {
				if s.has(c) {
					w := ds[i].Population * ds[i].CohortShare[c]
					num += w * ds[i].CohortTrust[c]
					den += w
				}
			}
		}
		out[s] = math.NaN()
		if den > 0 {
			out[s] = num / den
		}
	}
	return out
}
