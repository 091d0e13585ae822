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

func trustEnd(s *agents.Summary, g agents.Group) float64 {
	return s.Value(agents.MustFamily("trust.{group}.end").Of(int(g)))
}

func reportingRate(s *agents.Summary, g agents.Group) float64 {
	return s.Value(agents.MustFamily("crimes.by_group.{name}.rate").Of(int(g)))
}

// detectedShare is the share of overlaps that deconfliction detected:
// those it only warned of and those it prevented (formal deconfliction).
func detectedShare(s *agents.Summary) float64 {
	p := s.Get("deconfliction.overlaps_prevented")
	return (s.Get("safety.overlaps_detected") + p) / (s.Get("safety.overlaps") + p)
}

// Every bundled scenario is documented the same way, loads, and runs for
// its full span.
func TestBundledScenarios(t *testing.T) {
	t.Parallel()
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
			assert.Positive(t, s.Get("crimes.occurred"))
			assert.Positive(t, s.Get("crimes.reported"))
		})
	}
}

// mechanisms checks that each bundled scenario really exercises the
// mechanism its header names, against the baseline with the same seed (or
// against the scenario it says to compare with).
var mechanisms = map[string]func(t *testing.T, s, base *agents.Summary){
	"baseline": func(t *testing.T, s, _ *agents.Summary) {
		assert.Zero(t, s.Get("detainers.from_287g"), "no 287(g) agreement")
		assert.Positive(t, s.Get("detainers.from_fingerprints"), "fingerprints shared")
		assert.Equal(t, s.Get("detainers.issued"), s.Get("detainers.honored"), "detainers honored")
	},
	"jail-287g": func(t *testing.T, s, base *agents.Summary) {
		assert.Greater(t, s.Get("detainers.issued"), base.Get("detainers.issued"), "more detainers than baseline")
		assert.Equal(t, s.Get("detainers.issued"), s.Get("detainers.from_287g"), "every detainer goes through 287(g) officers")
		assert.Positive(t, s.Get("detainers.on_minor_arrests"))
		assert.Greater(t, s.Get("immigration_arrests.by_venue.jail.count"), base.Get("immigration_arrests.by_venue.jail.count"), "more transfers from the jail")
		assert.Positive(t, s.Get("costs.immigration_officer_hours"), "screening takes officer time")
	},
	"task-force-287g": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, s.Get("immigration_arrests.by_venue.traffic_stop.count"), "immigration arrests at traffic stops")
		assert.Zero(t, base.Get("immigration_arrests.by_venue.traffic_stop.count"))
		assert.Positive(t, s.Get("patrol.status_inquiries"))
		assert.Positive(t, s.Get("costs.immigration_officer_hours"), "patrol time on immigration tasks")
		assert.Greater(t, s.Get("operations.by_agency.police.count"), base.Get("operations.by_agency.police.count"), "officers join ICE operations")
		assert.Less(t, trustEnd(s, agents.Undocumented), trustEnd(base, agents.Undocumented), "visible local involvement lowers trust")
	},
	"warrant-service-287g": func(t *testing.T, s, base *agents.Summary) {
		jwo := run(t, "judicial-warrant-only")
		assert.Greater(t, s.Get("detainers.honored"), 10*jwo.Get("detainers.honored"), "warrants served where the judicial-warrant policy would decline")
		assert.Less(t, s.Get("detainers.declined"), jwo.Get("detainers.declined"))
		assert.Less(t, s.Get("costs.litigation_exposure"), base.Get("costs.litigation_exposure"), "served warrants carry no detainer-hold litigation cost")
	},
	"judicial-warrant-only": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, s.Get("detainers.declined"))
		assert.Less(t, 10*s.Get("detainers.honored"), base.Get("detainers.honored"), "few detainers come with a judicial warrant")
		assert.Greater(t, s.Get("immigration_arrests.follow_up_operations"), base.Get("immigration_arrests.follow_up_operations"), "ICE follows declined detainers up")
	},
	"never-honor": func(t *testing.T, s, base *agents.Summary) {
		assert.Zero(t, s.Get("detainers.honored"))
		assert.Positive(t, s.Get("detainers.declined"))
		assert.Equal(t, s.Get("detainers.issued"), s.Get("detainers.declined"))
		assert.Positive(t, s.Get("detainers.from_fingerprints"), "fingerprints still shared")
		assert.Zero(t, s.Get("immigration_arrests.by_venue.jail.count"), "no transfers from the jail")
		assert.Greater(t, s.Get("immigration_arrests.follow_up_operations"), base.Get("immigration_arrests.follow_up_operations"))
	},
	"border-town": func(t *testing.T, s, _ *agents.Summary) {
		assert.Positive(t, s.Get("operations.by_kind.border_patrol.count"), "Border Patrol operations in the border zone")
		assert.Positive(t, s.Get("immigration_arrests.by_venue.border_patrol.count"))
		without := run(t, "border-town", "border_patrol.units=0")
		assert.Zero(t, without.Get("operations.by_agency.border_patrol.count"))
		assert.Greater(t, s.Get("operations.total"), without.Get("operations.total"))
	},
	"interior-surge": func(t *testing.T, s, base *agents.Summary) {
		assert.Zero(t, s.Get("operations.by_kind.border_patrol.count"), "no border-zone districts, so no operations of Border Patrol's own")
		assert.Positive(t, s.Get("operations.by_agency.border_patrol.count"), "Border Patrol joins ICE operations")
		assert.Greater(t, s.Get("operations.by_kind.ice_at_large.count"), 2*base.Get("operations.by_kind.ice_at_large.count"), "more ICE teams")
	},
	"joint-trafficking-task-force": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, s.Get("operations.by_kind.task_force.count"), "task-force operations")
		assert.Zero(t, s.Get("immigration_arrests.by_venue.task_force.count"), "a trafficking focus makes no immigration arrests")
		assert.Greater(t, s.Get("patrol.bookings"), base.Get("patrol.bookings"), "task-force arrests are booked")
		assert.Greater(t, detectedShare(s), 2*detectedShare(base), "formal deconfliction detects overlaps")
	},
	"guard-title32-logistics": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, s.Get("costs.military_personnel_days"))
		assert.Zero(t, base.Get("costs.military_personnel_days"))
		assert.Positive(t, s.Get("operations.by_agency.military.count"), "Guard members present at operations (transport)")
		assert.Greater(t, s.Get("operations.by_kind.ice_at_large.count"), base.Get("operations.by_kind.ice_at_large.count"), "logistics support raises ICE's operation rate")
	},
	"worksite-operations": func(t *testing.T, s, base *agents.Summary) {
		assert.Greater(t, s.Get("operations.by_kind.ice_worksite.count"), 2*base.Get("operations.by_kind.ice_worksite.count"))
		assert.Greater(t, s.Get("immigration_arrests.by_venue.worksite.count"), base.Get("immigration_arrests.by_venue.worksite.count"))
		assert.Less(t, trustEnd(s, agents.Undocumented), trustEnd(base, agents.Undocumented))
	},
	"worksite-operations-outreach": func(t *testing.T, s, _ *agents.Summary) {
		w := run(t, "worksite-operations")
		assert.Equal(t, w.Get("operations.by_kind.ice_worksite.count"), s.Get("operations.by_kind.ice_worksite.count"), "the same raids")
		assert.Greater(t, trustEnd(s, agents.Undocumented), trustEnd(w, agents.Undocumented), "outreach speeds recovery of trust")
		assert.Greater(t, reportingRate(s, agents.Undocumented), reportingRate(w, agents.Undocumented), "protections damp fear")
	},
	"field-recommendations": func(t *testing.T, s, base *agents.Summary) {
		assert.Greater(t, detectedShare(s), 2*detectedShare(base), "formal deconfliction detects overlaps")
		assert.Greater(t, reportingRate(s, agents.Undocumented), reportingRate(base, agents.Undocumented))
		assert.Greater(t, trustEnd(s, agents.Undocumented), trustEnd(base, agents.Undocumented))
		// Crime responds to the policies (deterrence, predation on silence),
		// so the bookings differ a little.
		assert.InEpsilon(t, base.Get("detainers.honored"), s.Get("detainers.honored"), 0.1, "the detainer policy is the baseline's")
	},
	"mid-year-agreement": func(t *testing.T, s, base *agents.Summary) {
		assert.Positive(t, s.Get("detainers.from_287g"))
		assert.Positive(t, s.Get("detainers.from_fingerprints"), "before the agreement, detainers come from fingerprints")
		// The before/after split is checked in TestAgreementMidYear.
	},
}

