package agents

import (
	"math"

	"github.com/agencysim/agencysim/sim"
)

// agencySetOf returns the set of the agencies listed.
func agencySetOf(list []Agency) AgencySet {
	var s AgencySet
	for _, a := range list {
		s = s.With(a)
	}
	return s
}

// iceOpType is a type of ICE field operation.
type iceOpType int

// The ICE operation types.
const (
	opAtLarge iceOpType = iota
	opCourthouse
	opWorksite
	numICEOps = 3
)

// kind and venue are the operation kind and the venue of the arrests of an
// ICE operation of type t.
func (t iceOpType) kind() OpKind { return OpICEAtLarge + OpKind(t) }
func (t iceOpType) venue() Venue { return VenueAtLarge + Venue(t) }

// opRec is an operation kept for overlap checks until it is long over.
type opRec struct {
	district int
	end      float64
	agencies AgencySet
	flagged  bool // overlapped another agency's operation
}

// Operation draw indices.
const (
	oDistrict = iota
	oBorderPatrol
	oPolice
	oArrests
	oForce
	oOfficerInjury
	oCivilianInjury
	oOverlap  // pairs of draws per overlap
	oBookings = 48
)

const maxOverlapDraws = 8

// iceOp runs an ICE field operation of type typ. district < 0 means ICE
// chooses the district, weighted by its undocumented population.
func (m *Model) iceOp(typ iceOpType, k uint64, dr sim.Draws, district int) {
	if district < 0 {
		if m.totalWeight(m.undocW) == 0 {
			return
		}
		district = categorical(m.undocW, dr.Float64(oDistrict))
	}
	d := m.d[district]
	c := &m.cfg
	agencies := AgencySet(0).With(AgencyICE)
	bp := c.BorderPatrol
	if bp.Units > 0 && (bp.InteriorSurge || d.border) && dr.Float64(oBorderPatrol) < bp.SurgeShare {
		agencies = agencies.With(AgencyBorderPatrol)
	}
	local, divert := false, 0
	if typ == opAtLarge && m.pol.g287 == G287TaskForce && dr.Float64(oPolice) < c.Agreements.G287.JoinOps {
		agencies = agencies.With(AgencyPolice)
		local, divert = true, 1
	}
	if m.pol.militaryPresence {
		agencies = agencies.With(AgencyMilitary)
	}
	vis := c.ICE.Visibility.array()[typ]
	hours := c.ICE.OpHours.array()[typ]
	mean := c.ICE.Arrests.array()[typ]
	vis *= m.visibilityMultiplier(agencies)
	if m.pol.surveillance {
		mean *= 1 + c.Military.SurveillanceBoost
	}
	arrests := sim.Poisson(mean, dr.Float64(oArrests))
	m.met.add(fArrestsByVenue, int(typ.venue()), float64(arrests))
	m.startOp(d, typ.kind(), agencies, hours, divert, true, vis, dr)
	m.shock(d, vis, local)
}

// visibilityMultiplier scales an operation's visibility by posture and by
// the uniformed agencies present.
func (m *Model) visibilityMultiplier(agencies AgencySet) float64 {
	v := m.pol.postureVis
	if agencies.Has(AgencyMilitary) {
		v *= 1 + m.cfg.Military.PresenceVisibility
	}
	return v
}

func (m *Model) totalWeight(w []float64) float64 {
	t := 0.0
	for _, x := range w {
		t += x
	}
	return t
}

// followUpRec is an at-large operation ICE plans after a declined detainer
// or a warrant hit it could not act on at the stop.
type followUpRec struct {
	district int
	draws    sim.Draws
}

// scheduleFollowUp plans a follow-up operation. Records of follow-ups that
// have run are reused, so the list holds only the planned ones.
func (m *Model) scheduleFollowUp(district int, dr sim.Draws) {
	var i int32
	if n := len(m.freeFollowUp); n > 0 {
		i = m.freeFollowUp[n-1]
		m.freeFollowUp = m.freeFollowUp[:n-1]
	} else {
		m.followUps = append(m.followUps, followUpRec{})
		i = int32(len(m.followUps) - 1)
	}
	m.followUps[i] = followUpRec{district: district, draws: dr}
	delay := expDraw(dr.Float64(oBookings+1), 7*24)
	m.e.After(delay, prioNormal, m.onFollowUp, int64(i))
}

