package agents

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sim"
)

// police is the local police: dispatch of patrol units to reported crimes
// and other calls for service, investigation and clearance, traffic stops,
// minor arrests and planned operations, and, under a 287(g) task-force
// agreement, status questions at stops and officers joining ICE's at-large
// operations.
type police struct {
	*Model
	cases slab[caseRec]

	// aid is each district's mutual-aid preference list (the districts
	// whose free units answer its calls when none of its own is free, in
	// order) and aidHours the extra travel from each of them, in hours;
	// both nil when police.mutual_aid is off.
	aid      [][]int32
	aidHours [][]float64

	onGranted, onCallDone, onClear sim.Action
	onRelease, onAbandoned         sim.Action
}

// rankPolice is its place among the agencies (see register).
const rankPolice = 10

func init() {
	register(rankPolice, func(m *Model) agency {
		p := &police{Model: m}
		p.onGranted, p.onCallDone, p.onClear = p.granted, p.callDone, p.cleared
		p.onRelease, p.onAbandoned = p.release, p.abandoned
		return p
	})
}

// Dispatch priorities in the patrol queue (lower is served first).
const (
	dispatchViolent sim.Priority = 1
	dispatchProp    sim.Priority = 2
	dispatchOther   sim.Priority = 3
)

// caseRec is a call for service or a reported crime under investigation.
type caseRec struct {
	kind     int8 // caseCrime or caseOther
	district int32
	unit     int32 // the district whose patrol pool supplied the unit
	crime    CrimeType
	victim   Cohort
	info     float64 // cooperating victims and witnesses
	t0       sim.Time
	travel   float64
	onScene  float64
	draws    sim.Draws
}

const (
	caseCrime int8 = iota
	caseOther
)

// Traffic-stop draw indices.
const (
	sDriver = iota
	sDuration
	sWarrant
	sQuestion
	sFollow
	sTravel
)

func (p *police) start() {
	st := p.streams
	pc := &p.cfg.Police
	for i, d := range p.d {
		call, stop, minor, op := p.proc(i, arrCall), p.proc(i, arrStop), p.proc(i, arrMinor), p.proc(i, arrOp)
		call.seed(st, "calls/"+d.name)
		stop.seed(st, "stops/"+d.name)
		minor.seed(st, "minor/"+d.name)
		op.seed(st, "police-ops/"+d.name)
		call.rate = residentRate(pc.OtherCalls, d.pop)
		stop.rate = residentRate(pc.TrafficStops, d.pop)
		minor.rate = residentRate(pc.MinorArrests, d.pop)
		op.rate = pc.OpsPerDistrictWeek / 168
		p.every(i, arrCall)
		p.every(i, arrStop)
		p.every(i, arrMinor)
		p.every(i, arrOp)
	}
	if pc.MutualAid {
		p.aidOrder()
	}
}

// maxAidNearest bounds the nearest-first mutual-aid list of a district.
const maxAidNearest = 8

