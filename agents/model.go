package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sim"
)

// Options are the run settings that are not part of the city's description.
// The zero value means the defaults given on each field.
type Options struct {
	// Seed and Replication select the random streams. Two models with the
	// same seed and replication share every random process they have in
	// common (common random numbers).
	Seed        uint64
	Replication uint64
	// Days is the simulated span; 0 means 365.
	Days float64
	// SeriesDays is the interval of the time series; 0 means 7.
	SeriesDays float64
	// Observer, if not nil, is told of events as they happen (for a live
	// view); it does not change the results.
	Observer Observer
}

// Event priorities: the clock-driven updates come first at a given time,
// then everything else, and timeline changes last — after every other event
// of that moment, as a live change made between two steps of a run is — so
// that a session's live changes saved as a timeline replay exactly.
const (
	prioTick   sim.Priority = -1
	prioNormal sim.Priority = 0
	prioChange sim.Priority = 1 << 20
)

// Dispatch priorities in the patrol queue (lower is served first).
const (
	dispatchOp      sim.Priority = -10
	dispatchViolent sim.Priority = 1
	dispatchProp    sim.Priority = 2
	dispatchOther   sim.Priority = 3
)

// Model is one replication of a scenario: the city, its agencies and their
// interactions, advancing in simulated hours.
//
// A Model is not safe for concurrent use; run one per goroutine.
type Model struct {
	cfg     Config
	opt     Options
	e       *sim.Engine
	streams sim.Streams
	horizon sim.Time

	d        []*district
	undocW   []float64 // undocumented population by district, to place operations
	bzone    []int     // districts in the border zone
	bzoneW   []float64 // their populations
	popW     []float64 // population by district
	totalPop float64

	// derived policy state, refreshed on every change and daily
	pol policyState

	cases    []caseRec
	freeCase []int32

	ops          []opRec // operations active or recently ended, for overlap checks
	followUps    []followUpRec
	freeFollowUp []int32

	ice        [numICEOps]*poissonProc
	bp         *poissonProc
	taskForces []*poissonProc

	// Callbacks created once so that scheduling does not allocate.
	onCrime, onCall, onStop, onMinor, onPoliceOp sim.Action
	onGranted, onCallDone, onCleared, onTransfer sim.Action
	onShift, onDay, onSample, onChange           sim.Action
	onFollowUp, onRelease, onDiverted            sim.Action
	onAbandoned                                  sim.Action

	met     metrics
	vw      view // see Model.view
	series  []Point
	changes []AppliedChange

	// err is the fatal error that stopped the run, if any (see Err).
	err error
}

type district struct {
	idx        int
	name       string
	pop        float64
	shares     perGroup
	offendW    perGroup // shares × offending multiplier
	trust      perGroup
	trust0     perGroup // configured baseline
	opFear     perGroup
	lang       float64
	border     bool
	units      [numShifts]int
	diverted   int
	pool       *sim.Pool
	neighbours []int32
	x, y       float64 // centre, miles

	crimeRNG   [NumCrimeTypes]*rand.Rand
	crimeDraws [NumCrimeTypes]sim.Draws
	crimeN     [NumCrimeTypes]uint64
	crimeRate  [NumCrimeTypes]float64 // per hour

	callRNG, stopRNG, minorRNG, opRNG         *rand.Rand
	callDraws, stopDraws, minorDraws, opDraws sim.Draws
	callN, stopN, minorN, opN                 uint64
	callRate, stopRate, minorRate, opRate     float64
}

