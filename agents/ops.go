package agents

import (
	"math"
	"slices"

	"github.com/agencysim/agencysim/sim"
)

// This file makes operations entities (docs/model.md, Operations as
// entities). The agencies' planning rates (ice.go, borderpatrol.go,
// taskforce.go, police.go) plan operations; each planned operation has a
// lead agency, participants (agency.join), a lead time, a duration, a venue
// and a custody plan. An oversight body may review a joint operation first
// (Model.planOp). At its start the operation takes units from finite
// capacities — ICE teams, Border Patrol units, 287(g) officers, task-force
// officers — or waits for them, or is dropped (Model.startPlanned); it is
// checked against the other agencies' operations and, under formal
// deconfliction, postponed or merged into a joint operation (deconflict);
// then it runs (runOp).

// opsState is the model's planned, running and recent operations.
type opsState struct {
	recs    []opRec         // operations running or recently ended, for overlap checks
	hits    []overlapHit    // scratch for deconflict
	pending slab[pendingOp] // operations waiting to start
	onStart sim.Action

	// Capacities: the busy-until times of the units in use.
	ice, bp, g287 unitPool
	tf            []unitPool // by task force
	mil           []unitPool // by military unit (index in military.units): its detachments
	milUnits      []milUnit  // the active units that take part in operations (military.refresh)

	// Audits after the fact: the hour of each lead agency's last finding.
	found   [NumAgencies]bool
	foundAt [NumAgencies]float64
	onAudit sim.Action
}

// milUnit is an active military unit whose roles take part in operations.
type milUnit struct {
	idx          int  // index in military.units
	size         int  // personnel it commits to one operation
	detachments  int  // operations it can support at once
	uniformed    bool // present at ICE's and Border Patrol's operations
	surveillance bool // raises ICE's arrests
}

// pendingOp is an operation planned and not yet started.
type pendingOp struct {
	op       operation
	due      float64 // hour it was first due to start
	attempts int     // times deconfliction postponed it
	waited   bool    // it has waited for capacity
}

// overlapHit is an overlap of a starting operation with a recorded one.
type overlapHit struct {
	rec      int32
	detected bool
}

// unitPool is a capacity of identical units (teams, units, officers):
// until holds the hour at which each unit in use is free again.
type unitPool struct{ until []float64 }

// inUse drops the units free by now and returns those still in use.
func (p *unitPool) inUse(now float64) int {
	j := 0
	for _, t := range p.until {
		if t > now {
			p.until[j] = t
			j++
		}
	}
	p.until = p.until[:j]
	return j
}

// take puts n units in use until end.
func (p *unitPool) take(n int, end float64) {
	for range n {
		p.until = append(p.until, end)
	}
}

// freeAt is the earliest hour at which n of capacity units are free (after
// inUse(now)); +Inf if n > capacity.
func (p *unitPool) freeAt(now float64, capacity, n int) float64 {
	free := capacity - len(p.until)
	if n > capacity {
		return math.Inf(1)
	}
	if free >= n {
		return now
	}
	slices.Sort(p.until)
	// Units beyond the capacity (after a cut) must all end first.
	return p.until[len(p.until)-capacity+n-1]
}

// The decisions of this file draw from a sub-stream of the operation's
// draws, so that they never shift the draws of the others.
const opsSub = 1 << 40

// Indices in the sub-stream.
const (
	qVetting   = iota
	qDecide    // + attempt: postpone or merge
	qComplaint = qDecide + 64
	qAudit     = qComplaint + 1
)

func (o OpCounts) array() [numICEOps]int { return [numICEOps]int{o.AtLarge, o.Courthouse, o.Worksite} }

// vets reports whether an oversight body reviews planned joint operations.
func (o Oversight) vets() bool { return o == CivilianReview || o == InteragencyPanel }

// planOp plans op to start lead hours from now. A joint operation (several
// agencies) under civilian review or an interagency panel is reviewed
// first: it starts no earlier than operations.vetting.review_days after
// planning, and may be denied or changed:
//
//	u < deny_share:                    denied (it does not run)
//	u < deny_share + modify_share:     visibility × modified_visibility; courthouse → at large
func (m *Model) planOp(op operation, lead float64) {
	m.met.inc(fOpsPlanned, 0)
	if op.agencies.Several() && m.cfg.Policies.Oversight.vets() {
		v := &m.cfg.Operations.Vetting
		m.met.inc(fReviewed, 0)
		u := op.draws.Sub(opsSub).Float64(qVetting)
		switch {
		case u < v.DenyShare:
			m.met.inc(fDenied, 0)
			return
		case u < v.DenyShare+v.ModifyShare:
			m.met.inc(fModified, 0)
			op.visMult *= v.ModifiedVisibility
			if op.kind == OpICECourthouse {
				op.kind, op.venue = OpICEAtLarge, VenueAtLarge
				op.vis = m.cfg.ICE.Visibility.AtLarge
			}
		}
		lead = math.Max(lead, v.ReviewDays*24)
	}
	p := pendingOp{op: op, due: m.e.Now() + lead}
	if lead <= 0 {
		m.tryStart(&p)
		return
	}
	m.deferOp(&p, p.due)
}