// aidOrder fills the mutual-aid preference lists: a district's configured
// list (city.districts[].mutual_aid) if it has one, else the districts
// whose centres are within police.mutual_aid_miles, nearest first (ties in
// district order, at most maxAidNearest). Districts are put in cells of
// that size, so only the 3 × 3 cells around a district are searched.
func (p *police) aidOrder() {
	pc := &p.cfg.Police
	r := pc.MutualAidMiles
	byName := make(map[string]int32, len(p.d))
	for i, d := range p.d {
		byName[d.name] = int32(i)
	}
	cell := math.Max(r, 0.01)
	type key struct{ x, y int64 }
	keyOf := func(d *district) key {
		return key{int64(math.Floor(d.x / cell)), int64(math.Floor(d.y / cell))}
	}
	var cells map[key][]int32
	p.aid = make([][]int32, len(p.d))
	p.aidHours = make([][]float64, len(p.d))
	type cand struct {
		j    int32
		dist float64
	}
	var cs []cand
	for i, a := range p.d {
		var list []int32
		if dists := p.cfg.City.Districts; i < len(dists) && len(dists[i].MutualAid) > 0 {
			for _, name := range dists[i].MutualAid {
				j, ok := byName[name]
				if !ok {
					panic(fmt.Sprintf("agents: mutual-aid district %q of %q not in the city (validation should have caught it)", name, a.name))
				}
				list = append(list, j)
			}
		} else {
			if cells == nil {
				cells = make(map[key][]int32, len(p.d))
				for j, d := range p.d {
					k := keyOf(d)
					cells[k] = append(cells[k], int32(j))
				}
			}
			cs = cs[:0]
			k := keyOf(a)
			for dx := int64(-1); dx <= 1; dx++ {
				for dy := int64(-1); dy <= 1; dy++ {
					for _, j := range cells[key{k.x + dx, k.y + dy}] {
						b := p.d[j]
						if dist := math.Hypot(a.x-b.x, a.y-b.y); int(j) != i && dist <= r {
							cs = append(cs, cand{j, dist})
						}
					}
				}
			}
			slices.SortFunc(cs, func(x, y cand) int {
				if c := cmp.Compare(x.dist, y.dist); c != 0 {
					return c
				}
				return cmp.Compare(x.j, y.j)
			})
			for _, c := range cs[:min(len(cs), maxAidNearest)] {
				list = append(list, c.j)
			}
		}
		hours := make([]float64, len(list))
		for n, j := range list {
			b := p.d[j]
			hours[n] = math.Hypot(a.x-b.x, a.y-b.y) / pc.PatrolMPH
		}
		p.aid[i], p.aidHours[i] = list, hours
	}
}

// validateMutualAid checks the mutual-aid lists of the districts: names of
// other districts of the city (seen maps names to indices), each at most
// once; none in a grid template.
func validateMutualAid(city City, seen map[string]int, fail func(string, any, string, string)) {
	for i, d := range city.Districts {
		for k, name := range d.MutualAid {
			p := fmt.Sprintf("city.districts[%d].mutual_aid[%d]", i, k)
			switch j, ok := seen[name]; {
			case !ok:
				fail(p, safetext.Escape(name), "is not a district of the city", "the name of another district in city.districts")
			case j == i || name == d.Name:
				fail(p, safetext.Escape(name), "names the district itself", "the name of another district")
			case slices.Index(d.MutualAid, name) < k:
				fail(p, safetext.Escape(name), "is listed twice", "each district at most once")
			}
		}
	}
	if len(city.Grid.Template.MutualAid) > 0 {
		fail("city.grid.template.mutual_aid", fmt.Sprint(city.Grid.Template.MutualAid), "is set in a grid template", "no list: grid districts borrow from the districts within police.mutual_aid_miles, nearest first")
	}
}

// every sets the first event of arrival process k of district i, a
// Poisson process (none if its rate is 0); each event sets the next
// (arrivals.go).
func (p *police) every(i, k int) {
	if p.proc(i, k).rate > 0 {
		p.next(i, k)
	}
}

// next sets the next event of arrival process k of district i, a Poisson
// process at its rate, an exponential time from now.
func (p *police) next(i, k int) {
	pr := p.proc(i, k)
	p.setArrival(i, k, p.e.Now()+pr.exp()/pr.rate)
}

// refresh derives the 287(g) agreement in force and its weight in local
// involvement, and the expected cooperation on which clearance is
// calibrated.
func (p *police) refresh(ps *policyState, day float64) {
	c := &p.cfg
	ps.g287 = G287None
	if g := c.Agreements.G287; active(day, g.StartDay, g.EndDay) {
		ps.g287 = g.Model
	}
	w := c.Trust.Involvement
	switch ps.g287 {
	case G287TaskForce:
		ps.inv += w.TaskForceModel
	case G287JailEnforcement:
		ps.inv += w.JailModel * priorityShare(c)
	case G287WarrantService:
		ps.inv += w.WarrantService
	}
	rc := &c.Reporting
	wit := rc.Witnesses.array()
	for ct := range NumCrimeTypes {
		ps.infoRef[ct] = rc.VictimCooperation + wit[ct]*rc.WitnessCooperation
	}
}