// caseRec is a call for service or a reported crime under investigation.
type caseRec struct {
	kind     int8 // caseCrime or caseOther
	district int32
	crime    CrimeType
	victim   Group
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

// New builds a model of cfg (nil means [DefaultConfig]) with the given
// options. It returns the validation errors if cfg is not a valid
// configuration.
func New(cfg *Config, opt Options) (*Model, error) {
	if cfg == nil {
		c := DefaultConfig()
		cfg = &c
	}
	if errs := cfg.Validate(); len(errs) > 0 {
		return nil, errs
	}
	if err := CheckOptions(opt); err != nil {
		return nil, err
	}
	if opt.Days == 0 {
		opt.Days = 365
	}
	if opt.SeriesDays == 0 {
		opt.SeriesDays = 7
	}
	m := &Model{
		cfg:     *cfg,
		opt:     opt,
		e:       sim.NewEngine(),
		streams: sim.NewStreams(opt.Seed, opt.Replication),
		horizon: opt.Days * 24,
	}
	m.onCrime = m.crime
	m.onCall = m.otherCall
	m.onStop = m.trafficStop
	m.onMinor = m.minorArrest
	m.onPoliceOp = m.policeOp
	m.onGranted = m.granted
	m.onCallDone = m.callDone
	m.onCleared = m.cleared
	m.onTransfer = m.transfer
	m.onShift = m.shift
	m.onDay = m.day
	m.onSample = m.sample
	m.onChange = m.change
	m.onFollowUp = m.followUp
	m.onRelease = m.release
	m.onDiverted = m.undivert
	m.onAbandoned = m.abandoned

	m.buildCity()
	m.refresh()
	m.startProcesses()
	return m, nil
}

// DefaultConfig returns the configuration every scenario key defaults to:
// a single district of 20,000 residents with the default agencies.
func DefaultConfig() Config {
	var c Config
	schema.Defaults(&c)
	d := c.City.Grid.Template
	d.Name = "city"
	c.City.Districts = []District{d}
	return c
}

// Config returns a copy of the model's current configuration, including
// changes applied so far.
func (m *Model) Config() Config { return m.cfg }

// Engine returns the model's simulation engine.
func (m *Model) Engine() *sim.Engine { return m.e }

// Now returns the simulated time in hours.
func (m *Model) Now() float64 { return m.e.Now() }

// Horizon returns the end of the run in hours.
func (m *Model) Horizon() float64 { return m.horizon }

// Done reports whether the run has reached its horizon or stopped on a
// fatal error.
func (m *Model) Done() bool { return m.e.Now() >= m.horizon || m.err != nil }

// Err returns the fatal error that stopped the run, or nil. A validated
// configuration never has one; it reports a defect of the model (a timeline
// change that could not be applied, or a panic inside an event), which
// stops the run where it happened. The summary then describes the run up
// to that point and must not be used as a result: callers that store
// results treat a run with an error as failed.
func (m *Model) Err() error { return m.err }

// RunUntil advances the model to hour t (capped at the horizon). After a
// fatal error (see [Model.Err]) it does nothing.
func (m *Model) RunUntil(t float64) {
	t = math.Min(t, m.horizon)
	if m.err != nil || !(t > m.e.Now()) {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			m.fail(fmt.Errorf("agents: run failed at day %.4g: %v (a defect of agencysim: please report it with the scenario)", m.e.Now()/24, r))
		}
	}()
	m.e.RunUntil(t)
}

// fail records a fatal error and stops the run.
func (m *Model) fail(err error) {
	if m.err == nil {
		m.err = err
	}
	m.e.Stop()
}

// Run runs the model to its horizon and returns its summary. If the run
// stopped on a fatal error, [Model.Err] returns it and the summary covers
// the run up to that point only.
func (m *Model) Run() *Summary {
	m.RunUntil(m.horizon)
	return m.Summary()
}