// deferOp keeps p until hour at, when it is tried again.
func (m *Model) deferOp(p *pendingOp, at float64) {
	s := &m.ops
	i := s.pending.add(*p)
	m.e.At(at, prioNormal, s.onStart, int64(i))
}

// startPlanned tries to start the pending operation arg.
func (m *Model) startPlanned(arg int64) {
	p := m.ops.pending.take(int32(arg))
	m.tryStart(&p)
}

// leadPool returns the capacity the lead of op draws on and its size (nil
// for police operations, whose patrol units are dispatch's).
func (m *Model) leadPool(op *operation) (*unitPool, int) {
	switch {
	case op.tf >= len(m.cfg.Agreements.TaskForces):
		// A change removed the task force since it planned the operation.
		return &m.ops.ice, 0
	case op.tf >= 0:
		for len(m.ops.tf) <= op.tf {
			m.ops.tf = append(m.ops.tf, unitPool{})
		}
		return &m.ops.tf[op.tf], m.cfg.Agreements.TaskForces[op.tf].Officers
	case op.lead == AgencyICE:
		return &m.ops.ice, m.cfg.ICE.Teams
	case op.lead == AgencyBorderPatrol:
		return &m.ops.bp, m.cfg.BorderPatrol.Units
	}
	return nil, 0
}

// tryStart starts p now if its lead agency has the units free; if not, it
// waits for them (at most operations.max_wait_hours past its due start)
// or is dropped. A started operation is deconflicted, may be postponed,
// and otherwise takes its units and runs.
func (m *Model) tryStart(p *pendingOp) {
	now := m.e.Now()
	op := &p.op
	pool, capacity := m.leadPool(op)
	need := 0
	if pool != nil {
		need = min(op.need, capacity)
		if capacity <= 0 {
			m.met.inc(fOpsDropped, 0)
			return
		}
		if capacity-pool.inUse(now) < need {
			t := pool.freeAt(now, capacity, need)
			if t-p.due > m.cfg.Operations.MaxWaitHours {
				m.met.inc(fOpsDropped, 0)
				return
			}
			if !p.waited {
				p.waited = true
				m.met.inc(fOpsWaited, 0)
			}
			m.deferOp(p, t)
			return
		}
	}
	partner, ok := m.deconflict(p)
	if !ok {
		return // postponed
	}

	// The lead's units and the participants'.
	end := now + op.hours
	var units [NumAgencies]int
	if pool != nil {
		pool.take(need, end)
		units[op.lead] = need
		if op.tf >= 0 {
			m.met.add(fBusyTF, 0, float64(need)*op.hours)
		} else {
			m.met.add(fBusyByAgency, int(op.lead), float64(need)*op.hours)
		}
	}
	if op.tf < 0 && (op.lead == AgencyICE || op.lead == AgencyBorderPatrol) {
		m.commitMilitary(op, now, end, &units)
	}
	if op.lead == AgencyICE && op.tf < 0 && op.agencies.Has(AgencyBorderPatrol) {
		bp := &m.cfg.BorderPatrol
		n := min(bp.SurgeUnits, max(0, bp.Units-m.ops.bp.inUse(now)))
		if n == 0 {
			op.agencies &^= 1 << AgencyBorderPatrol
			op.bpVis = 1
		} else {
			m.ops.bp.take(n, end)
			units[AgencyBorderPatrol] = n
			m.met.add(fBusyByAgency, int(AgencyBorderPatrol), float64(n)*op.hours)
			op.arrests += float64(n) * bp.SurgeArrests
		}
	}
	if op.lead == AgencyICE && op.tf < 0 && op.local {
		g := &m.cfg.Agreements.G287
		if g.Officers-m.ops.g287.inUse(now) < g.OfficersPerOp {
			op.agencies &^= 1 << AgencyPolice
			op.local, op.divert = false, 0
		} else {
			m.ops.g287.take(g.OfficersPerOp, end)
			units[AgencyPolice] = g.OfficersPerOp
			m.met.add(fBusyByAgency, int(AgencyPolice), float64(g.OfficersPerOp)*op.hours)
		}
	}
	if op.lead == AgencyPolice {
		units[AgencyPolice] = op.divert
	}
	if partner >= 0 {
		// Merged: one joint operation with the partner's agencies.
		r := &m.ops.recs[partner]
		op.agencies |= r.agencies
		r.agencies |= op.agencies
		r.end = math.Max(r.end, end)
		op.merged = true
	}
	m.runOp(op, &units)
}

