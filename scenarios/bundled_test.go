package scenarios_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

const schemaComment = "# yaml-language-server: $schema=../docs/scenario.schema.json"

// header returns the lines of a file's leading comment, without "# ".
func header(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		out = append(out, strings.TrimSpace(strings.TrimPrefix(line, "#")))
	}
	return out
}

func hasLine(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// Full-year runs of the bundled scenarios, shared by the tests below.
var (
	runsMu sync.Mutex
	runs   = map[string]*agents.Summary{}
)

// run loads a bundled scenario with the given --set overrides and runs it
// for its days, replication 0.
func run(t *testing.T, name string, set ...string) *agents.Summary {
	t.Helper()
	key := name + "|" + strings.Join(set, "|")
	runsMu.Lock()
	s, ok := runs[key]
	runsMu.Unlock()
	if ok {
		return s
	}
	l, err := scenarios.Load(name, scenarios.LoadOptions{Set: set})
	require.NoError(t, err, name)
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(0))
	require.NoError(t, err, name)
	s = m.Run()
	runsMu.Lock()
	runs[key] = s
	runsMu.Unlock()
	return s
}

func count(list []agents.NamedCount, name string) int64 {
	for _, c := range list {
		if c.Name == name {
			return c.Count
		}
	}
	panic("no entry " + name)
}

func trustEnd(s *agents.Summary, group string) float64 {
	for _, g := range s.Trust {
		if g.Group == group {
			return float64(g.End)
		}
	}
	panic("no group " + group)
}

func reportingRate(s *agents.Summary, group string) float64 {
	for _, g := range s.Crimes.ByGroup {
		if g.Name == group {
			return float64(g.Rate)
		}
	}
	panic("no group " + group)
}

func detectedShare(s *agents.Summary) float64 {
	return float64(s.Safety.OverlapsDetected) / float64(s.Safety.Overlaps)
}

// Every bundled scenario is documented the same way, loads, and runs for
// its full span.
func TestBundledScenarios(t *testing.T) {
	list := scenarios.BundledList()
	require.GreaterOrEqual(t, len(list), 14)
	for _, b := range list {
		t.Run(b.Name, func(t *testing.T) {
			text, ok := scenarios.Bundled(b.Name)
			require.True(t, ok)
			lines := strings.Split(string(text), "\n")
			assert.Equal(t, schemaComment, lines[0], "first line is the schema comment")
			h := header(string(text))
			assert.True(t, hasLine(h, "Question it answers:"), "header says what question it answers")
			if b.Name != scenarios.DefaultName {
				// The baseline is the reference every other scenario
				// changes; it shows no mechanism of its own.
				assert.True(t, hasLine(h, "Mechanism it shows:"), "header names the mechanism")
				assert.True(t, hasLine(h, "Changed from "), "header says which keys differ")
				assert.Contains(t, strings.Join(h, " "), "Sources:", "header gives sources or assumptions")
			}
			assert.NotEmpty(t, b.Summary)

			l, err := scenarios.Load(b.Name, scenarios.LoadOptions{})
			require.NoError(t, err)
			sc := l.Scenario
			assert.Equal(t, b.Name, sc.Name, "name matches the file name")
			assert.NotEmpty(t, sc.Description)
			assert.EqualValues(t, 1, sc.Seed)
			assert.EqualValues(t, 365, sc.Days)

			s := run(t, b.Name)
			assert.InDelta(t, sc.Days, s.Run.Days, 1e-9, "ran for the full span")
			assert.Positive(t, s.Crimes.Occurred)
			assert.Positive(t, s.Crimes.Reported)
		})
	}
}