func (m *Model) buildCity() {
	c := m.cfg.City
	dists := c.Districts
	if len(dists) == 0 {
		g := c.Grid
		for r := 0; r < g.Rows; r++ {
			for col := 0; col < g.Cols; col++ {
				t := g.Template
				t.Name = fmt.Sprintf("%s-r%dc%d", g.Template.Name, r+1, col+1)
				t.X = float64(col) * g.SpacingMiles
				t.Y = float64(r) * g.SpacingMiles
				dists = append(dists, t)
			}
		}
	}
	st := m.streams
	for i, dc := range dists {
		d := &district{
			idx:    i,
			name:   dc.Name,
			pop:    float64(dc.Population),
			shares: dc.Groups.array(),
			trust:  dc.Trust.array(),
			lang:   dc.LanguageAccess,
			border: dc.BorderMiles <= m.cfg.BorderPatrol.ZoneMiles,
			units:  dc.PatrolUnits.array(),
			x:      dc.X,
			y:      dc.Y,
		}
		d.trust0 = d.trust
		off := dc.OffendingShare.array()
		for g := range NumGroups {
			d.offendW[g] = d.shares[g] * off[g]
		}
		rates := dc.CrimeRates.array()
		for ct := range CrimeType(NumCrimeTypes) {
			name := "crime/" + dc.Name + "/" + ct.String()
			d.crimeRNG[ct] = st.Stream(name)
			d.crimeDraws[ct] = st.Draws(name + "/attributes")
			d.crimeRate[ct] = rates[ct] * d.pop / 1000 / 8760
		}
		pc := m.cfg.Police
		d.callRNG, d.callDraws = st.Stream("calls/"+dc.Name), st.Draws("calls/"+dc.Name+"/attributes")
		d.stopRNG, d.stopDraws = st.Stream("stops/"+dc.Name), st.Draws("stops/"+dc.Name+"/attributes")
		d.minorRNG, d.minorDraws = st.Stream("minor/"+dc.Name), st.Draws("minor/"+dc.Name+"/attributes")
		d.opRNG, d.opDraws = st.Stream("police-ops/"+dc.Name), st.Draws("police-ops/"+dc.Name+"/attributes")
		d.callRate = pc.OtherCalls * d.pop / 1000 / 8760
		d.stopRate = pc.TrafficStops * d.pop / 1000 / 8760
		d.minorRate = pc.MinorArrests * d.pop / 1000 / 8760
		d.opRate = pc.OpsPerDistrictWeek / 168
		d.pool = sim.NewPool(m.e, d.units[shiftAt(0)])
		m.d = append(m.d, d)
		m.undocW = append(m.undocW, d.pop*d.shares[Undocumented])
		m.popW = append(m.popW, d.pop)
		m.totalPop += d.pop
		if d.border {
			m.bzone = append(m.bzone, i)
			m.bzoneW = append(m.bzoneW, d.pop)
		}
	}
	m.findNeighbours()
}

// findNeighbours fills each district's neighbour list: the districts whose
// centres are at most city.neighbour_miles away. Districts are put in the
// cells of a grid of that size, so only the 3 × 3 cells around a district
// are searched: the work is proportional to the number of neighbour pairs,
// not to the square of the number of districts. Lists are in ascending
// district order.
func (m *Model) findNeighbours() {
	r := m.cfg.City.NeighbourMiles
	// A cell at least r wide is enough: a neighbour lies in one of the
	// 3 × 3 cells around a district. Tiny radii use larger cells so that
	// the cell numbers stay small.
	cell := math.Max(r, 0.01)
	type key struct{ x, y int64 }
	keyOf := func(d *district) key {
		return key{int64(math.Floor(d.x / cell)), int64(math.Floor(d.y / cell))}
	}
	cells := make(map[key][]int32, len(m.d))
	for i, d := range m.d {
		k := keyOf(d)
		cells[k] = append(cells[k], int32(i))
	}
	for i, a := range m.d {
		k := keyOf(a)
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				for _, j := range cells[key{k.x + dx, k.y + dy}] {
					if int(j) != i && m.isNeighbour(a, m.d[j]) {
						a.neighbours = append(a.neighbours, j)
					}
				}
			}
		}
		slices.Sort(a.neighbours)
	}
}

// isNeighbour reports whether districts a and b are within
// city.neighbour_miles of each other.
func (m *Model) isNeighbour(a, b *district) bool {
	return math.Hypot(a.x-b.x, a.y-b.y) <= m.cfg.City.NeighbourMiles
}

// shift is a patrol shift.
type shift int