// join: under a 287(g) task-force agreement local officers take part in
// some of ICE's at-large operations.
func (p *police) join(op *operation) {
	if op.kind == OpICEAtLarge && p.pol.g287 == G287TaskForce && op.draws.Float64(oPolice) < p.cfg.Agreements.G287.JoinOps {
		op.agencies = op.agencies.With(AgencyPolice)
		op.local, op.divert = true, 1
	}
}

func (p *police) opsPerHour(c *Config, st *cityStats) (float64, float64) {
	return float64(st.districts) * c.Police.OpsPerDistrictWeek / 168, c.Police.OpHours
}

func (p *police) describe() (string, string) { return "police", "police.ops_per_district_week" }

// newCase takes a case record from the free list.
func (p *police) newCase() int32 { return p.cases.add(caseRec{}) }

func (p *police) releaseCase(i int32) { p.cases.release(i) }

// reported opens the case of a reported crime and dispatches a unit.
func (p *police) reported(d *district, ct CrimeType, victim Cohort, info float64, dr sim.Draws) {
	ci := p.newCase()
	c := p.cases.at(ci)
	c.kind = caseCrime
	c.district = int32(d.idx)
	c.unit = c.district
	c.crime = ct
	c.victim = victim
	c.info = info
	c.t0 = p.e.Now()
	c.draws = dr
	c.travel = p.travelDraw(dr)
	c.onScene = expDraw(dr.Float64(aOnScene), p.cfg.Police.OnScene.array()[ct])
	prio := dispatchProp
	if ct.Violent() {
		prio = dispatchViolent
	}
	p.dispatch(d, prio, ci)
}

// travelDraw is a unit's travel time: Gamma(3) with mean
// police.travel_minutes, the sum of three exponentials of a third of the
// mean, drawn as one logarithm of the product of the three uniforms'
// complements (-m·ln Π(1-uᵢ) = Σ -m·ln(1-uᵢ); each factor is in (0, 1], so
// the product cannot underflow to 0) instead of three logarithms.
func (p *police) travelDraw(dr sim.Draws) float64 {
	mean := p.cfg.Police.TravelMinutes / 60 / 3
	prod := (1 - dr.Float64(aTravel)) * (1 - dr.Float64(aTravel+1)) * (1 - dr.Float64(aTravel+2))
	return -mean * math.Log(prod)
}

// otherCall handles a call for service that is not a victimization.
func (p *police) otherCall(i int) {
	d, pr := p.d[i], p.proc(i, arrCall)
	p.next(i, arrCall)
	dr := pr.event()
	p.met.inc(fOtherCalls, 0)
	ci := p.newCase()
	c := p.cases.at(ci)
	c.kind = caseOther
	c.district = int32(d.idx)
	c.unit = c.district
	c.t0 = p.e.Now()
	c.travel = p.travelDraw(dr)
	c.onScene = expDraw(dr.Float64(aOnScene), p.cfg.Police.OtherCallHours)
	p.dispatch(d, dispatchOther, ci)
}

// dispatch asks district d's patrol pool for a unit for case ci. Under
// police.mutual_aid, a call that finds no free unit at home takes the first
// free unit of the districts on d's preference list, which adds the
// distance between the centres at police.patrol_mph to the travel time and
// is busy in its own pool (no random draw: the policy arms stay aligned).
// A call that finds none anywhere queues at home; one that waits longer
// than police.abandon_after_minutes is abandoned.
func (p *police) dispatch(d *district, prio sim.Priority, ci int32) {
	if p.aid != nil && !free(d.pool) {
		for n, j := range p.aid[d.idx] {
			if p.d[j].pool.TryAcquire() {
				c := p.cases.at(ci)
				c.unit = j
				c.travel += p.aidHours[d.idx][n]
				p.met.inc(fCrossDistrict, 0)
				p.granted(int64(ci))
				return
			}
		}
	}
	if d.pool.AcquireWithin(prio, p.cfg.Police.AbandonMinutes/60, p.onGranted, p.onAbandoned, int64(ci)) {
		p.granted(int64(ci))
	}
}

// free reports whether pool has a free unit and nobody waiting.
func free(pool *sim.Pool) bool { return pool.InUse() < pool.Capacity() && pool.Waiting() == 0 }

