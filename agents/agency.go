package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/agencysim/agencysim/sim"
)

// An agency is one of the model's actors — police, the county jail, ICE,
// Border Patrol, the joint task forces, military support — each in a file
// of its own that registers it (see register). The model holds one of each
// per run and calls them in rank order.
type agency interface {
	// start starts the agency's processes. It is called once, after the
	// city is built and the policy state first derived; processes whose
	// rate depends on policy are made with Model.newProc, which the model
	// reschedules after every refresh.
	start()
	// refresh adds the agency's part to the policy state p, derived anew
	// from the configuration and the day on every change and every day.
	refresh(p *policyState, day float64)
	// join is called as another agency's field operation (ICE's, Border
	// Patrol's) is set up: the agency may take part in it.
	join(op *operation)
	// opsPerHour is the expected rate of the operations the agency plans
	// itself (an upper bound), and the longest of them in hours, for the
	// resource limits of a configuration (see Workload). It reads only c
	// and st: the limits are checked on agencies made without a model.
	opsPerHour(c *Config, st *cityStats) (rate, hours float64)
	// describe names the agency's operations for the resource limits: a
	// label and the configuration key to blame when they are too many
	// ("" for an agency that plans none).
	describe() (label, key string)
}

// daily is implemented by agencies with a daily step, run after the daily
// refresh.
type daily interface{ day() }

// registration is an agency kind in the registry.
type registration struct {
	rank int                   // calling order: where agencies add to the same sum, the order of the terms
	make func(m *Model) agency // m may be nil (for the resource limits); make must not use it
}

var registry []registration

// register adds an agency kind; each agency's file calls it from init with
// its rank, which sets the order in which the agencies start, refresh and
// join (police 10, jail 20, ICE 30, Border Patrol 40, task forces 50,
// military 60). It panics on a rank already taken.
func register(rank int, make func(m *Model) agency) {
	for _, r := range registry {
		if r.rank == rank {
			panic(fmt.Sprintf("agents: agency rank %d registered twice", rank))
		}
	}
	registry = append(registry, registration{rank, make})
	slices.SortFunc(registry, func(a, b registration) int { return a.rank - b.rank })
}

// makeAgencies makes the model's agencies, in rank order, and keeps the
// three the others call on.
func (m *Model) makeAgencies() {
	m.ops.onStart = m.startPlanned
	m.ops.onAudit = m.auditDone
	for _, r := range registry {
		a := r.make(m)
		m.agencies = append(m.agencies, a)
		switch a := a.(type) {
		case *police:
			m.police = a
		case *jail:
			m.jail = a
		case *iceAgency:
			m.ice = a
		}
	}
}

// operation is a planned operation (see ops.go): the agency that leads it
// fills it in, the others may join it (agency.join), Model.planOp reviews
// and schedules it, and at its start Model.startPlanned takes its units,
// deconflicts it and runs it.
type operation struct {
	lead        Agency
	kind        OpKind
	venue       Venue // of its immigration arrests
	d           *district
	agencies    AgencySet
	hours       float64
	arrests     float64 // mean arrests (Poisson)
	divert      int     // patrol units it takes off dispatch
	local       bool    // local police are seen to take part
	immigration bool    // immigration enforcement (its officer time is counted as such)
	vis         float64 // visibility before the agencies' and the posture's multipliers
	visMult     float64 // multiplier from a review's required changes
	bpVis       float64 // multiplier for Border Patrol's joint posture (1 without it)
	tf          int     // task force index, or -1
	need        int     // units of the lead agency
	custody     Agency  // the agency that takes custody of its arrests
	merged      bool    // merged into another agency's operation by deconfliction
	injured     bool    // someone was injured in a blue-on-blue conflict at its start (an audit finds it)
	draws       sim.Draws
}

// newOp returns an operation of kind led by lead in d, with its draws.
func newOp(lead Agency, kind OpKind, d *district, dr sim.Draws) operation {
	return operation{lead: lead, kind: kind, d: d, agencies: AgencySet(0).With(lead), visMult: 1, bpVis: 1, tf: -1, need: 1, custody: lead, draws: dr}
}

// join lets every agency take part in op.
func (m *Model) join(op *operation) {
	for _, a := range m.agencies {
		a.join(op)
	}
}

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

// visibilityMultiplier scales an operation's visibility by posture and by
// the agencies present (uniformed military is seen).
func (m *Model) visibilityMultiplier(agencies AgencySet) float64 {
	v := m.pol.postureVis
	for a := range Agency(NumAgencies) {
		if agencies.Has(a) {
			v *= m.pol.presence[a]
		}
	}
	return v
}

func totalWeight(w []float64) float64 {
	t := 0.0
	for _, x := range w {
		t += x
	}
	return t
}

// startOp starts a local police operation of the given kind, agencies and
// duration in d now (police operations are not planned ahead and take no
// capacity of their own beyond the patrol units divert): it goes through
// deconfliction like every other operation (see Model.startPlanned).
func (m *Model) startOp(d *district, kind OpKind, agencies AgencySet, hours float64, divert int, immigration bool, vis float64, dr sim.Draws) {
	op := newOp(AgencyPolice, kind, d, dr)
	op.agencies, op.hours, op.divert, op.immigration, op.vis = agencies, hours, divert, immigration, vis
	op.need = 0
	m.planOp(op, 0)
}