// The shifts, in the order of ShiftUnits.array.
const (
	nightShift   shift = iota // 23:00-07:00
	dayShift                  // 07:00-15:00
	eveningShift              // 15:00-23:00
	numShifts    = 3
)

var shiftVocab = newVocab[shift]("shift", term{name: "night"}, term{name: "day"}, term{name: "evening"})

// shiftAt returns the shift at hour t.
func shiftAt(t float64) shift {
	h := math.Mod(t, 24)
	switch {
	case h >= 7 && h < 15:
		return dayShift
	case h >= 15 && h < 23:
		return eveningShift
	}
	return nightShift
}

func (m *Model) startProcesses() {
	e := m.e
	for _, d := range m.d {
		for ct := range CrimeType(NumCrimeTypes) {
			if d.crimeRate[ct] > 0 {
				e.After(d.crimeRNG[ct].ExpFloat64()/d.crimeRate[ct], prioNormal, m.onCrime, int64(d.idx*NumCrimeTypes+int(ct)))
			}
		}
		if d.callRate > 0 {
			e.After(d.callRNG.ExpFloat64()/d.callRate, prioNormal, m.onCall, int64(d.idx))
		}
		if d.stopRate > 0 {
			e.After(d.stopRNG.ExpFloat64()/d.stopRate, prioNormal, m.onStop, int64(d.idx))
		}
		if d.minorRate > 0 {
			e.After(d.minorRNG.ExpFloat64()/d.minorRate, prioNormal, m.onMinor, int64(d.idx))
		}
		if d.opRate > 0 {
			e.After(d.opRNG.ExpFloat64()/d.opRate, prioNormal, m.onPoliceOp, int64(d.idx))
		}
	}
	// Shift changes at 07:00, 15:00 and 23:00.
	e.Every(7, 8, prioTick, m.onShift, 0)
	e.Every(24, 24, prioTick, m.onDay, 0)
	e.Every(m.opt.SeriesDays*24, m.opt.SeriesDays*24, prioTick+1, m.onSample, 0)
	for i, ch := range m.cfg.Timeline {
		e.At(ch.Day*24, prioChange, m.onChange, int64(i))
	}

	m.ice[opAtLarge] = m.newProc("ice/at_large", func() float64 {
		c := m.cfg.ICE
		return float64(c.Teams) * c.AtLargePerTeamWeek / 168 * m.pol.opsBoost
	}, func(k uint64, dr sim.Draws) { m.iceOp(opAtLarge, k, dr, -1) })
	m.ice[opCourthouse] = m.newProc("ice/courthouse", func() float64 {
		return m.cfg.ICE.CourthousePerMonth * 12 / 8760 * m.pol.opsBoost
	}, func(k uint64, dr sim.Draws) { m.iceOp(opCourthouse, k, dr, -1) })
	m.ice[opWorksite] = m.newProc("ice/worksite", func() float64 {
		return m.cfg.ICE.WorksitePerYear / 8760 * m.pol.opsBoost
	}, func(k uint64, dr sim.Draws) { m.iceOp(opWorksite, k, dr, -1) })
	m.bp = m.newProc("border_patrol/ops", func() float64 {
		if len(m.bzone) == 0 {
			return 0
		}
		return float64(m.cfg.BorderPatrol.Units) * m.cfg.BorderPatrol.OpsPerUnitWeek / 168
	}, m.borderOp)
	m.rescheduleProcs()
	m.sampleStart()
}

// active reports whether day falls in [start, end), end 0 meaning open.
func active(day, start, end float64) bool {
	return day >= start && (end == 0 || day < end)
}

// poissonProc is a Poisson process whose rate depends on policy: when the
// rate changes its next event is redrawn (valid because the exponential
// distribution is memoryless).
type poissonProc struct {
	m     *Model
	rng   *rand.Rand
	draws sim.Draws
	rate  func() float64
	fire  func(k uint64, dr sim.Draws)
	cur   float64
	id    sim.EventID
	n     uint64
	tick  sim.Action
}