// abandoned runs when case arg has waited too long for a unit: it gets no
// response, investigation or clearance.
func (p *police) abandoned(arg int64) {
	ci := int32(arg)
	if p.cases.at(ci).kind == caseCrime {
		p.met.inc(fAbandonedCrimes, 0)
	} else {
		p.met.inc(fAbandonedOther, 0)
	}
	p.releaseCase(ci)
}

// granted runs when a unit is assigned to a case.
func (p *police) granted(arg int64) {
	c := p.cases.at(int32(arg))
	now := p.e.Now()
	p.met.inc(fDispatches, 0)
	if c.kind == caseCrime {
		resp := (now - c.t0 + c.travel) * 60
		p.met.addResponse(resp)
		if resp < p.cfg.Police.FastResponseMinutes {
			p.serviceGain(p.d[c.district], c.victim)
		}
	}
	if p.opt.Observer != nil {
		p.opt.Observer.Dispatch(DispatchEvent{Hour: now, District: int(c.district), Crime: c.kind == caseCrime, Travel: c.travel, OnScene: c.onScene})
	}
	p.e.After(c.travel+c.onScene, prioNormal, p.onCallDone, arg)
}

// callDone releases the unit and, for a crime, decides whether the case
// will be cleared.
func (p *police) callDone(arg int64) {
	ci := int32(arg)
	c := p.cases.at(ci)
	p.d[c.unit].pool.Release()
	if c.kind != caseCrime {
		p.releaseCase(ci)
		return
	}
	pc := &p.cfg.Police
	prob := logistic(logit(pc.Clearance.array()[c.crime]) + pc.CooperationSlope*(c.info-p.pol.infoRef[c.crime]))
	if c.draws.Float64(aClear) >= prob {
		p.releaseCase(ci)
		return
	}
	p.off.clrDay++ // an apprehension, for deterrence
	delay := expDraw(c.draws.Float64(aInvestigate), pc.InvestigationDays*24)
	p.e.After(delay, prioNormal, p.onClear, arg)
}

// cleared records a clearance by arrest and books the offender: an active
// offender of the stock (taken into custody) or a background offender.
func (p *police) cleared(arg int64) {
	ci := int32(arg)
	c := *p.cases.at(ci)
	p.releaseCase(ci)
	d := p.d[c.district]
	p.met.inc(fClearedByType, int(c.crime))
	p.serviceGain(d, c.victim)
	g := Group(categorical(d.offendW[:], c.draws.Float64(aOffender)))
	sg, stock := p.arrestedStock(d, c.draws.Float64(aStock))
	if stock {
		g = sg
	}
	p.arrest(d, g, LevelSerious, stock, c.draws.Sub(aBooking))
}

// Minor-arrest draw indices.
const (
	mGroup = iota
	mStock // whether the person is an active offender of the stock
)

// minorArrest books a misdemeanor or traffic arrest.
func (p *police) minorArrest(i int) {
	d, pr := p.d[i], p.proc(i, arrMinor)
	p.next(i, arrMinor)
	dr := pr.event()
	g := Group(categorical(d.offendW[:], dr.Float64(mGroup)))
	stock := p.minorStock(d, g, dr.Float64(mStock))
	p.arrest(d, g, LevelMinor, stock, dr.Sub(aBooking))
}

