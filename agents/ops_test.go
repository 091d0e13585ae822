package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// busyCity is the test city with many operations of several agencies in
// few districts, so that they overlap often.
func busyCity(t *testing.T) agents.Config {
	c := testCity(t)
	c.ICE.Teams = 4
	c.ICE.AtLargePerTeamWeek = 3
	c.Police.OpsPerDistrictWeek = 3
	fixedPopulation(&c)
	return c
}

// Formal deconfliction prevents overlaps (postpones or merges), not only
// detects them: fewer overlapping operations and a lower flagged share than
// ad hoc or none, paired by seed.
func TestFormalDeconflictionPreventsOverlaps(t *testing.T) {
	t.Parallel()
	c := busyCity(t)
	var ov, fl [agents.NumDeconflictionLevels]float64
	var postponed, merged, prevented float64
	for rep := range uint64(2) {
		for l := range agents.DeconflictionLevel(agents.NumDeconflictionLevels) {
			c.Policies.Deconfliction.Level = l
			s, _ := run(t, c, 13, rep, 120)
			ov[l] += s.Get("safety.overlaps")
			fl[l] += s.Get("safety.flagged_share")
			if l == agents.DeconflictFormal {
				postponed += s.Get("operations.postponed")
				merged += s.Get("operations.merged")
				prevented += s.Get("deconfliction.overlaps_prevented")
			} else {
				assert.Zero(t, s.Get("operations.postponed")+s.Get("operations.merged"), "only formal deconfliction acts")
			}
		}
	}
	require.Greater(t, ov[agents.DeconflictNone], 50.0)
	assert.Equal(t, ov[agents.DeconflictNone], ov[agents.DeconflictAdHoc], "ad hoc warns, it does not re-plan")
	assert.Less(t, ov[agents.DeconflictFormal], 0.5*ov[agents.DeconflictNone])
	assert.Less(t, fl[agents.DeconflictFormal], fl[agents.DeconflictNone])
	assert.Positive(t, postponed)
	assert.Positive(t, merged)
	assert.Greater(t, prevented, postponed)
	t.Logf("overlaps none %v, ad hoc %v, formal %v; postponed %v, merged %v, prevented %v", ov[0], ov[1], ov[2], postponed, merged, prevented)
}

// With one ICE team instead of four, fewer ICE operations run, and some
// wait or are dropped; with enough teams none wait.
func TestCapacityBinds(t *testing.T) {
	t.Parallel()
	c := busyCity(t)
	c.ICE.AtLargePerTeamWeek = 20
	c.ICE.OpHours.AtLarge = 6
	c.Operations.MaxWaitHours = 12
	rate := float64(c.ICE.Teams) * c.ICE.AtLargePerTeamWeek
	sBig, _ := run(t, c, 5, 0, 90)
	c.ICE.Teams = 1
	c.ICE.AtLargePerTeamWeek = rate // the same planning rate
	sOne, _ := run(t, c, 5, 0, 90)
	ice := "operations.by_kind.ice_at_large.count"
	assert.Less(t, sOne.Get(ice), 0.8*sBig.Get(ice), "one team runs fewer operations")
	assert.Positive(t, sOne.Get("operations.waited"))
	assert.Positive(t, sOne.Get("operations.dropped"))
	assert.Greater(t, sOne.Get("operations.utilization.by_agency.ice.share"), sBig.Get("operations.utilization.by_agency.ice.share"))
	assert.LessOrEqual(t, sOne.Get("operations.utilization.by_agency.ice.share"), 1.0)
	assert.Less(t, sBig.Get("operations.dropped"), sOne.Get("operations.dropped"))
	t.Logf("ICE ops: 4 teams %v, 1 team %v (waited %v, dropped %v, utilization %.2f)", sBig.Get(ice), sOne.Get(ice),
		sOne.Get("operations.waited"), sOne.Get("operations.dropped"), sOne.Get("operations.utilization.by_agency.ice.share"))
}

// 287(g) officers are a capacity: with none, local officers never join
// ICE's operations.
func TestG287OfficersBind(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.Agreements.G287.Model = agents.G287TaskForce
	s6, _ := run(t, c, 3, 0, 120)
	c.Agreements.G287.Officers = 0
	s0, _ := run(t, c, 3, 0, 120)
	pol := "operations.by_agency.police.count"
	assert.Greater(t, s6.Get(pol), s0.Get(pol))
	assert.Positive(t, s6.Get("operations.utilization.by_agency.police.share"))
}

// The bundled interior-surge scenario raises immigration arrests and lowers
// undocumented residents' trust and reporting against the same scenario
// without the surge (paired, same seed).
func TestInteriorSurgeHasEffects(t *testing.T) {
	t.Parallel()
	data, ok := scenarios.Bundled("interior-surge")
	require.True(t, ok)
	l, err := scenarios.LoadBytes("interior-surge", data, scenarios.LoadOptions{})
	require.NoError(t, err)
	c := l.Scenario.Config
	var arrests, trust, rate [2]float64
	for rep := range uint64(2) {
		for i, surge := range []bool{false, true} {
			c.BorderPatrol.InteriorSurge = surge
			s, _ := run(t, c, 1, rep, 180)
			arrests[i] += s.Get("immigration_arrests.total")
			trust[i] += s.Get("trust.undocumented.end")
			rate[i] += s.Get("crimes.by_group.undocumented.rate")
			if surge {
				assert.Positive(t, s.Get("operations.by_agency.border_patrol.count"))
				assert.Positive(t, s.Get("operations.utilization.by_agency.border_patrol.share"))
			} else {
				assert.Zero(t, s.Get("operations.by_agency.border_patrol.count"))
			}
		}
	}
	assert.Greater(t, arrests[1], arrests[0], "surge units add arrests")
	assert.Less(t, trust[1], trust[0], "a more visible operation shocks trust more")
	assert.Less(t, rate[1], rate[0], "and undocumented victims report less")
	t.Logf("arrests %v → %v; undocumented trust %.4f → %.4f; reporting %.4f → %.4f", arrests[0], arrests[1], trust[0]/2, trust[1]/2, rate[0]/2, rate[1]/2)
}