// commitMilitary takes the military detachments that the starting ICE or
// Border Patrol operation op (ending at end) calls on: one free detachment
// of the first active unit (in the order of military.units) with a
// uniformed role if uniformed military was planned to be present (join),
// and, for ICE's, of the first with surveillance support (the same
// detachment if its unit has both). A detachment is committed for the
// operation's duration and supports no other operation meanwhile. With
// no uniformed detachment free, military is not present (no extra
// visibility); with no surveillance detachment free, no extra arrests:
//
//	arrests × (1 + military.surveillance_boost)   with surveillance support
func (m *Model) commitMilitary(op *operation, now, end float64, units *[NumAgencies]int) {
	s := &m.ops
	wantP := op.agencies.Has(AgencyMilitary)
	wantS := op.lead == AgencyICE
	surv := false
	for _, mu := range s.milUnits {
		if !(wantP && mu.uniformed) && !(wantS && mu.surveillance) {
			continue
		}
		for len(s.mil) <= mu.idx {
			s.mil = append(s.mil, unitPool{})
		}
		pool := &s.mil[mu.idx]
		if mu.detachments-pool.inUse(now) < 1 {
			continue
		}
		pool.take(1, end)
		units[AgencyMilitary] += mu.size
		m.met.add(fBusyByAgency, int(AgencyMilitary), float64(mu.size)*op.hours)
		if mu.uniformed {
			wantP = false
		}
		if mu.surveillance && wantS {
			wantS, surv = false, true
		}
		if !wantP && !wantS {
			break
		}
	}
	if wantP {
		op.agencies &^= 1 << AgencyMilitary
	}
	if surv {
		op.arrests *= 1 + m.cfg.Military.SurveillanceBoost
	}
}

// corrective is the multiplier on the visibility and force risk of an
// operation led by a after an audit finding on one of its operations:
//
//	1 − (1 − corrective_multiplier) · 2^(−(t − t_finding) / corrective_half_life)   (1 before any finding)
func (m *Model) corrective(a Agency) float64 {
	s := &m.ops
	if !s.found[a] {
		return 1
	}
	v := &m.cfg.Operations.Vetting
	age := (m.e.Now() - s.foundAt[a]) / (24 * v.CorrectiveHalfLifeDays)
	return 1 - (1-v.CorrectiveMultiplier)*math.Exp2(-age)
}

// scheduleAudit: under any oversight but none, a completed joint
// operation op (several agencies) is audited with chance
// operations.vetting.audit_share; the audit ends audit_days after the
// operation, with a finding if it had a use of force, an injury, a
// complaint or a wrongful detention (fault).
func (m *Model) scheduleAudit(op *operation, fault bool) {
	v := &m.cfg.Operations.Vetting
	if m.cfg.Policies.Oversight == OversightNone || !op.agencies.Several() || v.AuditShare <= 0 {
		return
	}
	if op.draws.Sub(opsSub).Float64(qAudit) >= v.AuditShare {
		return
	}
	arg := int64(op.lead) << 1
	if fault {
		arg |= 1
	}
	m.e.At(m.e.Now()+op.hours+v.AuditDays*24, prioNormal, m.ops.onAudit, arg)
}

// auditDone ends an audit (scheduleAudit): it counts it and, with a
// finding, starts the lead agency's corrective action.
func (m *Model) auditDone(arg int64) {
	m.met.inc(fAudited, 0)
	if arg&1 == 0 {
		return
	}
	m.met.inc(fAuditFindings, 0)
	a := Agency(arg >> 1)
	m.ops.found[a], m.ops.foundAt[a] = true, m.e.Now()
}