// Each bundled scenario exercises its mechanism, and every bundled
// scenario has such a check.
func TestBundledMechanisms(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	l, err := scenarios.Load("mid-year-agreement", scenarios.LoadOptions{})
	require.NoError(t, err)
	require.Len(t, l.Scenario.Timeline, 1)
	assert.EqualValues(t, 182, l.Scenario.Timeline[0].Day)
	assert.Equal(t, agents.G287None, l.Scenario.Agreements.G287.Model, "no agreement at the start")
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(0))
	require.NoError(t, err)

	m.RunUntil(182*24 - 0.01)
	before := m.Summary()
	assert.Zero(t, before.Get("detainers.from_287g"), "no 287(g) detainers before day 182")
	assert.Positive(t, before.Get("detainers.from_fingerprints"))
	assert.Empty(t, m.Changes())
	m.RunUntil(182 * 24)
	require.Len(t, m.Changes(), 1, "the change applies on day 182")

	after := m.Run()
	assert.Positive(t, after.Get("detainers.from_287g"), "287(g) detainers after day 182")
	assert.Equal(t, before.Get("detainers.from_fingerprints"), after.Get("detainers.from_fingerprints"), "jail officers process every detainer once the agreement is in force")
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
	if e.Agencies.Has(agents.AgencyBorderPatrol) {
		w.bp = append(w.bp, e.District)
	}
}

// Under the interior surge Border Patrol acts outside the border zone: the
// city has no border-zone district, and it joins ICE operations there.
func TestInteriorSurgeOutsideBorderZone(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
