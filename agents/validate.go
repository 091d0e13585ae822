package agents

import (
	"fmt"
	"math"

	"github.com/agencysim/agencysim/internal/schema"
)

// Validate checks the rules that single keys cannot express: group shares
// that sum to one, unique district names, consistent agreement dates, and
// the legal limits on military roles (Posse Comitatus). Ranges and allowed
// values of single keys are checked when a scenario is decoded.
func (c *Config) Validate() schema.Errors {
	var errs schema.Errors
	fail := func(path string, v any, problem, allowed string) {
		errs = append(errs, &schema.Error{Path: path, Value: v, Problem: problem, Allowed: allowed})
	}

	city := c.City
	grid := city.Grid.Rows > 0 || city.Grid.Cols > 0
	switch {
	case len(city.Districts) == 0 && !grid:
		fail("city", nil, "has no districts", "city.districts (a list) or city.grid with rows and cols")
	case len(city.Districts) > 0 && grid:
		fail("city.grid", nil, "is given together with city.districts", "one of city.districts or city.grid")
	case grid && (city.Grid.Rows == 0 || city.Grid.Cols == 0):
		fail("city.grid", nil, "needs both rows and cols", "rows and cols of at least 1")
	}
	seen := map[string]int{}
	for i, d := range city.Districts {
		p := fmt.Sprintf("city.districts[%d]", i)
		if d.Name == "" {
			fail(p+".name", nil, "is missing", "a name unique in the city")
		} else if j, dup := seen[d.Name]; dup {
			fail(p+".name", d.Name, fmt.Sprintf("is already used by city.districts[%d]", j), "a name unique in the city")
		} else {
			seen[d.Name] = i
		}
		validateDistrict(p, d, fail)
	}
	if grid {
		validateDistrict("city.grid.template", city.Grid.Template, fail)
	}

	if g := c.Agreements.G287; g.EndDay != 0 && g.EndDay <= g.StartDay {
		fail("agreements.g287.end_day", g.EndDay, "is not after start_day", fmt.Sprintf("0 (never ends) or a day after %v", g.StartDay))
	}

	// Military roles and the Posse Comitatus Act.
	leAllowed := false
	for i, u := range c.Military.Units {
		p := fmt.Sprintf("military.units[%d]", i)
		if u.EndDay != 0 && u.EndDay <= u.StartDay {
			fail(p+".end_day", u.EndDay, "is not after start_day", fmt.Sprintf("0 (never) or a day after %v", u.StartDay))
		}
		if len(u.Roles) == 0 {
			fail(p+".roles", nil, "is empty", "at least one role")
		}
		for j, r := range u.Roles {
			if r != "law_enforcement" {
				continue
			}
			rp := fmt.Sprintf("%s.roles[%d]", p, j)
			switch u.Status {
			case "title10":
				if !c.Legal.InsurrectionAct {
					fail(rp, r, "is not allowed for a title10 (federal active-duty) unit: the Posse Comitatus Act (18 U.S.C. §1385) and 10 U.S.C. §275 bar federal forces from direct participation in arrests, searches and seizures unless an Act of Congress authorises it",
						"logistics, transport, base_security or surveillance_support; or set legal.insurrection_act: true if the scenario invokes the Insurrection Act (10 U.S.C. §§251-255)")
					continue
				}
			default:
				if !c.Legal.StateGuardLawEnforcement {
					fail(rp, r, fmt.Sprintf("is not allowed for a %s unit unless state law authorises it", u.Status),
						"logistics, transport, base_security or surveillance_support; or set legal.state_guard_law_enforcement: true where state law allows Guard units to enforce the law")
					continue
				}
			}
			leAllowed = true
		}
	}

	names := map[string]int{}
	for i, tf := range c.Agreements.TaskForces {
		p := fmt.Sprintf("agreements.task_forces[%d]", i)
		if j, dup := names[tf.Name]; dup {
			fail(p+".name", tf.Name, fmt.Sprintf("is already used by agreements.task_forces[%d]", j), "a unique name")
		}
		names[tf.Name] = i
		if len(tf.Agencies) < 2 {
			fail(p+".agencies", fmt.Sprint(tf.Agencies), "lists fewer than two agencies", "at least two of police, ice, border_patrol, military")
		}
		got := map[string]bool{}
		for j, a := range tf.Agencies {
			if got[a] {
				fail(fmt.Sprintf("%s.agencies[%d]", p, j), a, "is listed twice", "each agency once")
			}
			got[a] = true
		}
		if got["military"] && !leAllowed {
			fail(p+".agencies", "military", "needs a military unit lawfully in a law_enforcement role: a joint task force makes arrests",
				"give military.units a law_enforcement role that the Posse Comitatus rules allow, or remove military from the task force")
		}
		if tf.EndDay != 0 && tf.EndDay <= tf.StartDay {
			fail(p+".end_day", tf.EndDay, "is not after start_day", fmt.Sprintf("0 (never) or a day after %v", tf.StartDay))
		}
	}

	if len(errs) > 0 {
		return errs // timeline entries are checked against a valid base
	}
	for i, ch := range c.Timeline {
		errs = append(errs, CheckChange(c, ch.Set, fmt.Sprintf("timeline[%d].set", i))...)
	}
	return errs
}

func validateDistrict(p string, d District, fail func(string, any, string, string)) {
	sum := d.Groups.Citizen + d.Groups.LawfulNoncitizen + d.Groups.Undocumented
	if math.Abs(sum-1) > 1e-6 {
		fail(p+".groups", sum, "shares do not sum to 1", "citizen + lawful_noncitizen + undocumented = 1")
	}
	if d.PatrolUnits.Day+d.PatrolUnits.Evening+d.PatrolUnits.Night == 0 {
		fail(p+".patrol_units", nil, "has no units on any shift", "at least one unit on some shift")
	}
}