func (m *Model) newProc(name string, rate func() float64, fire func(uint64, sim.Draws)) *poissonProc {
	p := &poissonProc{m: m, rng: m.streams.Stream(name), draws: m.streams.Draws(name + "/attributes"), rate: rate, fire: fire}
	p.tick = p.onTick
	return p
}

func (p *poissonProc) reschedule() {
	r := p.rate()
	if r == p.cur && (r == 0 || p.m.e.Pending(p.id)) {
		return
	}
	p.m.e.Cancel(p.id)
	p.cur = r
	p.id = 0
	if r > 0 {
		p.id = p.m.e.After(p.rng.ExpFloat64()/r, prioNormal, p.tick, 0)
	}
}

func (p *poissonProc) onTick(int64) {
	k := p.n
	p.n++
	p.id = p.m.e.After(p.rng.ExpFloat64()/p.cur, prioNormal, p.tick, 0)
	p.fire(k, p.draws.Sub(k))
}

func (m *Model) rescheduleProcs() {
	// Task forces added by a change get their own process.
	for i := len(m.taskForces); i < len(m.cfg.Agreements.TaskForces); i++ {
		m.taskForces = append(m.taskForces, m.newProc("task_force/"+m.cfg.Agreements.TaskForces[i].Name, func() float64 {
			if i >= len(m.cfg.Agreements.TaskForces) {
				return 0
			}
			tf := m.cfg.Agreements.TaskForces[i]
			if !active(m.e.Now()/24, tf.StartDay, tf.EndDay) {
				return 0
			}
			return tf.OpsPerMonth * 12 / 8760
		}, func(k uint64, dr sim.Draws) { m.taskForceOp(i, k, dr) }))
	}
	for _, p := range m.ice {
		p.reschedule()
	}
	m.bp.reschedule()
	for _, p := range m.taskForces {
		p.reschedule()
	}
}

// newCase takes a case record from the free list.
func (m *Model) newCase() int32 {
	if n := len(m.freeCase); n > 0 {
		i := m.freeCase[n-1]
		m.freeCase = m.freeCase[:n-1]
		return i
	}
	m.cases = append(m.cases, caseRec{})
	return int32(len(m.cases) - 1)
}

func (m *Model) releaseCase(i int32) {
	m.cases[i] = caseRec{}
	m.freeCase = append(m.freeCase, i)
}

// Attribute indices of a crime's counter-based draws. Every crime reads the
// same indices whatever happens to it, so policy arms stay aligned.
const (
	aVictim = iota
	aReport
	aWitnessN
	aWitnessGroup // 4 slots
	aWitnessCoop  = aWitnessGroup + maxWitnesses
	aVictimCoop   = aWitnessCoop + maxWitnesses
	aClear        = aVictimCoop + 1
	aOffender     = aClear + 1
	aInvestigate  = aOffender + 1
	aTravel       = aInvestigate + 1 // 3 slots (gamma shape 3)
	aOnScene      = aTravel + 3
	aBooking      = 64 // booking draws are a sub-source
)

const maxWitnesses = 4