// mechanisms checks that each bundled scenario really exercises the
// mechanism its header names, against the baseline with the same seed (or
// against the scenario it says to compare with).
var mechanisms = map[string]func(t *testing.T, s, base *agents.Summary){
	"baseline": func(t *testing.T, s, _ *agents.Summary) {
		assert.Zero(t, s.Detainers.From287g, "no 287(g) agreement")
		assert.Positive(t, s.Detainers.FromFingerprints, "fingerprints shared")
		assert.Equal(t, s.Detainers.Issued, s.Detainers.Honored, "detainers honored")
	},
	"jail-287g": func(t *testing.T, s, base *agents.Summary) {
		assert.Greater(t, s.Detainers.Issued, base.Detainers.Issued, "more detainers than baseline")
		assert.Equal(t, s.Detainers.Issued, s.Detainers.From287g, "every detainer goes through 287(g) officers")
		assert.Positive(t, s.Detainers.OnMinorArrests)
		assert.Greater(t, count(s.Arrests.ByVenue, "jail"), count(base.Arrests.ByVenue, "jail"), "more transfers from the jail")
		assert.Positive(t, float64(s.Costs.ImmigrationOfficerHours), "screening takes officer time")
	},
	"task-force-287g": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, count(s.Arrests.ByVenue, "traffic_stop"), "immigration arrests at traffic stops")
		assert.Zero(t, count(base.Arrests.ByVenue, "traffic_stop"))
		assert.Positive(t, s.Patrol.StatusInquiries)
		assert.Positive(t, float64(s.Costs.ImmigrationOfficerHours), "patrol time on immigration tasks")
		assert.Greater(t, count(s.Operations.ByAgency, "police"), count(base.Operations.ByAgency, "police"), "officers join ICE operations")
		assert.Less(t, trustEnd(s, "undocumented"), trustEnd(base, "undocumented"), "visible local involvement lowers trust")
	},
	"warrant-service-287g": func(t *testing.T, s, base *agents.Summary) {
		jwo := run(t, "judicial-warrant-only")
		assert.Greater(t, s.Detainers.Honored, 10*jwo.Detainers.Honored, "warrants served where the judicial-warrant policy would decline")
		assert.Less(t, s.Detainers.Declined, jwo.Detainers.Declined)
		assert.Less(t, float64(s.Costs.LitigationExposure), float64(base.Costs.LitigationExposure), "served warrants carry no detainer-hold litigation cost")
	},
	"judicial-warrant-only": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, s.Detainers.Declined)
		assert.Less(t, 10*s.Detainers.Honored, base.Detainers.Honored, "few detainers come with a judicial warrant")
		assert.Greater(t, s.Arrests.FollowUpOperations, base.Arrests.FollowUpOperations, "ICE follows declined detainers up")
	},
	"never-honor": func(t *testing.T, s, base *agents.Summary) {
		assert.Zero(t, s.Detainers.Honored)
		assert.Positive(t, s.Detainers.Declined)
		assert.Equal(t, s.Detainers.Issued, s.Detainers.Declined)
		assert.Positive(t, s.Detainers.FromFingerprints, "fingerprints still shared")
		assert.Zero(t, count(s.Arrests.ByVenue, "jail"), "no transfers from the jail")
		assert.Greater(t, s.Arrests.FollowUpOperations, base.Arrests.FollowUpOperations)
	},
	"border-town": func(t *testing.T, s, _ *agents.Summary) {
		assert.Positive(t, count(s.Operations.ByKind, "border_patrol"), "Border Patrol operations in the border zone")
		assert.Positive(t, count(s.Arrests.ByVenue, "border_patrol"))
		without := run(t, "border-town", "border_patrol.units=0")
		assert.Zero(t, count(without.Operations.ByAgency, "border_patrol"))
		assert.Greater(t, s.Operations.Total, without.Operations.Total)
	},
	"interior-surge": func(t *testing.T, s, base *agents.Summary) {
		assert.Zero(t, count(s.Operations.ByKind, "border_patrol"), "no border-zone districts, so no operations of Border Patrol's own")
		assert.Positive(t, count(s.Operations.ByAgency, "border_patrol"), "Border Patrol joins ICE operations")
		assert.Greater(t, count(s.Operations.ByKind, "ice_at_large"), 2*count(base.Operations.ByKind, "ice_at_large"), "more ICE teams")
	},
	"joint-trafficking-task-force": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, count(s.Operations.ByKind, "task_force"), "task-force operations")
		assert.Zero(t, count(s.Arrests.ByVenue, "task_force"), "a trafficking focus makes no immigration arrests")
		assert.Greater(t, s.Patrol.Bookings, base.Patrol.Bookings, "task-force arrests are booked")
		assert.Greater(t, detectedShare(s), 2*detectedShare(base), "formal deconfliction detects overlaps")
	},
	"guard-title32-logistics": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, float64(s.Costs.MilitaryPersonnelDays))
		assert.Zero(t, float64(base.Costs.MilitaryPersonnelDays))
		assert.Positive(t, count(s.Operations.ByAgency, "military"), "Guard members present at operations (transport)")
		assert.Greater(t, count(s.Operations.ByKind, "ice_at_large"), count(base.Operations.ByKind, "ice_at_large"), "logistics support raises ICE's operation rate")
	},
	"worksite-operations": func(t *testing.T, s, base *agents.Summary) {
		assert.Greater(t, count(s.Operations.ByKind, "ice_worksite"), 2*count(base.Operations.ByKind, "ice_worksite"))
		assert.Greater(t, count(s.Arrests.ByVenue, "worksite"), count(base.Arrests.ByVenue, "worksite"))
		assert.Less(t, trustEnd(s, "undocumented"), trustEnd(base, "undocumented"))
	},
	"worksite-operations-outreach": func(t *testing.T, s, _ *agents.Summary) {
		w := run(t, "worksite-operations")
		assert.Equal(t, count(w.Operations.ByKind, "ice_worksite"), count(s.Operations.ByKind, "ice_worksite"), "the same raids")
		assert.Greater(t, trustEnd(s, "undocumented"), trustEnd(w, "undocumented"), "outreach speeds recovery of trust")
		assert.Greater(t, reportingRate(s, "undocumented"), reportingRate(w, "undocumented"), "protections damp fear")
	},
	"field-recommendations": func(t *testing.T, s, base *agents.Summary) {
		assert.Greater(t, detectedShare(s), 2*detectedShare(base), "formal deconfliction detects overlaps")
		assert.Greater(t, reportingRate(s, "undocumented"), reportingRate(base, "undocumented"))
		assert.Greater(t, trustEnd(s, "undocumented"), trustEnd(base, "undocumented"))
		assert.Equal(t, base.Detainers.Honored, s.Detainers.Honored, "the detainer policy is the baseline's")
	},
	"mid-year-agreement": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, s.Detainers.From287g)
		assert.Positive(t, s.Detainers.FromFingerprints, "before the agreement, detainers come from fingerprints")
		// The before/after split is checked in TestAgreementMidYear.
	},
}

