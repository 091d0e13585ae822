package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
)

// milCity is the test city with many long ICE operations and one
// uniformed military unit (transport, title32) present at them.
func milCity(t *testing.T) agents.Config {
	c := testCity(t)
	fixedPopulation(&c)
	c.ICE.Teams = 4
	c.ICE.AtLargePerTeamWeek = 6
	c.ICE.OpHours.AtLarge = 12
	c.Military.Units = []agents.MilitaryUnit{{Name: "guard", Status: agents.Title32, Roles: []agents.MilitaryRole{agents.RoleTransport}, Personnel: 20}}
	require.Empty(t, c.Validate())
	return c
}

// interval is an operation's time span and the military personnel at it.
type interval struct {
	start, end float64
	mil        int
}

// maxConcurrent is the largest number of intervals running at once.
func maxConcurrent(iv []interval) int {
	best := 0
	for _, a := range iv {
		n := 0
		for _, b := range iv {
			if b.start <= a.start && a.start < b.end {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

// A military unit committed to one operation does not join an overlapping
// one: with the whole unit per operation, no two operations with military
// personnel overlap in time, and ICE operations that start meanwhile run
// without military (no extra visibility); with detachments of 5 of its 20,
// at most 4 at once, and more operations have military support.
func TestMilitaryUnitIsACapacity(t *testing.T) {
	t.Parallel()
	c := milCity(t)
	runMil := func(perOp int) (*agents.Summary, []interval, int) {
		c.Military.PersonnelPerOp = perOp
		var with []interval
		without := 0
		m, err := agents.New(&c, agents.Options{Seed: 7, Days: 90, Observer: opObserver(func(e agents.OperationEvent) {
			if e.Lead != agents.AgencyICE {
				return
			}
			if e.Agencies.Has(agents.AgencyMilitary) {
				with = append(with, interval{e.Hour, e.End, e.Units[agents.AgencyMilitary]})
			} else {
				assert.Zero(t, e.Units[agents.AgencyMilitary])
				without++
			}
		})})
		require.NoError(t, err)
		return m.Run(), with, without
	}
	sWhole, whole, withoutWhole := runMil(0)
	require.NotEmpty(t, whole)
	for _, iv := range whole {
		assert.Equal(t, 20, iv.mil, "the whole unit is committed")
	}
	assert.Equal(t, 1, maxConcurrent(whole), "a committed unit joins no overlapping operation")
	assert.Positive(t, withoutWhole, "operations starting while it is committed run without it")
	share := sWhole.Get("operations.utilization.by_agency.military.share")
	assert.Positive(t, share)
	assert.LessOrEqual(t, share, 1.0)

	_, det, _ := runMil(5)
	for _, iv := range det {
		assert.Equal(t, 5, iv.mil, "a detachment is committed")
	}
	assert.LessOrEqual(t, maxConcurrent(det), 4)
	assert.Greater(t, maxConcurrent(det), 1)
	assert.Greater(t, len(det), len(whole), "detachments support more operations")
	t.Logf("ICE operations with military: whole unit %d (without %d, utilization %.2f), detachments of 5: %d", len(whole), withoutWhole, share, len(det))
}

// complaintCity has joint ICE and Border Patrol operations in a small city.
func complaintCity(t *testing.T) agents.Config {
	c := testCity(t)
	fixedPopulation(&c)
	c.ICE.AtLargePerTeamWeek = 6
	c.BorderPatrol.Units = 4
	c.BorderPatrol.InteriorSurge = true
	c.BorderPatrol.SurgeShare = 1 // every ICE operation is joint
	return c
}

// Complaints rise with the use of force and fall with formal
// deconfliction's protocols; each is a harm event that costs trust.
func TestComplaintsRiseWithForceFallWithProtocols(t *testing.T) {
	t.Parallel()
	c := complaintCity(t)
	c.Safety.ForcePerOp = 0.02
	sLow, _ := run(t, c, 9, 0, 120)
	c.Safety.ForcePerOp = 0.4
	sHigh, _ := run(t, c, 9, 0, 120)
	require.Positive(t, sLow.Get("safety.complaints"))
	assert.Greater(t, sHigh.Get("safety.use_of_force"), sLow.Get("safety.use_of_force"))
	assert.Greater(t, sHigh.Get("safety.complaints"), 1.5*sLow.Get("safety.complaints"), "more force, more complaints")
	assert.Equal(t, sHigh.Get("safety.complaints"), sHigh.Get("harm.events.complaint"), "every complaint is a harm event")

	c.Policies.Deconfliction.Level = agents.DeconflictFormal
	c.Policies.Deconfliction.ProtocolShare = 1
	sNoProt, _ := run(t, c, 9, 0, 120)
	c.Policies.Deconfliction.ProtocolShare = 0.3
	sProt, _ := run(t, c, 9, 0, 120)
	assert.Less(t, sProt.Get("safety.complaints"), sNoProt.Get("safety.complaints"), "protocols lower complaints")

	c.Trust.Harm.Complaint = 0
	s0, _ := run(t, c, 9, 0, 120)
	c.Trust.Harm.Complaint = 0.02
	s2, _ := run(t, c, 9, 0, 120)
	assert.Equal(t, s0.Get("safety.complaints"), s2.Get("harm.events.complaint"))
	assert.Less(t, s2.Get("trust.undocumented.end"), s0.Get("trust.undocumented.end"), "a complaint harms trust")
	t.Logf("complaints: force 0.02 %v, 0.4 %v; protocol 1 %v, 0.3 %v", sLow.Get("safety.complaints"), sHigh.Get("safety.complaints"),
		sNoProt.Get("safety.complaints"), sProt.Get("safety.complaints"))
}

// Internal audit reviews joint operations after the fact: it finds fault in
// those with force, injuries or complaints, and the lead agency's later
// operations are less visible (and less often end in force) than without
// oversight, paired by seed. Civilian review audits too; no oversight does
// not.
func TestAuditAfterwardsLowersLaterVisibility(t *testing.T) {
	t.Parallel()
	c := complaintCity(t)
	c.Safety.ForcePerOp = 0.3
	c.Operations.Vetting.AuditShare = 1
	c.Operations.Vetting.AuditDays = 2
	from := 30 * 24.0
	runOv := func(o agents.Oversight) (*agents.Summary, []float64) {
		c.Policies.Oversight = o
		var vis []float64
		m, err := agents.New(&c, agents.Options{Seed: 3, Days: 150, Observer: opObserver(func(e agents.OperationEvent) {
			if e.Lead == agents.AgencyICE && e.Hour >= from {
				vis = append(vis, e.Visibility)
			}
		})})
		require.NoError(t, err)
		return m.Run(), vis
	}
	sNone, visNone := runOv(agents.OversightNone)
	sAudit, visAudit := runOv(agents.InternalAudit)
	sCivil, _ := runOv(agents.CivilianReview)
	assert.Zero(t, sNone.Get("oversight.audited"))
	assert.Zero(t, sNone.Get("oversight.audit_findings"))
	require.Positive(t, sAudit.Get("oversight.audit_findings"))
	assert.GreaterOrEqual(t, sAudit.Get("oversight.audited"), sAudit.Get("oversight.audit_findings"))
	assert.Zero(t, sAudit.Get("oversight.reviewed"), "internal audit reviews nothing beforehand")
	assert.Positive(t, sCivil.Get("oversight.audited"), "civilian review audits too")

	require.Equal(t, len(visNone), len(visAudit), "the same operations run (audit acts after the fact)")
	lower := 0
	for i := range visNone {
		assert.LessOrEqual(t, visAudit[i], visNone[i]+1e-12)
		if visAudit[i] < visNone[i] {
			lower++
		}
	}
	assert.Greater(t, lower, len(visNone)/2, "most later operations are less visible")
	assert.Less(t, mean(visAudit), mean(visNone))
	assert.LessOrEqual(t, sAudit.Get("safety.use_of_force"), sNone.Get("safety.use_of_force"), "corrective action lowers escalation")
	t.Logf("audited %v, findings %v; mean visibility after day 30: none %.3f, internal audit %.3f; force %v vs %v",
		sAudit.Get("oversight.audited"), sAudit.Get("oversight.audit_findings"), mean(visNone), mean(visAudit),
		sNone.Get("safety.use_of_force"), sAudit.Get("safety.use_of_force"))
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