// crime handles the arrival of a victimization of one type in one district.
func (m *Model) crime(arg int64) {
	d := m.d[arg/NumCrimeTypes]
	ct := CrimeType(arg % NumCrimeTypes)
	m.e.After(d.crimeRNG[ct].ExpFloat64()/d.crimeRate[ct], prioNormal, m.onCrime, arg)
	k := d.crimeN[ct]
	d.crimeN[ct]++
	dr := d.crimeDraws[ct].Sub(k)

	g := Group(categorical(d.shares[:], dr.Float64(aVictim)))
	met := &m.met
	met.inc(fOccurredByGroup, int(g))
	met.inc(fOccurredByType, int(ct))
	reported := dr.Float64(aReport) < m.reportProb(d, g, ct)
	if m.opt.Observer != nil {
		m.opt.Observer.Crime(CrimeEvent{Hour: m.e.Now(), District: d.idx, Type: ct, Victim: g, Reported: reported})
	}
	if !reported {
		return
	}
	met.inc(fReportedByGroup, int(g))
	met.inc(fReportedByType, int(ct))

	rc := &m.cfg.Reporting
	wmean := rc.Witnesses.array()[ct]
	nw := min(sim.Poisson(wmean, dr.Float64(aWitnessN)), maxWitnesses)
	info := 0.0
	for i := range nw {
		wg := Group(categorical(d.shares[:], dr.Float64(aWitnessGroup+uint64(i))))
		met.inc(fWitnessesByGroup, int(wg))
		if dr.Float64(aWitnessCoop+uint64(i)) < m.coopProb(d, wg, rc.WitnessCooperation) {
			met.inc(fCooperatingByGroup, int(wg))
			info++
		}
	}
	if dr.Float64(aVictimCoop) < m.coopProb(d, g, rc.VictimCooperation) {
		info++
		met.inc(fVictimsCooperatingByGroup, int(g))
	}

	ci := m.newCase()
	c := &m.cases[ci]
	c.kind = caseCrime
	c.district = int32(d.idx)
	c.crime = ct
	c.victim = g
	c.info = info
	c.t0 = m.e.Now()
	c.draws = dr
	c.travel = m.travelDraw(dr)
	c.onScene = expDraw(dr.Float64(aOnScene), m.cfg.Police.OnScene.array()[ct])
	prio := dispatchProp
	if ct.Violent() {
		prio = dispatchViolent
	}
	m.dispatch(d, prio, ci)
}

func (m *Model) travelDraw(dr sim.Draws) float64 {
	mean := m.cfg.Police.TravelMinutes / 60 / 3
	t := 0.0
	for i := range uint64(3) {
		t += expDraw(dr.Float64(aTravel+i), mean)
	}
	return t
}

// reportProb is the chance that a victim of group g reports a crime of type
// ct in district d now.
func (m *Model) reportProb(d *district, g Group, ct CrimeType) float64 {
	return logistic(logit(m.cfg.Reporting.BaseRate.array()[ct]) + m.attitude(d, g))
}

// coopProb is the chance that a victim or witness of group g cooperates,
// given the base chance at reference attitudes.
func (m *Model) coopProb(d *district, g Group, base float64) float64 {
	return logistic(logit(base) + m.attitude(d, g))
}

// attitude is the shift in log-odds of contacting or helping police for
// group g in district d: trust raises it, fear and missing language access
// lower it.
func (m *Model) attitude(d *district, g Group) float64 {
	rc := &m.cfg.Reporting
	var a float64
	if m.cfg.Channels.Trust {
		a = rc.TrustSlope*(d.trust[g]-rc.TrustReference) - rc.FearSlope*m.effectiveFear(d, g)
	} else {
		// As if enforcement had changed neither trust nor fear.
		a = rc.TrustSlope*(d.trust0[g]-rc.TrustReference) - rc.FearSlope*clamp01(m.pol.baseFear[g])
	}
	if g != Citizen {
		a -= rc.LanguageSlope * (1 - d.lang)
	}
	return a
}

// fear returns the fear of immigration consequences of group g in district
// d, before protections.
func (m *Model) fear(d *district, g Group) float64 {
	return clamp01(m.pol.baseFear[g] + m.pol.involvementFear[g] + d.opFear[g])
}

// effectiveFear is the fear that weighs on a victim's or witness's decision:
// victim protections and oversight damp it.
func (m *Model) effectiveFear(d *district, g Group) float64 {
	return m.fear(d, g) * m.pol.fearDamping
}

// otherCall handles a call for service that is not a victimization.
func (m *Model) otherCall(arg int64) {
	d := m.d[arg]
	m.e.After(d.callRNG.ExpFloat64()/d.callRate, prioNormal, m.onCall, arg)
	dr := d.callDraws.Sub(d.callN)
	d.callN++
	m.met.inc(fOtherCalls, 0)
	ci := m.newCase()
	c := &m.cases[ci]
	c.kind = caseOther
	c.district = int32(d.idx)
	c.t0 = m.e.Now()
	c.travel = m.travelDraw(dr)
	c.onScene = expDraw(dr.Float64(aOnScene), m.cfg.Police.OtherCallHours)
	m.dispatch(d, dispatchOther, ci)
}

