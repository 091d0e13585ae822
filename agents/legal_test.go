package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// The table: every cell has a legal basis; title10 without the
// Insurrection Act bars direct law enforcement and allows passive support;
// the Insurrection Act allows everything for title10 and changes nothing
// for units the governor commands; those need state law for direct law
// enforcement only.
func TestLegalTable(t *testing.T) {
	t.Parallel()
	direct := []agents.Activity{agents.ActArrest, agents.ActSearch, agents.ActSeizure, agents.ActDetention,
		agents.ActCrowdControl, agents.ActPerimeter, agents.ActInterrogation}
	contested := []agents.Activity{agents.ActDetaineeTransport, agents.ActSurveillance, agents.ActPresence}
	support := []agents.Activity{agents.ActLogistics, agents.ActBaseSecurity}
	require.Equal(t, agents.NumActivities, len(direct)+len(contested)+len(support), "every activity is classified here")
	for s := range agents.MilitaryStatus(agents.NumMilitaryStatuses) {
		for _, ia := range []bool{false, true} {
			for a := range agents.Activity(agents.NumActivities) {
				assert.NotEmpty(t, agents.Legality(s, ia, a).Basis, "%v ia=%v %v has a legal basis", s, ia, a)
			}
		}
	}
	for _, a := range direct {
		r := agents.Legality(agents.Title10, false, a)
		assert.Equal(t, agents.Barred, r.Permission, a.String())
		assert.Contains(t, r.Basis, agents.CitePCA, a.String())
		assert.Contains(t, r.Basis, agents.Cite275, a.String())
		for _, s := range []agents.MilitaryStatus{agents.Title32, agents.StateActiveDuty} {
			assert.Equal(t, agents.StateLaw, agents.Legality(s, false, a).Permission, "%v %v", s, a)
		}
	}
	assert.Contains(t, agents.Legality(agents.Title10, false, agents.ActPerimeter).Basis, agents.CiteBissonette)
	assert.Contains(t, agents.Legality(agents.Title10, false, agents.ActCrowdControl).Basis, agents.CiteNewsom)
	for _, a := range contested {
		assert.Equal(t, agents.Contested, agents.Legality(agents.Title10, false, a).Permission, a.String())
	}
	for _, a := range support {
		assert.Equal(t, agents.Allowed, agents.Legality(agents.Title10, false, a).Permission, a.String())
	}
	assert.Contains(t, agents.Legality(agents.Title10, false, agents.ActLogistics).Basis, agents.CiteRedFeather)
	for a := range agents.Activity(agents.NumActivities) {
		r := agents.Legality(agents.Title10, true, a)
		assert.Equal(t, agents.Allowed, r.Permission, a.String())
		assert.Contains(t, r.Basis, agents.CiteIA)
		for _, s := range []agents.MilitaryStatus{agents.Title32, agents.StateActiveDuty} {
			assert.Equal(t, agents.Legality(s, false, a), agents.Legality(s, true, a), "the Insurrection Act does not change %v", s)
			assert.NotEqual(t, agents.Barred, agents.Legality(s, false, a).Permission, "the Act does not bind %v", s)
		}
	}
	// Roles map to activities; presence at operations is one.
	assert.Contains(t, agents.RoleTransport.Activities(), agents.ActPresence)
	assert.Contains(t, agents.RoleLawEnforcement.Activities(), agents.ActPresence)
	assert.NotContains(t, agents.RoleLogistics.Activities(), agents.ActPresence)
}

func unit(status agents.MilitaryStatus, roles ...agents.MilitaryRole) []agents.MilitaryUnit {
	return []agents.MilitaryUnit{{Name: "u", Status: status, Roles: roles, Personnel: 50}}
}