// Each bundled scenario exercises its mechanism, and every bundled
// scenario has such a check.
func TestBundledMechanisms(t *testing.T) {
	base := run(t, scenarios.DefaultName)
	for _, b := range scenarios.BundledList() {
		t.Run(b.Name, func(t *testing.T) {
			check, ok := mechanisms[b.Name]
			require.True(t, ok, "bundled scenario %s has no mechanism check in bundled_test.go", b.Name)
			check(t, run(t, b.Name), base)
		})
	}
}

// The timeline entry takes effect on day 182: no 287(g) detainers before,
// some after.
func TestAgreementMidYear(t *testing.T) {
	l, err := scenarios.Load("mid-year-agreement", scenarios.LoadOptions{})
	require.NoError(t, err)
	require.Len(t, l.Scenario.Timeline, 1)
	assert.EqualValues(t, 182, l.Scenario.Timeline[0].Day)
	assert.Equal(t, "none", l.Scenario.Agreements.G287.Model, "no agreement at the start")
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(0))
	require.NoError(t, err)

	m.RunUntil(182*24 - 0.01)
	before := m.Summary()
	assert.Zero(t, before.Detainers.From287g, "no 287(g) detainers before day 182")
	assert.Positive(t, before.Detainers.FromFingerprints)
	assert.Empty(t, m.Changes())
	m.RunUntil(182 * 24)
	require.Len(t, m.Changes(), 1, "the change applies on day 182")

	after := m.Run()
	assert.Positive(t, after.Detainers.From287g, "287(g) detainers after day 182")
	assert.Equal(t, before.Detainers.FromFingerprints, after.Detainers.FromFingerprints, "jail officers process every detainer once the agreement is in force")
	require.Len(t, m.Changes(), 1)
	assert.EqualValues(t, 182, m.Changes()[0].Day)
	assert.Equal(t, "timeline[0]", m.Changes()[0].Source)
}