func (m *Model) followUp(arg int64) {
	f := m.followUps[arg]
	m.freeFollowUp = append(m.freeFollowUp, int32(arg))
	m.met.inc(fFollowUps, 0)
	m.iceOp(opAtLarge, 0, f.draws, f.district)
}

// borderOp runs a Border Patrol patrol or checkpoint in a border-zone
// district.
func (m *Model) borderOp(k uint64, dr sim.Draws) {
	d := m.d[m.bzone[categorical(m.bzoneW, dr.Float64(oDistrict))]]
	bp := &m.cfg.BorderPatrol
	agencies := AgencySet(0).With(AgencyBorderPatrol)
	if m.pol.militaryPresence {
		agencies = agencies.With(AgencyMilitary)
	}
	arrests := sim.Poisson(bp.Arrests, dr.Float64(oArrests))
	m.met.add(fArrestsByVenue, int(VenueBorder), float64(arrests))
	vis := bp.Visibility * m.visibilityMultiplier(agencies)
	m.startOp(d, OpBorderPatrol, agencies, bp.OpHours, 0, true, vis, dr)
	m.shock(d, vis, false)
}

// taskForceOp runs a joint operation of task force i.
func (m *Model) taskForceOp(i int, k uint64, dr sim.Draws) {
	tf := m.cfg.Agreements.TaskForces[i]
	agencies := agencySetOf(tf.Agencies)
	focus := tf.Focus
	w := m.popW
	if !focus.Criminal() {
		w = m.undocW
	}
	if m.totalWeight(w) == 0 {
		return
	}
	d := m.d[categorical(w, dr.Float64(oDistrict))]
	local := agencies.Has(AgencyPolice)
	divert := 0
	if local {
		divert = tf.PoliceUnits
	}
	immigration := !focus.Criminal()
	arrests := sim.Poisson(tf.Arrests, dr.Float64(oArrests))
	if immigration {
		m.met.add(fArrestsByVenue, int(VenueTaskForce), float64(arrests))
	} else {
		// Criminal arrests are booked into the jail.
		m.met.add(fCriminalByFocus, int(focus), float64(arrests))
		for j := range min(arrests, 16) {
			sub := dr.Sub(uint64(oBookings + j))
			g := Group(categorical(d.offendW[:], sub.Float64(0)))
			m.book(d, g, true, sub.Sub(aBooking))
		}
	}
	vis := tf.Visibility * m.visibilityMultiplier(agencies)
	switch {
	case immigration:
	case agencies.Has(AgencyICE) || agencies.Has(AgencyBorderPatrol):
		// Federal immigration agencies are seen even on other work.
		vis *= 0.3
	default:
		vis = 0
	}
	m.startOp(d, OpTaskForce, agencies, tf.OpHours, divert, immigration, vis, dr)
	if vis > 0 {
		m.shock(d, vis, local)
	}
}

// policeOp runs a planned local police operation (warrant service,
// narcotics).
func (m *Model) policeOp(arg int64) {
	d := m.d[arg]
	m.e.After(d.opRNG.ExpFloat64()/d.opRate, prioNormal, m.onPoliceOp, arg)
	dr := d.opDraws.Sub(d.opN)
	d.opN++
	pc := &m.cfg.Police
	m.startOp(d, OpPolice, AgencySet(0).With(AgencyPolice), pc.OpHours, pc.OpUnits, false, 0, dr)
}