// runOpSafety records the start of operation op: it counts it, draws its
// use of force and a complaint, and takes police units off dispatch for its
// duration. vis is its visibility, for observers only (the caller applies
// the shock); corr the lead agency's corrective action (Model.corrective),
// a multiplier on the force risk. The overlaps were checked by the caller
// (deconflict). It reports whether the operation had a use of force, an
// injury or a complaint (what an audit finds).
//
//	p_force     = force_per_op · escalation [· force_multi_agency · training, several agencies] · corr
//	p_complaint = (complaint_per_op, or with force complaint_per_force + complaint_per_injury · injuries) · protocol
//
// protocol being policies.deconfliction.protocol_multiplier in a joint
// operation under formal deconfliction (1 otherwise), which lowers
// injuries too.
func (m *Model) runOpSafety(op *operation, vis, corr float64, units *[NumAgencies]int) bool {
	met := &m.met
	now := m.e.Now()
	d, kind, agencies, hours, divert, dr := op.d, op.kind, op.agencies, op.hours, op.divert, op.draws
	if obs := m.opt.Observer; obs != nil {
		obs.Operation(OperationEvent{Hour: now, End: now + hours, District: d.idx, Kind: kind, Lead: op.lead, Agencies: agencies, Units: *units,
			Custody: op.custody, Merged: op.merged, Hours: hours, Visibility: vis})
	}
	s := &m.cfg.Safety
	met.inc(fOpsByKind, int(kind))
	for a := range Agency(NumAgencies) {
		if agencies.Has(a) {
			met.inc(fOpsByAgency, int(a))
		}
	}
	multi := agencies.Several()
	prot := 1.0
	if multi && m.cfg.Policies.Deconfliction.Level == DeconflictFormal {
		prot = m.cfg.Policies.Deconfliction.ProtocolShare
	}

	pForce := s.ForcePerOp * m.pol.postureEsc
	if multi {
		pForce *= s.ForceMultiAgency * m.pol.trainingRisk
	}
	pForce = math.Min(1, pForce*corr)
	force := dr.Float64(oForce) < pForce
	pComplaint := s.ComplaintPerOp
	if force {
		met.inc(fUseOfForce, 0)
		pComplaint = s.ComplaintPerForce
		injury := false
		if dr.Float64(oOfficerInjury) < s.OfficerInjury*prot {
			met.inc(fOfficerInjuries, 0)
			injury = true
			pComplaint += s.ComplaintPerInjury
		}
		hv := m.harmVisibility(kind)
		lost, media := m.harm(d, harmUseOfForce, hv, -1)
		if injury {
			// The officer's injury.
			l, md := m.harm(d, harmInjury, hv, -1)
			lost, media = lost+l, media || md
		}
		if dr.Float64(oCivilianInjury) < s.CivilianInjury*prot {
			met.inc(fCivilianInjuries, 0)
			injury = true
			pComplaint += s.ComplaintPerInjury
			l, md := m.harm(d, harmInjury, hv, -1)
			lost, media = lost+l, media || md
		}
		if obs := m.opt.Observer; obs != nil {
			obs.Incident(IncidentEvent{Hour: now, District: d.idx, Kind: UseOfForce, Injury: injury, Shock: lost, Media: media})
		}
	}
	complaint := false
	if pComplaint > 0 && dr.Sub(opsSub).Float64(qComplaint) < math.Min(1, pComplaint*prot) {
		complaint = true
		met.inc(fComplaints, 0)
		m.harm(d, harmComplaint, 1, -1)
	}

	immigration := op.immigration
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
	return force || complaint
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

// poissonProc is a Poisson process whose rate depends on policy: when the
// rate changes its next event is redrawn (valid because the exponential
// distribution is memoryless).
type poissonProc struct {
	m     *Model
	rng   *rand.Rand
	draws sim.Draws
	src   procSource // its rate and events
	i     int        // which of src's processes it is
	idx   int64      // its index in m.procs: the argument of its events
	cur   float64
	id    sim.EventID
	n     uint64
}

// procSource is an agency with processes made by newProc: process i's
// rate per hour, and its k-th event with its draws. It holds no func
// values, so that a copy of the model (Model.Fork) copies it as data.
type procSource interface {
	procRate(i int) float64
	procFire(i int, k uint64, dr sim.Draws)
}

// newProc makes process i of src on the named random stream (its events'
// draws come from name + "/attributes") and adds it to those the model
// reschedules after every refresh, in the order they were made.
func (m *Model) newProc(name string, src procSource, i int) *poissonProc {
	p := &poissonProc{m: m, rng: m.streams.Stream(name), draws: m.streams.Draws(name + "/attributes"), src: src, i: i, idx: int64(len(m.procs))}
	m.procs = append(m.procs, p)
	return p
}

func (p *poissonProc) reschedule() {
	r := p.src.procRate(p.i)
	if r == p.cur && (r == 0 || p.m.e.Pending(p.id)) {
		return
	}
	p.m.e.Cancel(p.id)
	p.cur = r
	p.id = 0
	if r > 0 {
		p.id = p.m.e.After(p.rng.ExpFloat64()/r, prioNormal, p.m.onProc, p.idx)
	}
}

// procTick runs the next event of process m.procs[arg].
func (m *Model) procTick(arg int64) {
	p := m.procs[arg]
	k := p.n
	p.n++
	p.id = m.e.After(p.rng.ExpFloat64()/p.cur, prioNormal, m.onProc, arg)
	p.src.procFire(p.i, k, p.draws.Sub(k))
}
