package agents

import (
	"fmt"
	"math"
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
	// view); it does not change the results. A model with an Observer
	// cannot be forked.
	Observer Observer
	// ForkDay, if positive, is the day of the run's fork point (see
	// [Model.Fork]): an event on that day, at the priority of timeline
	// changes and scheduled after the timeline's entries, that pauses the
	// run — where a timeline entry appended for that day would apply. It
	// must be below Days. A run that is resumed without forking goes on as
	// if nothing had happened there (but for one more event in
	// run.events).
	ForkDay float64

	// oneEventPerArrival, set only by the package's tests, gives every
	// arrival process of a district an engine event of its own instead of
	// the district's timer slot (arrivals.go): the reference scheme the
	// slots are tested against.
	oneEventPerArrival bool
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
	zone     float64   // the border zone in force, miles (border_patrol.zone_miles; borderpatrol.go applies a change)
	popW     []float64 // population by district
	totalPop float64
	popu     popState // residents by district and group, and the crime schedule that follows them (population.go)

	// derived policy state, refreshed on every change and daily
	pol policyState
	// awareFear is fear from local involvement in immigration
	// enforcement as residents know of it: it follows
	// pol.involvementFear with a lag (harm.go).
	awareFear perGroup
	// mixed is the share of each cohort in mixed-status households
	// (community.mixed_status).
	mixed perCohort

	// The agencies, in rank order (see agency.go), and the three the
	// others call on: police dispatch and the jail's bookings, ICE's
	// follow-up operations.
	agencies []agency
	police   *police
	jail     *jail
	ice      *iceAgency

	procs   []*poissonProc // processes whose rate depends on policy, rescheduled on every refresh
	started bool           // the processes have started
	ops     opsState       // operations planned, running or recently ended (ops.go)

	// Callbacks created once so that scheduling does not allocate (all
	// listed by eachAction, for Fork).
	onArrival, onShift, onDay, onSample, onChange, onDiverted sim.Action
	onProc, onFork                                            sim.Action
	tickers                                                   []*sim.Ticker // shifts, days, samples
	// atFork is true while the run is paused at its fork point.
	atFork bool

	off offenders // the offender stock (offenders.go)
	arr arrivals  // the districts' arrival processes and their timer slots (arrivals.go)

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
	pop        float64 // residents now, derived from the population state (population.go)
	pop0       float64 // residents at the start, as configured
	shares     perGroup
	offendW    perGroup  // shares × offending multiplier
	hisp       perGroup  // Hispanic share of each group (fixed)
	cshares    perCohort // shares of residents by cohort: shares × hisp (cohorts.go)
	trust      perCohort
	trust0     perCohort // configured baseline (the group's, for both ethnicities)
	opFear     perCohort
	lang       float64
	border     bool    // within the border zone: borderMiles ≤ border_patrol.zone_miles
	borderMile float64 // distance to the nearest external boundary (city.districts[].border_miles)
	units      [numShifts]int
	diverted   int
	pool       *sim.Pool
	neighbours []int32
	x, y       float64 // centre, miles

	// Habituation (harm.go): decaying count of recent operations by
	// kind (and of visible 287(g) stop arrests), and when it was last
	// updated (hours).
	habN, habAt [NumOpKinds + 1]float64
}

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
	m.onArrival = m.arrival
	m.mixed = cfg.Community.MixedStatus.array()
	m.onShift = m.shift
	m.onDay = m.day
	m.onSample = m.sample
	m.onChange = m.change
	m.onDiverted = m.undivert
	m.onProc = m.procTick
	m.onFork = m.forkPoint

	m.makeAgencies()
	m.buildCity()
	m.initPopulation()
	m.initOffenders()
	m.refresh()
	m.initAwareness()
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
	m.atFork = false
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
	m.arr.procs = make([]process, len(dists)*numArrivals)
	for i, dc := range dists {
		d := &district{
			idx:        i,
			name:       dc.Name,
			pop:        float64(dc.Population),
			pop0:       float64(dc.Population),
			shares:     dc.Groups.array(),
			hisp:       dc.Hispanic.array(),
			lang:       dc.LanguageAccess,
			border:     dc.BorderMiles <= m.cfg.BorderPatrol.ZoneMiles,
			borderMile: dc.BorderMiles,
			units:      dc.PatrolUnits.array(),
			x:          dc.X,
			y:          dc.Y,
		}
		gt := dc.Trust.array()
		for c := range Cohort(NumCohorts) {
			d.trust[c] = gt[c.Group()]
		}
		d.trust0 = d.trust
		d.setCohortShares()
		off := dc.OffendingShare.array()
		for g := range NumGroups {
			d.offendW[g] = d.shares[g] * off[g]
		}
		rates := dc.CrimeRates.array()
		for ct := range CrimeType(NumCrimeTypes) {
			p := m.proc(i, int(ct))
			p.seed(st, "crime/"+dc.Name+"/"+ct.String())
			p.rate = residentRate(rates[ct], d.pop)
		}
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
	m.zone = m.cfg.BorderPatrol.ZoneMiles
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
	m.initArrivals(len(m.d))
	m.startCrimes()
	// Shift changes at 07:00, 15:00 and 23:00.
	m.tickers = append(m.tickers,
		e.Every(7, 8, prioTick, m.onShift, 0),
		e.Every(24, 24, prioTick, m.onDay, 0),
		e.Every(m.opt.SeriesDays*24, m.opt.SeriesDays*24, prioTick+1, m.onSample, 0))
	for i, ch := range m.cfg.Timeline {
		e.At(ch.Day*24, prioChange, m.onChange, int64(i))
	}
	if m.opt.ForkDay > 0 {
		// Where a timeline entry appended for that day would be (Diverge).
		e.At(m.opt.ForkDay*24, prioChange, m.onFork, 0)
	}
	for _, a := range m.agencies {
		a.start()
	}
	m.started = true
	m.rescheduleProcs()
	m.sampleStart()
}