// deconflict checks the starting operation of p against the other
// agencies' operations running or recently ended in the same or a
// neighbouring district (safety.overlap_hours). Each overlap is detected
// with the chance of the deconfliction level in force. Ad hoc
// deconfliction only warns (a detected overlap cannot become a conflict);
// under formal deconfliction an operation with a detected overlap is
// postponed (re-planned policies.deconfliction.postpone_hours later, at
// most max_postpones times) or, with chance merge_share (or once it may be
// postponed no more), merged into the first detected one: those overlaps
// are prevented. The other overlaps count, and one unknown to both may
// become a blue-on-blue conflict. It returns the record of the operation
// merged into (-1 for none) and false if the operation was postponed.
func (m *Model) deconflict(p *pendingOp) (int, bool) {
	met := &m.met
	op := &p.op
	now := m.e.Now()
	s := &m.cfg.Safety
	dc := &m.cfg.Policies.Deconfliction
	dr := op.draws
	if p.attempts > 0 {
		dr = op.draws.Sub(opsSub).Sub(uint64(p.attempts))
	}
	window := s.OverlapHours
	st := &m.ops
	live := st.recs[:0]
	for _, o := range st.recs {
		if o.end+window >= now {
			live = append(live, o)
		}
	}
	st.recs = live
	hits := st.hits[:0]
	first, nDet := -1, 0
	for i, o := range live {
		if o.agencies&op.agencies != 0 || !m.near(o.district, op.d) {
			continue
		}
		idx := oOverlap + 2*min(uint64(len(hits)), maxOverlapDraws-1)
		det := dr.Float64(idx) < m.pol.detection
		if det {
			nDet++
			if first < 0 {
				first = i
			}
		}
		hits = append(hits, overlapHit{rec: int32(i), detected: det})
	}
	st.hits = hits
	acts := dc.Level == DeconflictFormal && nDet > 0
	if acts {
		met.add(fOverlapsPrevented, 0, float64(nDet))
		u := op.draws.Sub(opsSub).Float64(qDecide + uint64(min(p.attempts, 63)))
		if p.attempts < dc.MaxPostpones && u >= dc.MergeShare {
			met.inc(fOpsPostponed, 0)
			p.attempts++
			m.deferOp(p, now+dc.PostponeHours)
			return -1, false
		}
		met.inc(fOpsMerged, 0)
	} else {
		first = -1
	}

	flagged := false
	for j, h := range hits {
		if acts && h.detected {
			continue // prevented
		}
		rec := &st.recs[h.rec]
		if !rec.flagged {
			rec.flagged = true
			met.inc(fOpsFlagged, 0)
		}
		flagged = true
		met.inc(fOverlaps, 0)
		if h.detected {
			met.inc(fOverlapsDetected, 0)
			continue
		}
		idx := oOverlap + 2*min(uint64(j), maxOverlapDraws-1)
		pConflict := s.ConflictPerOverlap * m.pol.trainingRisk * m.pol.postureEsc
		if u := dr.Float64(idx + 1); u < pConflict {
			met.inc(fBlueOnBlue, 0)
			// Reuse the tail of the same uniform for the injury draw.
			injury := u/pConflict < s.ConflictInjury
			if injury {
				met.inc(fOfficerInjuries, 0)
				op.injured = true
			}
			hv := m.harmVisibility(op.kind)
			lost, media := m.harm(op.d, harmBlueOnBlue, hv, -1)
			if injury {
				l, md := m.harm(op.d, harmInjury, hv, -1)
				lost, media = lost+l, media || md
			}
			if obs := m.opt.Observer; obs != nil {
				obs.Incident(IncidentEvent{Hour: now, District: op.d.idx, Kind: BlueOnBlue, Injury: injury, Shock: lost, Media: media})
			}
		}
	}
	if flagged {
		met.inc(fOpsFlagged, 0)
	}
	if first < 0 {
		st.recs = append(st.recs, opRec{district: op.d.idx, end: now + op.hours, agencies: op.agencies, flagged: flagged})
	}
	return first, true
}