// Each rule, allowed and rejected, at load; messages name the statute and
// are located at the role.
func TestLegalityByRole(t *testing.T) {
	t.Parallel()
	note := "test: the scenario accepts the contested reading"
	for _, tc := range []struct {
		name  string
		set   func(c *agents.Config)
		paths []string
		want  []string // in the first error
	}{
		{name: "title10 logistics and base security: passive support",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title10, agents.RoleLogistics, agents.RoleBaseSecurity)
			}},
		{name: "title10 law enforcement: barred, presence included",
			set:   func(c *agents.Config) { c.Military.Units = unit(agents.Title10, agents.RoleLawEnforcement) },
			paths: []string{"military.units[0].roles[0]"},
			want:  []string{"18 U.S.C. §1385", "10 U.S.C. §275", "Bissonette v. Haig", "presence at an enforcement operation are direct participation", "legal.insurrection_act: true"}},
		{name: "title10 law enforcement, even with every contested activity accepted",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title10, agents.RoleLawEnforcement)
				c.Legal.Contested = []agents.Activity{agents.ActPresence, agents.ActDetaineeTransport, agents.ActSurveillance}
				c.Legal.ContestedNote = note
			},
			paths: []string{"military.units[0].roles[0]"}, want: []string{"Posse Comitatus Act"}},
		{name: "title10 law enforcement under the Insurrection Act",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title10, agents.RoleLawEnforcement, agents.RoleTransport, agents.RoleSurveillanceSupport)
				c.Legal.InsurrectionAct = true
			}},
		{name: "the measured case: title10 transport and surveillance, no flag",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title10, agents.RoleTransport, agents.RoleSurveillanceSupport)
			},
			paths: []string{"military.units[0].roles[0]", "military.units[0].roles[1]"},
			want:  []string{"legally contested", "Red Feather", "Yunis", "legal.contested: [detainee_transport, presence]"}},
		{name: "title10 transport and surveillance, contested reading accepted",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title10, agents.RoleTransport, agents.RoleSurveillanceSupport)
				c.Legal.Contested = []agents.Activity{agents.ActPresence, agents.ActDetaineeTransport, agents.ActSurveillance}
				c.Legal.ContestedNote = note
			}},
		{name: "contested reading accepted in part",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title10, agents.RoleTransport)
				c.Legal.Contested = []agents.Activity{agents.ActDetaineeTransport}
				c.Legal.ContestedNote = note
			},
			paths: []string{"military.units[0].roles[0]"}, want: []string{"presence at an enforcement operation is legally contested"}},
		{name: "contested without a note",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title10, agents.RoleSurveillanceSupport)
				c.Legal.Contested = []agents.Activity{agents.ActSurveillance}
			},
			paths: []string{"legal.contested_note"}, want: []string{"is empty"}},
		{name: "a barred activity cannot be listed as contested",
			set: func(c *agents.Config) {
				c.Legal.Contested = []agents.Activity{agents.ActArrest}
				c.Legal.ContestedNote = note
			},
			paths: []string{"legal.contested[0]"}, want: []string{"is not a legally contested activity", "barred", "18 U.S.C. §1385"}},
		{name: "title32 transport and surveillance: outside the Act",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title32, agents.RoleTransport, agents.RoleSurveillanceSupport)
			}},
		{name: "title32 law enforcement without state law",
			set:   func(c *agents.Config) { c.Military.Units = unit(agents.Title32, agents.RoleLawEnforcement) },
			paths: []string{"military.units[0].roles[0]"}, want: []string{"32 U.S.C. §502(f)", "legal.state_guard_law_enforcement: true"}},
		{name: "state active duty law enforcement with state law",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.StateActiveDuty, agents.RoleLawEnforcement)
				c.Legal.StateGuardLawEnforcement = true
			}},
		{name: "state law does not authorise title10",
			set: func(c *agents.Config) {
				c.Military.Units = unit(agents.Title10, agents.RoleLawEnforcement)
				c.Legal.StateGuardLawEnforcement = true
			},
			paths: []string{"military.units[0].roles[0]"}, want: []string{"Posse Comitatus Act"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := testCity(t)
			tc.set(&c)
			errs := c.Validate()
			assert.Equal(t, tc.paths, paths(errs), "%v", errs)
			if len(errs) > 0 {
				for _, w := range tc.want {
					assert.Contains(t, errs[0].Error(), w)
				}
			}
		})
	}
}

// A title10 unit in a contested role, accepted, is present at every ICE
// operation; without the role it is at none.
func TestContestedPresenceShowsInOperations(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.Military.Units = unit(agents.Title10, agents.RoleTransport)
	c.Legal.Contested = []agents.Activity{agents.ActDetaineeTransport, agents.ActPresence}
	c.Legal.ContestedNote = "test"
	require.Empty(t, c.Validate())
	s, _ := run(t, c, 3, 0, 90)
	assert.Positive(t, s.Get("operations.by_agency.military.count"))
	c.Military.Units = unit(agents.Title10, agents.RoleLogistics)
	s, _ = run(t, c, 3, 0, 90)
	assert.Zero(t, s.Get("operations.by_agency.military.count"), "logistics puts no one at operations")
}

// The border zone is the regulation's: 100 air miles or less; more only
// with the documented flag.
func TestBorderZoneStatutory(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.BorderPatrol.ZoneMiles = 5000
	errs := c.Validate()
	require.Equal(t, []string{"border_patrol.zone_miles"}, paths(errs))
	assert.Contains(t, errs[0].Error(), "8 C.F.R. §287.1(a)(2)")
	assert.Contains(t, errs[0].Error(), "border_patrol.zone_nonstatutory: true")

	c.BorderPatrol.ZoneMiles = 80
	assert.Empty(t, c.Validate(), "a shorter distance fixed by the chief patrol agent")

	c.BorderPatrol.ZoneMiles = 300
	c.BorderPatrol.ZoneNonstatutory = true
	assert.Equal(t, []string{"border_patrol.zone_note"}, paths(c.Validate()))
	c.BorderPatrol.ZoneNote = "counterfactual: a zone declared under §287.1(b)"
	assert.Empty(t, c.Validate())
}