// Vetting by an interagency panel reviews joint operations, denies some and
// changes others: they run fewer and are less visible, so trust falls
// less than without review. Internal audit reviews nothing beforehand.
func TestVettingLowersVisibilityAndDenies(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	fixedPopulation(&c)
	c.ICE.CourthousePerMonth = 6
	c.BorderPatrol.Units = 4
	c.BorderPatrol.InteriorSurge = true
	c.BorderPatrol.SurgeShare = 1 // every ICE operation is joint
	c.Operations.Vetting.DenyShare = 0.2
	c.Operations.Vetting.ModifyShare = 0.5
	var vis [2]float64
	var n [2]int
	obs := func(i int) agents.Observer {
		return opObserver(func(e agents.OperationEvent) {
			if e.Lead == agents.AgencyICE {
				vis[i] += e.Visibility
				n[i]++
			}
		})
	}
	c.Policies.Oversight = agents.InternalAudit
	m0, err := agents.New(&c, agents.Options{Seed: 4, Days: 180, Observer: obs(0)})
	require.NoError(t, err)
	s0 := m0.Run()
	c.Policies.Oversight = agents.InteragencyPanel
	m1, err := agents.New(&c, agents.Options{Seed: 4, Days: 180, Observer: obs(1)})
	require.NoError(t, err)
	s1 := m1.Run()
	assert.Zero(t, s0.Get("oversight.reviewed"))
	require.Positive(t, s1.Get("oversight.reviewed"))
	assert.Positive(t, s1.Get("oversight.denied"))
	assert.Positive(t, s1.Get("oversight.modified"))
	assert.Less(t, n[1], n[0], "denied operations do not run")
	assert.Less(t, vis[1]/float64(n[1]), vis[0]/float64(n[0]), "changed operations are less visible")
	assert.Less(t, s1.Get("operations.by_kind.ice_courthouse.count"), s0.Get("operations.by_kind.ice_courthouse.count"), "no courthouse venue after changes")
	assert.Greater(t, s1.Get("trust.undocumented.end"), s0.Get("trust.undocumented.end"))
}

// Coordination meetings cost officer-hours: none without deconfliction,
// more with meetings more often.
func TestMeetingsCostHours(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.Policies.Deconfliction.Level = agents.DeconflictNone
	s0, _ := run(t, c, 2, 0, 60)
	c.Policies.Deconfliction.Level = agents.DeconflictFormal
	c.Policies.Deconfliction.MeetingDays = 14
	s14, _ := run(t, c, 2, 0, 60)
	c.Policies.Deconfliction.MeetingDays = 7
	s7, _ := run(t, c, 2, 0, 60)
	assert.Zero(t, s0.Get("deconfliction.meeting_hours"))
	// 2 hours × 2 attendees × 2 agencies (police, ICE) / 14 days × 60 days.
	assert.InDelta(t, 2.0*2*2/14*60, s14.Get("deconfliction.meeting_hours"), 1e-6)
	assert.InDelta(t, 2*s14.Get("deconfliction.meeting_hours"), s7.Get("deconfliction.meeting_hours"), 1e-6)
}

// Operation events carry the operation's lead, units, end and custody.
func TestOperationEventUnits(t *testing.T) {
	t.Parallel()
	c := testCity(t)
	c.BorderPatrol.Units = 3
	c.BorderPatrol.InteriorSurge = true
	c.BorderPatrol.SurgeShare = 1
	c.BorderPatrol.SurgeUnits = 2
	var saw bool
	m, err := agents.New(&c, agents.Options{Seed: 1, Days: 60, Observer: opObserver(func(e agents.OperationEvent) {
		assert.InDelta(t, e.Hour+e.Hours, e.End, 1e-9)
		if e.Lead == agents.AgencyICE {
			assert.Equal(t, agents.AgencyICE, e.Custody)
			assert.GreaterOrEqual(t, e.Units[agents.AgencyICE], 1)
			if e.Agencies.Has(agents.AgencyBorderPatrol) {
				assert.Equal(t, 2, e.Units[agents.AgencyBorderPatrol])
				saw = true
			}
		}
	})})
	require.NoError(t, err)
	m.Run()
	assert.True(t, saw)
}

// opObserver calls f on each operation event.
type opObserver func(agents.OperationEvent)

func (f opObserver) Crime(agents.CrimeEvent)           {}
func (f opObserver) Dispatch(agents.DispatchEvent)     {}
func (f opObserver) Operation(e agents.OperationEvent) { f(e) }
func (f opObserver) Incident(agents.IncidentEvent)     {}