// dispatch asks district d's patrol pool for a unit for case ci. A call
// that waits longer than police.abandon_after_minutes is abandoned.
func (m *Model) dispatch(d *district, prio sim.Priority, ci int32) {
	if d.pool.AcquireWithin(prio, m.cfg.Police.AbandonMinutes/60, m.onGranted, m.onAbandoned, int64(ci)) {
		m.granted(int64(ci))
	}
}

// abandoned runs when case arg has waited too long for a unit: it gets no
// response, investigation or clearance.
func (m *Model) abandoned(arg int64) {
	ci := int32(arg)
	if m.cases[ci].kind == caseCrime {
		m.met.inc(fAbandonedCrimes, 0)
	} else {
		m.met.inc(fAbandonedOther, 0)
	}
	m.releaseCase(ci)
}

// granted runs when a unit is assigned to a case.
func (m *Model) granted(arg int64) {
	c := &m.cases[arg]
	now := m.e.Now()
	if c.kind == caseCrime {
		resp := (now - c.t0 + c.travel) * 60
		m.met.addResponse(resp)
		if resp < m.cfg.Police.FastResponseMinutes {
			m.serviceGain(m.d[c.district], c.victim)
		}
	}
	if m.opt.Observer != nil {
		m.opt.Observer.Dispatch(DispatchEvent{Hour: now, District: int(c.district), Crime: c.kind == caseCrime, Travel: c.travel, OnScene: c.onScene})
	}
	m.e.After(c.travel+c.onScene, prioNormal, m.onCallDone, arg)
}

// callDone releases the unit and, for a crime, decides whether the case
// will be cleared.
func (m *Model) callDone(arg int64) {
	ci := int32(arg)
	c := &m.cases[ci]
	d := m.d[c.district]
	d.pool.Release()
	if c.kind != caseCrime {
		m.releaseCase(ci)
		return
	}
	p := logistic(logit(m.cfg.Police.Clearance.array()[c.crime]) + m.cfg.Police.CooperationSlope*(c.info-m.pol.infoRef[c.crime]))
	if c.draws.Float64(aClear) >= p {
		m.releaseCase(ci)
		return
	}
	delay := expDraw(c.draws.Float64(aInvestigate), m.cfg.Police.InvestigationDays*24)
	m.e.After(delay, prioNormal, m.onCleared, arg)
}

// cleared records a clearance by arrest and books the offender.
func (m *Model) cleared(arg int64) {
	ci := int32(arg)
	c := m.cases[ci]
	m.releaseCase(ci)
	d := m.d[c.district]
	m.met.inc(fClearedByType, int(c.crime))
	m.serviceGain(d, c.victim)
	g := Group(categorical(d.offendW[:], c.draws.Float64(aOffender)))
	m.book(d, g, true, c.draws.Sub(aBooking))
}

// serviceGain adds the small trust gain of good service.
func (m *Model) serviceGain(d *district, g Group) {
	if n := d.pop * d.shares[g]; n > 0 {
		d.trust[g] = math.Min(1, d.trust[g]+m.cfg.Trust.ServiceGain*1000/n)
	}
}

// minorArrest books a misdemeanor or traffic arrest.
func (m *Model) minorArrest(arg int64) {
	d := m.d[arg]
	m.e.After(d.minorRNG.ExpFloat64()/d.minorRate, prioNormal, m.onMinor, arg)
	dr := d.minorDraws.Sub(d.minorN)
	d.minorN++
	g := Group(categorical(d.offendW[:], dr.Float64(0)))
	m.book(d, g, false, dr.Sub(aBooking))
}

// Traffic-stop draw indices.
const (
	sDriver = iota
	sDuration
	sWarrant
	sQuestion
	sFollow
	sTravel
)