// A timeline change of border_patrol.zone_miles is applied: the districts'
// border flags follow, and Border Patrol patrols the new zone.
func TestBorderZoneTimelineChangeIsApplied(t *testing.T) {
	t.Parallel()
	c := testCity(t) // every district 300 miles from the border (the default)
	c.BorderPatrol.Units = 4
	wide := c
	wide.Timeline = []agents.Change{change(60, "border_patrol", map[string]any{"zone_miles": 400, "zone_nonstatutory": true, "zone_note": "test"})}
	require.Empty(t, wide.Validate())
	m, err := agents.New(&wide, agents.Options{Seed: 2, Days: 120})
	require.NoError(t, err)
	start := m.Counts()
	m.RunUntil(59 * 24)
	assert.False(t, m.District(0).Border)
	before := m.Counts()
	m.RunUntil(61 * 24)
	for i := range m.NumDistricts() {
		assert.True(t, m.District(i).Border, "district %d is in the widened zone", i)
	}
	s := m.Run()
	assert.Positive(t, s.Get("operations.by_kind.border_patrol.count"), "patrols start in the widened zone")
	assert.Zero(t, m.Window(&start, &before, agents.MustFamily("operations.by_kind.{name}.count").Of(int(agents.OpBorderPatrol))), "none before the change")

	// Narrowing: a zone of 20 miles leaves districts at 40 miles outside.
	c.City.Grid.Template.BorderMiles = 40
	narrow := c
	narrow.Timeline = []agents.Change{change(60, "border_patrol.zone_miles", 20)}
	require.Empty(t, narrow.Validate())
	sb, _ := run(t, c, 2, 0, 120)
	sn, mn := run(t, narrow, 2, 0, 120)
	assert.False(t, mn.District(0).Border)
	assert.Less(t, sn.Get("operations.by_kind.border_patrol.count"), sb.Get("operations.by_kind.border_patrol.count"))
	assert.Positive(t, sn.Get("operations.by_kind.border_patrol.count"), "patrols before day 60")
}

// The bundled scenarios are legal, and guard-title32-logistics keeps its
// military support.
func TestBundledScenariosAreLegal(t *testing.T) {
	t.Parallel()
	for _, b := range scenarios.BundledList() {
		text, ok := scenarios.Bundled(b.Name)
		require.True(t, ok)
		l, err := scenarios.LoadBytes(b.Name+".yaml", text, scenarios.LoadOptions{})
		require.NoError(t, err, b.Name)
		if b.Name == "guard-title32-logistics" {
			mil := l.Scenario.Config.Military
			require.NotEmpty(t, mil.Units)
			assert.Equal(t, agents.Title32, mil.Units[0].Status)
			assert.Contains(t, mil.Units[0].Roles, agents.RoleTransport, "still present at operations")
		}
	}
}

// The loader locates legal errors at their file and line, statute named:
// the measured cases of issue 13 (zone_miles 5000; a title10 unit with
// transport and surveillance roles) and a timeline entry.
func TestLegalErrorsAreLocated(t *testing.T) {
	t.Parallel()
	base := "name: x\ncity:\n  districts:\n    - name: a\n      population: 5000\n"
	for _, tc := range []struct{ text, want, statute string }{
		{base + "border_patrol:\n  zone_miles: 5000\n", "s.yaml:7: border_patrol.zone_miles: 5000 is wider than the border zone of the regulation (8 C.F.R. §287.1(a)(2)", "C.F.R."},
		{base + "military:\n  units:\n    - name: m\n      status: title10\n      roles: [transport, surveillance_support]\n", "s.yaml:10: military.units[0].roles[0]: \"transport\" is not allowed for a title10 unit", "18 U.S.C. §1385"},
		{base + "timeline:\n  - day: 30\n    set: {legal.insurrection_act: false, military.units: [{name: m, status: title10, roles: [law_enforcement]}]}\n",
			"timeline[0].set.military.units[0].roles[0]: \"law_enforcement\" is not allowed for a title10 unit: its arrest", "10 U.S.C. §275"},
		{base + "timeline:\n  - day: 30\n    set: {border_patrol.zone_miles: 250}\n", "s.yaml:8: timeline[0].set.border_patrol.zone_miles: 250 is wider than the border zone", "8 C.F.R. §287.1"},
	} {
		_, err := scenarios.LoadBytes("s.yaml", []byte(tc.text), scenarios.LoadOptions{})
		require.Error(t, err, tc.text)
		assert.Contains(t, err.Error(), tc.want)
		assert.Contains(t, err.Error(), tc.statute)
	}
}