// startOp registers an operation: it counts it, checks it against other
// agencies' operations in the same place and time (deconfliction), draws its
// safety outcomes, and takes police units off dispatch for its duration.
// startOp records the start of an operation of the given kind, agencies
// and duration in d: overlaps with other agencies' operations and their
// conflicts, use of force, and the patrol units it takes off dispatch. vis
// is its visibility, for observers only (the caller applies the shock).
func (m *Model) startOp(d *district, kind OpKind, agencies AgencySet, hours float64, divert int, immigration bool, vis float64, dr sim.Draws) {
	met := &m.met
	now := m.e.Now()
	obs := m.opt.Observer
	if obs != nil {
		obs.Operation(OperationEvent{Hour: now, District: d.idx, Kind: kind, Agencies: agencies, Hours: hours, Visibility: vis})
	}
	s := &m.cfg.Safety
	met.inc(fOpsByKind, int(kind))
	for a := range Agency(NumAgencies) {
		if agencies.Has(a) {
			met.inc(fOpsByAgency, int(a))
		}
	}
	multi := agencies.Several()

	// Overlaps with other agencies' operations.
	window := s.OverlapHours
	live := m.ops[:0]
	j := uint64(0)
	flagged := false
	for _, o := range m.ops {
		if o.end+window < now {
			continue // long over: drop it
		}
		live = append(live, o)
		if o.agencies&agencies != 0 || !m.near(o.district, d) {
			continue
		}
		if last := &live[len(live)-1]; !last.flagged {
			last.flagged = true
			met.inc(fOpsFlagged, 0)
		}
		flagged = true
		met.inc(fOverlaps, 0)
		idx := oOverlap + 2*min(j, maxOverlapDraws-1)
		j++
		if dr.Float64(idx) < m.pol.detection {
			met.inc(fOverlapsDetected, 0)
			continue
		}
		pConflict := s.ConflictPerOverlap * m.pol.trainingRisk * m.pol.postureEsc
		if u := dr.Float64(idx + 1); u < pConflict {
			met.inc(fBlueOnBlue, 0)
			// Reuse the tail of the same uniform for the injury draw.
			injury := u/pConflict < s.ConflictInjury
			if injury {
				met.inc(fOfficerInjuries, 0)
			}
			if obs != nil {
				obs.Incident(IncidentEvent{Hour: now, District: d.idx, Kind: BlueOnBlue, Injury: injury})
			}
		}
	}
	if flagged {
		met.inc(fOpsFlagged, 0)
	}
	m.ops = append(live, opRec{district: d.idx, end: now + hours, agencies: agencies, flagged: flagged})

	pForce := s.ForcePerOp * m.pol.postureEsc
	if multi {
		pForce *= s.ForceMultiAgency * m.pol.trainingRisk
	}
	pForce = math.Min(1, pForce)
	if dr.Float64(oForce) < pForce {
		met.inc(fUseOfForce, 0)
		injury := false
		if dr.Float64(oOfficerInjury) < s.OfficerInjury {
			met.inc(fOfficerInjuries, 0)
			injury = true
		}
		if dr.Float64(oCivilianInjury) < s.CivilianInjury {
			met.inc(fCivilianInjuries, 0)
			injury = true
		}
		if obs != nil {
			obs.Incident(IncidentEvent{Hour: now, District: d.idx, Kind: UseOfForce, Injury: injury})
		}
	}

	if divert > 0 && immigration && !m.cfg.Channels.Capacity {
		// The officer time is counted, but the units stay on dispatch.
		met.add(fImmigrationHours, 0, float64(divert)*hours)
		divert = 0
	}
	if divert > 0 {
		d.diverted += divert
		m.setCapacity(d)
		m.e.After(hours, prioNormal, m.onDiverted, int64(d.idx)<<16|int64(divert))
		if immigration {
			met.add(fImmigrationHours, 0, float64(divert)*hours)
		}
	}
}

// near reports whether district i is d or one of its neighbours: the area
// in which a deconfliction register flags two operations as conflicting.
func (m *Model) near(i int, d *district) bool {
	return i == d.idx || m.isNeighbour(m.d[i], d)
}

// undivert returns units taken off dispatch by an operation.
func (m *Model) undivert(arg int64) {
	d := m.d[arg>>16]
	d.diverted -= int(arg & 0xffff)
	m.setCapacity(d)
}

// shock applies the trust and fear effects of a visible enforcement action
// of visibility v in district d and, by spill-over, its neighbours. local
// says whether local police were seen to take part.
func (m *Model) shock(d *district, v float64, local bool) {
	t := &m.cfg.Trust
	sens := t.Sensitivity.array()
	exposure := t.FearExposure.array()
	mult := 1.0
	if local {
		mult = t.LocalShare
	}
	apply := func(dd *district, f float64) {
		for g := range NumGroups {
			dd.trust[g] = math.Max(0, dd.trust[g]-t.OpShock*v*sens[g]*mult*f)
			dd.opFear[g] = math.Min(1, dd.opFear[g]+t.OpFear*v*exposure[g]*mult*f)
		}
	}
	apply(d, 1)
	for _, n := range d.neighbours {
		apply(m.d[n], t.Spillover)
	}
}