// opsWatcher records the districts of operations Border Patrol takes part
// in.
type opsWatcher struct{ bp []int }

func (w *opsWatcher) Crime(agents.CrimeEvent)       {}
func (w *opsWatcher) Dispatch(agents.DispatchEvent) {}
func (w *opsWatcher) Incident(agents.IncidentEvent) {}
func (w *opsWatcher) Operation(e agents.OperationEvent) {
	if e.Agencies&agents.AgencyBorderPatrol != 0 {
		w.bp = append(w.bp, e.District)
	}
}

// Under the interior surge Border Patrol acts outside the border zone: the
// city has no border-zone district, and it joins ICE operations there.
func TestInteriorSurgeOutsideBorderZone(t *testing.T) {
	l, err := scenarios.Load("interior-surge", scenarios.LoadOptions{Set: []string{"days=120"}})
	require.NoError(t, err)
	w := &opsWatcher{}
	opt := l.Scenario.Options(0)
	opt.Observer = w
	m, err := agents.New(&l.Scenario.Config, opt)
	require.NoError(t, err)
	m.Run()
	require.NotEmpty(t, w.bp)
	for _, d := range w.bp {
		assert.False(t, m.District(d).Border, "district %s is outside the border zone", m.District(d).Name)
	}

	// Without the surge Border Patrol stays out of the interior city.
	l, err = scenarios.Load("interior-surge", scenarios.LoadOptions{Set: []string{"days=120", "border_patrol.interior_surge=false"}})
	require.NoError(t, err)
	w = &opsWatcher{}
	opt = l.Scenario.Options(0)
	opt.Observer = w
	m, err = agents.New(&l.Scenario.Config, opt)
	require.NoError(t, err)
	m.Run()
	assert.Empty(t, w.bp)
}

// The border town lies in the border zone; the other bundled scenarios are
// the baseline's interior city.
func TestBorderTownInZone(t *testing.T) {
	l, err := scenarios.Load("border-town", scenarios.LoadOptions{})
	require.NoError(t, err)
	pop := 0
	for _, d := range l.Scenario.City.Districts {
		assert.LessOrEqual(t, d.BorderMiles, l.Scenario.BorderPatrol.ZoneMiles, d.Name)
		pop += d.Population
	}
	assert.Equal(t, 60000, pop)
	assert.Positive(t, l.Scenario.BorderPatrol.Units)
}

// Every bundled scenario but the border town has the baseline's city, so
// that differences between them come from policy.
func TestBundledSameCity(t *testing.T) {
	base, err := scenarios.Load(scenarios.DefaultName, scenarios.LoadOptions{})
	require.NoError(t, err)
	for _, b := range scenarios.BundledList() {
		if b.Name == "border-town" {
			continue
		}
		l, err := scenarios.Load(b.Name, scenarios.LoadOptions{})
		require.NoError(t, err)
		assert.Equal(t, base.Scenario.City, l.Scenario.City, b.Name)
	}
}