// trafficStop is an officer-initiated stop, made only if a unit is free.
func (p *police) trafficStop(i int) {
	d, pr := p.d[i], p.proc(i, arrStop)
	p.next(i, arrStop)
	dr := pr.event()
	if !d.pool.TryAcquire() {
		p.met.inc(fStopsForgone, 0)
		return
	}
	pc := &p.cfg.Police
	g287 := &p.cfg.Agreements.G287
	taskForce := p.pol.g287 == G287TaskForce
	profiling := 0.0
	if taskForce {
		profiling = g287.StopProfiling
	}
	c := stopCohort(&d.cshares, dr.Float64(sDriver), profiling)
	g := c.Group()
	hours := expDraw(dr.Float64(sDuration), pc.TrafficStopHours)
	p.met.inc(fStops, 0)
	p.met.inc(fStopsByEthnicity, int(c.Ethnicity()))
	immHours := 0.0
	arrest := false
	wrongful := false

	is := &p.cfg.Policies.InfoSharing
	if is.WarrantQueries {
		hit := false
		u := dr.Float64(sWarrant)
		if g == Undocumented {
			hit = u < pc.WarrantHitRate
		} else if su := d.shares[Undocumented]; su < 1 && is.WarrantAccuracy < 1 {
			// False hits (stale records, namesakes), as frequent relative
			// to true hits as the accuracy implies.
			pFalse := pc.WarrantHitRate * su / (1 - su) * (1 - is.WarrantAccuracy) / math.Max(is.WarrantAccuracy, 1e-9)
			hit = u < pFalse
			wrongful = hit
		}
		if hit {
			p.met.inc(fWarrantHits, 0)
			if wrongful {
				p.met.inc(fWrongfulHits, 0)
			}
			if taskForce {
				arrest = true
			} else if !wrongful && dr.Float64(sFollow) < p.cfg.ICE.FollowUpDeclined {
				p.ice.scheduleFollowUp(d.idx, dr.Sub(1))
			}
		}
	}
	if taskForce && !arrest {
		// Status inquiries follow appearance, not status: Hispanic
		// drivers of every status are asked, citizens included.
		if q := g287.questionRate(c); q > 0 && dr.Float64(sQuestion) < q {
			p.met.inc(fStatusInquiries, 0)
			p.met.inc(fInquiriesByEthnicity, int(c.Ethnicity()))
			immHours += g287.QuestionHours
			p.statusInquiryHarm(d, c)
			if g == Undocumented {
				arrest = true
			}
		}
	}
	if arrest {
		immHours += g287.TransportHours
		if wrongful {
			p.met.inc(fWrongfulHolds, 0)
			p.wrongfulHarm(d, c)
			p.met.add(fLitigation, 0, p.cfg.Jail.LitigationPerWrongful)
		} else {
			p.met.inc(fArrestsByVenue, int(VenueTrafficStop))
		}
		// A visible arrest by local officers on immigration grounds.
		p.shock(d, g287.StopArrestVisibility*p.pol.postureVis, true, habitStops)
	}
	p.met.add(fImmigrationHours, 0, immHours)
	busy := hours + immHours
	if !p.cfg.Channels.Capacity {
		busy = hours
	}
	p.e.After(busy, prioNormal, p.onRelease, int64(d.idx))
}

// stopCohort draws the cohort of a stopped driver from uniform u: in
// proportion to the district's cohort shares, the Hispanic cohorts'
// weighted 1 + profiling (agreements.g287.stop_profiling under a
// task-force agreement, else 0; docs/model.md, Profiling at stops):
//
//	P(c) = share_c · (1 + s·[c Hispanic]) / Σ_k share_k · (1 + s·[k Hispanic])
//
// With s = 0 the draw is the population's, for the same u.
func stopCohort(shares *perCohort, u, s float64) Cohort {
	if s == 0 {
		return Cohort(categorical(shares[:], u))
	}
	w := *shares
	for c := range Cohort(NumCohorts) {
		if c.Ethnicity() == Hispanic {
			w[c] *= 1 + s
		}
	}
	return Cohort(categorical(w[:], u))
}

// questionRate is the chance that a task-force officer asks a stopped
// driver of cohort c about immigration status: stop_question_rate for a
// Hispanic driver of any status, stop_question_rate_other for a
// non-Hispanic noncitizen, none for a non-Hispanic citizen.
func (g *G287) questionRate(c Cohort) float64 {
	switch {
	case c.Ethnicity() == Hispanic:
		return g.StopQuestionRate
	case c.Group() != Citizen:
		return g.StopQuestionOther
	}
	return 0
}

// release returns a unit to district arg's patrol pool.
func (p *police) release(arg int64) { p.d[arg].pool.Release() }

// policeOp runs a planned local police operation (warrant service,
// narcotics).
func (p *police) policeOp(i int) {
	d, pr := p.d[i], p.proc(i, arrOp)
	p.next(i, arrOp)
	dr := pr.event()
	pc := &p.cfg.Police
	p.startOp(d, OpPolice, AgencySet(0).With(AgencyPolice), pc.OpHours, pc.OpUnits, false, 0, dr)
}