// runOp runs a started operation: its arrests (immigration arrests by
// venue and their removals, or a criminal task force's bookings), its
// safety (runOpSafety) and its trust shock.
//
//	vis = vis₀ · posture · Π presence_a · review · bp_posture · corrective_lead   (× press under formal deconfliction, several agencies)
//
// A joint operation may be audited afterwards (scheduleAudit).
//
// With Border Patrol in an ICE operation inside the border zone, the part
// of the shock due to its posture, vis · (1 − 1/bp_posture), habituates in
// Border Patrol's slot (a routine presence); elsewhere the whole shock
// habituates in the operation kind's slot.
func (m *Model) runOp(op *operation, units *[NumAgencies]int) {
	dr := op.draws
	d := op.d
	arrests := 0
	if op.arrests > 0 {
		arrests = sim.Poisson(op.arrests, dr.Float64(oArrests))
	}
	criminal := op.tf >= 0 && !op.immigration
	wrongfulBefore := m.met.n[fWrongfulHeld][0]
	switch {
	case criminal:
		tf := &m.cfg.Agreements.TaskForces[op.tf]
		m.met.add(fCriminalByFocus, int(tf.Focus), float64(arrests))
		for j := range min(arrests, tf.MaxBooked) {
			sub := dr.Sub(uint64(oBookings + j))
			g := Group(categorical(d.offendW[:], sub.Float64(0)))
			m.jail.book(d, g, LevelSerious, false, sub.Sub(aBooking))
		}
	case op.kind != OpPolice:
		m.met.add(fArrestsByVenue, int(op.venue), float64(arrests))
		m.removeArrested(d, arrests, dr)
	}
	wrongful := m.met.n[fWrongfulHeld][0] > wrongfulBefore
	vis := op.vis * m.visibilityMultiplier(op.agencies) * op.visMult * op.bpVis
	if criminal {
		if op.agencies.Has(AgencyICE) || op.agencies.Has(AgencyBorderPatrol) {
			// Federal immigration agencies are seen even on other work.
			vis *= m.cfg.Agreements.TaskForces[op.tf].FederalVisibility
		} else {
			vis = 0
		}
	}
	dc := &m.cfg.Policies.Deconfliction
	if dc.Level == DeconflictFormal && op.agencies.Several() {
		vis *= dc.PressShare
	}
	corr := m.corrective(op.lead)
	vis *= corr
	fault := m.runOpSafety(op, vis, corr, units)
	m.scheduleAudit(op, fault || wrongful || op.injured)
	switch {
	case op.kind == OpPolice, criminal && vis <= 0:
	case op.bpVis > 1 && d.border:
		routine := vis * (1 - 1/op.bpVis)
		m.shock(d, vis-routine, op.local, int(op.kind))
		m.shock(d, routine, op.local, int(OpBorderPatrol))
	default:
		m.shock(d, vis, op.local, int(op.kind))
	}
}

// coordination is the inter-agency coordination: deconfliction meetings
// and the accounting of the agencies' capacities. It plans no operations.
type coordination struct{ *Model }

// rankCoordination is its place among the agencies (see register): last.
const rankCoordination = 70

func init() {
	register(rankCoordination, func(m *Model) agency { return &coordination{Model: m} })
}

func (c *coordination) start()                                            {}
func (c *coordination) refresh(*policyState, float64)                     {}
func (c *coordination) join(*operation)                                   {}
func (c *coordination) opsPerHour(*Config, *cityStats) (float64, float64) { return 0, 0 }
func (c *coordination) describe() (string, string)                        { return "", "" }

// day counts the day's capacity (unit-hours; for military, the personnel-
// hours of the detachments of the units that take part in operations) of
// each agency and the
// officer-hours of coordination meetings:
//
//	meeting_hours · attendees · agencies / meeting_days   a day (ad hoc and formal deconfliction)
//
// the agencies being police, ICE and Border Patrol where they have teams
// or units, and each active task force.
func (c *coordination) day() {
	cfg := &c.cfg
	c.met.add(fCapByAgency, int(AgencyICE), float64(cfg.ICE.Teams)*24)
	c.met.add(fCapByAgency, int(AgencyBorderPatrol), float64(cfg.BorderPatrol.Units)*24)
	for _, mu := range c.ops.milUnits {
		c.met.add(fCapByAgency, int(AgencyMilitary), float64(mu.size*mu.detachments)*24)
	}
	if c.pol.g287 == G287TaskForce {
		c.met.add(fCapByAgency, int(AgencyPolice), float64(cfg.Agreements.G287.Officers)*24)
	}
	day := c.e.Now() / 24
	n := 1
	if cfg.ICE.Teams > 0 {
		n++
	}
	if cfg.BorderPatrol.Units > 0 {
		n++
	}
	for _, tf := range cfg.Agreements.TaskForces {
		if active(day, tf.StartDay, tf.EndDay) {
			n++
			c.met.add(fCapTF, 0, float64(tf.Officers)*24)
		}
	}
	dc := &cfg.Policies.Deconfliction
	if dc.Level != DeconflictNone {
		c.met.add(fMeetingHours, 0, dc.MeetingHours*float64(dc.Attendees*n)/dc.MeetingDays)
	}
}