// trafficStop is an officer-initiated stop, made only if a unit is free.
func (m *Model) trafficStop(arg int64) {
	d := m.d[arg]
	m.e.After(d.stopRNG.ExpFloat64()/d.stopRate, prioNormal, m.onStop, arg)
	dr := d.stopDraws.Sub(d.stopN)
	d.stopN++
	if !d.pool.TryAcquire() {
		m.met.inc(fStopsForgone, 0)
		return
	}
	pc := &m.cfg.Police
	g := Group(categorical(d.shares[:], dr.Float64(sDriver)))
	hours := expDraw(dr.Float64(sDuration), pc.TrafficStopHours)
	m.met.inc(fStops, 0)
	immHours := 0.0
	arrest := false
	wrongful := false

	is := &m.cfg.Policies.InfoSharing
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
			m.met.inc(fWarrantHits, 0)
			if wrongful {
				m.met.inc(fWrongfulHits, 0)
			}
			if m.pol.g287 == G287TaskForce {
				arrest = true
			} else if !wrongful && dr.Float64(sFollow) < m.cfg.ICE.FollowUpDeclined {
				m.scheduleFollowUp(d.idx, dr.Sub(1))
			}
		}
	}
	if m.pol.g287 == G287TaskForce && g != Citizen && !arrest {
		if dr.Float64(sQuestion) < m.cfg.Agreements.G287.StopQuestionRate {
			m.met.inc(fStatusInquiries, 0)
			immHours += m.cfg.Agreements.G287.QuestionHours
			if g == Undocumented {
				arrest = true
			}
		}
	}
	if arrest {
		immHours += m.cfg.Agreements.G287.TransportHours
		if wrongful {
			m.met.inc(fWrongfulHolds, 0)
			m.met.add(fLitigation, 0, m.cfg.Jail.LitigationPerWrongful)
		} else {
			m.met.inc(fArrestsByVenue, int(VenueTrafficStop))
		}
		// A visible arrest by local officers on immigration grounds.
		m.shock(d, 0.1*m.pol.postureVis, true)
	}
	m.met.add(fImmigrationHours, 0, immHours)
	busy := hours + immHours
	if !m.cfg.Channels.Capacity {
		busy = hours
	}
	m.e.After(busy, prioNormal, m.onRelease, int64(d.idx))
}

// release returns a unit to district arg's patrol pool.
func (m *Model) release(arg int64) { m.d[arg].pool.Release() }

// shift applies the patrol staffing of the shift that starts now.
func (m *Model) shift(int64) {
	for _, d := range m.d {
		m.setCapacity(d)
	}
}

func (m *Model) setCapacity(d *district) {
	d.pool.SetCapacity(max(0, d.units[shiftAt(m.e.Now())]-d.diverted))
}

// day runs the daily updates: trust recovers toward its long-run level,
// operation-driven fear fades, agreements start and end, military units
// accrue personnel-days.
func (m *Model) day(int64) {
	t := &m.cfg.Trust
	rec := math.Exp(-math.Ln2 / t.HalfLifeDays * (1 + t.OutreachSpeedup*m.cfg.Policies.Outreach))
	fade := math.Exp(-math.Ln2 / t.FearHalfLifeDays)
	for _, d := range m.d {
		for g := range NumGroups {
			target := d.trust0[g] - m.pol.trustDrop[g]
			d.trust[g] = target + (d.trust[g]-target)*rec
			d.opFear[g] *= fade
		}
	}
	m.refresh()
	m.met.add(fMilitaryDays, 0, float64(m.pol.militaryPersonnel))
}

// change applies timeline entry arg.
func (m *Model) change(arg int64) {
	ch := m.cfg.Timeline[arg]
	if err := m.apply(ch.Set, fmt.Sprintf("timeline[%d]", arg)); err != nil {
		// The cumulative validation of the timeline makes this unreachable;
		// should it happen, the run fails instead of the process.
		m.fail(fmt.Errorf("agents: timeline[%d] could not be applied on day %g: %v", arg, ch.Day, err))
	}
}