// active reports whether day falls in [start, end), end 0 meaning open.
func active(day, start, end float64) bool {
	return day >= start && (end == 0 || day < end)
}

// rescheduleProcs redraws the next event of every process whose rate has
// changed, in the order they were made.
func (m *Model) rescheduleProcs() {
	for _, p := range m.procs {
		p.reschedule()
	}
}

// shift applies the patrol staffing of the shift that starts now.
func (m *Model) shift(int64) {
	m.setCapacities()
}

// setCapacities sets every district's units on duty. The shift is found
// once for all of them: math.Mod is slow, and a district has only about
// fifteen events a day to share this step's cost.
func (m *Model) setCapacities() {
	s := shiftAt(m.e.Now())
	for _, d := range m.d {
		d.setUnits(s)
	}
}

// setCapacity sets district d's units on duty: those of the shift now,
// less the diverted ones.
func (m *Model) setCapacity(d *district) { d.setUnits(shiftAt(m.e.Now())) }

func (d *district) setUnits(s shift) { d.pool.SetCapacity(max(0, d.units[s]-d.diverted)) }

// day runs the daily updates: trust recovers toward its long-run level,
// operation-driven fear fades, agreements start and end, and the agencies
// take their daily steps (military units accrue personnel-days); the
// population moves (population.go), then the offender stock takes its step
// and sets the day's crime rates, which scale with both (offenders.go).
func (m *Model) day(int64) {
	m.recover()
	m.refresh()
	m.populationDay()
	for _, a := range m.agencies {
		if d, ok := a.(daily); ok {
			d.day()
		}
	}
	m.offendersDay()
}

// forkPoint pauses the run at its fork point (Options.ForkDay; see
// Model.Fork).
func (m *Model) forkPoint(int64) {
	m.atFork = true
	m.e.Stop()
}

// change applies timeline entry arg.
func (m *Model) change(arg int64) {
	ch := m.cfg.Timeline[arg]
	src := fmt.Sprintf("timeline[%d]", arg)
	if err := m.apply(ch.Set, src); err != nil {
		// The cumulative validation of the timeline makes this unreachable;
		// should it happen, the run fails instead of the process.
		m.fail(fmt.Errorf("agents: timeline[%d] could not be applied on day %g: %v", arg, ch.Day, err))
		return
	}
	m.observeChange(src, false)
}

// modelChange applies a policy change that the model itself makes (a
// court order that ends a practice, jail.go): like a timeline entry, it is
// recorded in [Model.Changes] under source (such as "litigation[0]") and
// reported to an observer that implements [ChangeObserver]. It runs at the
// priority of timeline changes (prioChange). A saved session leaves it out
// of the timeline it writes, since a replay makes it again.
func (m *Model) modelChange(set map[string]any, source string) {
	if err := m.apply(set, source); err != nil {
		m.fail(fmt.Errorf("agents: the model's change %s could not be applied on day %g: %v", source, m.e.Now()/24, err))
		return
	}
	m.observeChange(source, true)
}

// observeChange tells an observer that implements [ChangeObserver] of the
// change just applied.
func (m *Model) observeChange(source string, byModel bool) {
	if co, ok := m.opt.Observer.(ChangeObserver); ok {
		ch := m.changes[len(m.changes)-1]
		co.Change(ChangeEvent{Hour: m.e.Now(), Source: source, ByModel: byModel, Set: ch.Set})
	}
}
