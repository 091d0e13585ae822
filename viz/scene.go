package viz

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sim"
)

// Capacities of the scene's fixed buffers: the scene never grows them, so
// a running view does not allocate.
const (
	maxCrimes   = 512  // crime markers alive at once
	maxOps      = 128  // operation halos
	maxHarms    = 512  // harm events kept for the map and the trust chart (8 weeks)
	maxTrips    = 2048 // units travelling
	maxChanges  = 64   // policy changes marked on the charts
	chartLen    = 224  // chart samples: 8 weeks at 4 a day
	sampleHours = 6.0  // hours between chart samples
	windowDays  = 28   // trailing window of the live figures
)

// How long markers stay visible, in simulated hours.
const (
	crimeLife    = 12.0
	incidentLife = 48.0
	opTrail      = 12.0 // an operation's halo fades over this long after it ends
)

type crimeMarker struct {
	x, y     float64 // map units (miles)
	hour     float64
	reported bool
}

type opMarker struct {
	district   int
	x, y       float64
	start, end float64
	vis        float64
	agencies   agents.AgencySet
	lead       agents.Agency
	merged     bool                    // a joint operation deconfliction merged
	units      [agents.NumAgencies]int // units each agency committed
	drawn      [agents.NumAgencies]int // of them, the units the map draws
}

// extra returns the units of agency a the operation committed beyond
// those the map draws: the "+n" next to them.
func (o *opMarker) extra(a agents.Agency) int { return max(0, o.units[a]-o.drawn[a]) }

// How an operation's units stand on scene: each agency on its own side
// (agencyStyle.side), in rows of unitsPerRow across that side, at most
// maxUnitsDrawn; an agency taking part with no units of its own counted
// (police presence at another agency's operation) has one.
const (
	maxUnitsDrawn = 6
	unitsPerRow   = 3
)

// rowOut is how far from the scene, in marker spacings, an agency's first
// row stands, by the number of units in it: wider rows stand further out
// so that rows on adjacent sides do not meet at the corners.
var rowOut = [unitsPerRow]float32{1.1, 1.5, 2}

// unitSlot returns the offset from the scene, in marker spacings, of the
// k-th of n units of agency a at an operation.
func unitSlot(a agents.Agency, k, n int) [2]float32 {
	row := k / unitsPerRow
	inRow := min(n-row*unitsPerRow, unitsPerRow)
	out := rowOut[min(n, unitsPerRow)-1] + float32(row)
	across := float32(k%unitsPerRow) - float32(inRow-1)/2
	ax, ay := float32(agencyStyle[a].side[0]), float32(agencyStyle[a].side[1])
	return [2]float32{out*ax + across*ay, out*ay + across*ax}
}

// outmost returns how far from the scene, in marker spacings, the row of
// an agency's units furthest out stands when it has maxUnitsDrawn.
func outmost() float32 {
	return rowOut[unitsPerRow-1] + float32((maxUnitsDrawn-1)/unitsPerRow)
}

// harmEvent is a harm event (a safety incident: use of force, blue-on-blue,
// wrongful detention): where and when, and its effect on trust.
type harmEvent struct {
	x, y   float64
	hour   float64
	kind   agents.IncidentKind
	injury bool
	shock  float64 // trust lost by the most sensitive group locally
	media  bool    // carried city-wide by the media channel
}

// trip is a unit's journey: from its base to a scene, a stay, and back.
type trip struct {
	agency         agents.Agency
	fx, fy, tx, ty float64
	depart, arrive float64 // hours
	leave, back    float64
	slot           [2]float32 // offset on screen, in marker spacings, at both ends
	lead           bool       // a unit of the operation's lead agency
	active         bool
}

// ring is a fixed-size ring buffer of T.
type ring[T any] struct {
	buf  []T
	next int
	n    int
}

func newRing[T any](size int) ring[T] { return ring[T]{buf: make([]T, size)} }

func (r *ring[T]) push(v T) {
	r.buf[r.next] = v
	r.next = (r.next + 1) % len(r.buf)
	if r.n < len(r.buf) {
		r.n++
	}
}

// at returns the i-th oldest element.
func (r *ring[T]) at(i int) *T {
	start := r.next - r.n
	if start < 0 {
		start += len(r.buf)
	}
	return &r.buf[(start+i)%len(r.buf)]
}

func (r *ring[T]) len() int { return r.n }

// Bases are where units not on patrol start from, in map units: the ICE
// field office, the Border Patrol station and the military staging area
// sit outside the city, on the west, south and east edges of the map.
type base struct{ x, y float64 }

// Scene is the visual state of one model: the markers, trips and chart
// series built from the model's events. It implements agents.Observer. A
// Scene holds no drawing code; the renderer reads it.
//
// A Scene is not safe for concurrent use; it lives in the game loop with
// its model.
type Scene struct {
	m                      *agents.Model
	now                    float64                // the model's time as of the last Advance
	dists                  []agents.DistrictState // refreshed each tick
	minX, minY, maxX, maxY float64                // city bounds in miles, with a margin

	crimes   ring[crimeMarker]
	ops      ring[opMarker]
	harms    ring[harmEvent]
	trips    []trip
	freeTrip []int
	bases    [agents.NumAgencies]base

	// Chart samples every sampleHours: trust, reporting, victimizations
	// per day and population change by group, incidents per 100
	// operations.
	tTrust   [agents.NumGroups]ring[float64]
	tReport  [agents.NumGroups]ring[float64]
	tVictims [agents.NumGroups]ring[float64]
	tPop     [agents.NumGroups]ring[float64]
	tIncid   ring[float64]
	tHours   ring[float64]
	changes  ring[float64] // hours of policy changes
	changeTx ring[string]  // what each changed ("detainers=never"), labelling its mark
	daily    ring[agents.Counts]
	dailyH   ring[float64] // the hour of each of daily's snapshots
	cur      agents.Counts // the counters at the latest sample
	nextSamp float64
	nextDay  float64
	// The upper ends of the victimization chart's axis and of the
	// population chart's (which runs from −popTop to +popTop), steps of
	// axisSteps chosen in Update to hold the charts' series.
	victimsTop, popTop int

	// Live figures over the trailing window.
	Live Live
	// Trust0 is each group's population-weighted trust at the start.
	Trust0 [agents.NumGroups]float64
	// SelTrust0 is each selection's population-weighted trust at the
	// start: the middle of its colour scale on the map.
	SelTrust0 [numSelections]float64
	// Pop0 is each group's population at the start (Population × Share
	// summed over the districts).
	Pop0 [agents.NumGroups]float64
}

// minRateOps is the number of operations in the trailing window from
// which the safety incidents per 100 operations are shown: over fewer, one
// incident moves the rate by five points or more, and the first weeks of
// a run would chart noise (the HUD says so).
const minRateOps = 20

// Incidents returns the safety incidents per 100 operations, or NaN (shown
// as "–" and left off the chart) while the window holds fewer than
// minRateOps operations.
func (lv *Live) Incidents() float64 {
	if lv.Operations < minRateOps {
		return math.NaN()
	}
	return lv.IncidentsPer100Ops
}

// Live are the figures the HUD shows: rates over the trailing four weeks
// and trust now.
type Live struct {
	Reporting          [agents.NumGroups]float64 // share of victimizations reported, by victim group
	ReportingAll       float64
	Clearance          float64 // cleared ÷ reported
	IncidentsPer100Ops float64
	Trust              [agents.NumGroups]float64
	Operations         int64
	Detainers          int64
	// Victimizations per day by victim group: the window's count divided
	// by the window's days (NaN while the window is empty).
	VictimsPerDay [agents.NumGroups]float64
	// PopChange is each group's population change since the start, in
	// percent (NaN for a group with no population at the start).
	PopChange [agents.NumGroups]float64
}

// NewScene makes the scene of m. Pass the returned scene as m's observer
// (agents.Options.Observer) before creating m, then call Bind.
func NewScene() *Scene {
	s := &Scene{
		crimes:   newRing[crimeMarker](maxCrimes),
		ops:      newRing[opMarker](maxOps),
		harms:    newRing[harmEvent](maxHarms),
		trips:    make([]trip, maxTrips),
		freeTrip: make([]int, 0, maxTrips),
		tIncid:   newRing[float64](chartLen),
		tHours:   newRing[float64](chartLen),
		changes:  newRing[float64](maxChanges),
		changeTx: newRing[string](maxChanges),
		daily:    newRing[agents.Counts](windowDays + 1),
		dailyH:   newRing[float64](windowDays + 1),
	}
	for i := maxTrips - 1; i >= 0; i-- {
		s.freeTrip = append(s.freeTrip, i)
	}
	for g := range agents.NumGroups {
		s.tTrust[g] = newRing[float64](chartLen)
		s.tReport[g] = newRing[float64](chartLen)
		s.tVictims[g] = newRing[float64](chartLen)
		s.tPop[g] = newRing[float64](chartLen)
	}
	return s
}

// Bind attaches the model whose events the scene receives. It panics if
// called twice.
func (s *Scene) Bind(m *agents.Model) {
	if s.m != nil {
		panic("viz: Scene.Bind called twice")
	}
	s.m = m
	s.dists = make([]agents.DistrictState, m.NumDistricts())
	s.refresh()
	s.minX, s.minY, s.maxX, s.maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, d := range s.dists {
		s.minX, s.maxX = math.Min(s.minX, d.X), math.Max(s.maxX, d.X)
		s.minY, s.maxY = math.Min(s.minY, d.Y), math.Max(s.maxY, d.Y)
	}
	// Half a district's width around the centres, and a strip for the
	// bases outside the city.
	s.minX, s.minY, s.maxX, s.maxY = s.minX-0.5, s.minY-0.5, s.maxX+0.5, s.maxY+0.5
	cx, cy := (s.minX+s.maxX)/2, (s.minY+s.maxY)/2
	edge := func(dir, lo, mid, hi float64) float64 {
		switch {
		case dir < 0:
			return lo - 0.35
		case dir > 0:
			return hi + 0.35
		}
		return mid
	}
	for a, st := range agencyStyle {
		s.bases[a] = base{edge(st.base[0], s.minX, cx, s.maxX), edge(st.base[1], s.minY, cy, s.maxY)}
	}
	s.Trust0 = m.TrustByGroup()
	s.SelTrust0 = cityTrust(s.dists)
	s.Pop0 = groupPopulation(s.dists)
	s.daily.push(m.Counts())
	s.dailyH.push(m.Now())
	s.nextDay = 24
	s.sample()
}

// Model returns the bound model.
func (s *Scene) Model() *agents.Model { return s.m }

// refresh reads the districts' current state.
func (s *Scene) refresh() {
	s.now = s.m.Now()
	for i := range s.dists {
		s.dists[i] = s.m.District(i)
	}
}

// Districts returns the districts' state as of the last Advance. The slice
// is the scene's; do not modify it.
func (s *Scene) Districts() []agents.DistrictState { return s.dists }

// Bounds returns the map's extent in miles (west, north, east, south edges
// as min/max x and y).
func (s *Scene) Bounds() (minX, minY, maxX, maxY float64) {
	return s.minX - 0.6, s.minY - 0.6, s.maxX + 0.6, s.maxY + 0.6
}

// Advance runs the model to hour t and updates the charts and figures.
func (s *Scene) Advance(t float64) {
	t = math.Min(t, s.m.Horizon())
	for s.nextSamp <= t || s.nextDay <= t {
		next := math.Min(s.nextSamp, s.nextDay)
		s.m.RunUntil(next)
		if s.nextDay <= next {
			s.daily.push(s.m.Counts())
			s.dailyH.push(s.m.Now())
			s.nextDay += 24
		}
		if s.nextSamp <= next {
			s.sample()
		}
	}
	s.m.RunUntil(t)
	s.refresh()
	s.expireTrips(t)
}

// Now returns the simulated hour as of the last Advance.
func (s *Scene) Now() float64 { return s.now }

// MarkChange records a policy change at the model's current time, set
// as [agents.Model.Apply] takes it.
func (s *Scene) MarkChange(set map[string]any) {
	s.changes.push(s.m.Now())
	s.changeTx.push(ChangeLabel(set))
}

// Change is told of every policy change the model applies (the Scene is an
// [agents.ChangeObserver]): the scenario's timeline entries and changes the
// model makes itself (a court order after a detainer suit) are marked on
// the charts like a change made live.
func (s *Scene) Change(e agents.ChangeEvent) {
	s.changes.push(e.Hour)
	s.changeTx.push(ChangeLabel(e.Set))
}

// ChangeLabel returns what a change sets, short enough for a chart's
// mark: "key=value" by key in order, nested maps flattened, without the
// "policies." and "agreements." prefixes ("detainers=never, outreach=0.5",
// "g287.model=task_force").
func ChangeLabel(set map[string]any) string {
	var parts []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if sub, ok := m[k].(map[string]any); ok {
				walk(prefix+k+".", sub)
				continue
			}
			key := strings.TrimPrefix(strings.TrimPrefix(prefix+k, "policies."), "agreements.")
			parts = append(parts, key+"="+fmt.Sprint(m[k]))
		}
	}
	walk("", set)
	return strings.Join(parts, ", ")
}

// The catalogue's metrics the live figures show.
var (
	liveReporting    = agents.MustFamily("crimes.by_group.{name}.rate")
	liveReportingAll = agents.MustMetric("crimes.reporting_rate").ID
	liveClearance    = agents.MustMetric("clearance.rate").ID
	liveIncidents    = agents.MustMetric("safety.incidents_per_100_ops").ID
	liveOperations   = agents.MustMetric("operations.total").ID
	liveDetainers    = agents.MustMetric("detainers.issued").ID
	liveTrust        = agents.MustFamily("trust.{group}.end")
	liveVictims      = agents.MustFamily("crimes.by_group.{name}.occurred")
)

// groupPopulation returns each group's population in districts ds:
// Population × Share summed over the districts.
func groupPopulation(ds []agents.DistrictState) (p [agents.NumGroups]float64) {
	for i := range ds {
		for g := range agents.NumGroups {
			p[g] += ds[i].Population * ds[i].Share[g]
		}
	}
	return p
}

// popChange returns the change from p0 to p in percent, by group; NaN
// for a group with no population in p0.
func popChange(p0, p [agents.NumGroups]float64) (out [agents.NumGroups]float64) {
	for g := range agents.NumGroups {
		out[g] = math.NaN()
		if p0[g] > 0 {
			out[g] = 100 * (p[g]/p0[g] - 1)
		}
	}
	return out
}

// sample appends a chart sample and recomputes the live figures over the
// trailing window.
func (s *Scene) sample() {
	now := s.m.Now()
	s.cur = s.m.Counts()
	old := s.daily.at(0)
	lv := &s.Live
	w := func(id agents.MetricID) float64 { return s.m.Window(old, &s.cur, id) }
	for g := range agents.NumGroups {
		lv.Reporting[g] = w(liveReporting.Of(g))
		lv.Trust[g] = w(liveTrust.Of(g))
	}
	lv.ReportingAll = w(liveReportingAll)
	lv.Clearance = w(liveClearance)
	lv.IncidentsPer100Ops = w(liveIncidents)
	lv.Operations = int64(w(liveOperations))
	lv.Detainers = int64(w(liveDetainers))
	days := (now - *s.dailyH.at(0)) / 24
	for g := range agents.NumGroups {
		lv.VictimsPerDay[g] = math.NaN()
		if days > 0 {
			lv.VictimsPerDay[g] = w(liveVictims.Of(g)) / days
		}
	}
	// The districts' state now: sample runs inside Advance, before its
	// refresh.
	for i := range s.dists {
		s.dists[i] = s.m.District(i)
	}
	lv.PopChange = popChange(s.Pop0, groupPopulation(s.dists))
	for g := range agents.NumGroups {
		s.tTrust[g].push(lv.Trust[g])
		s.tReport[g].push(lv.Reporting[g])
		s.tVictims[g].push(lv.VictimsPerDay[g])
		s.tPop[g].push(lv.PopChange[g])
	}
	s.tIncid.push(lv.Incidents())
	s.tHours.push(now)
	s.victimsTop = axisTop(&s.tVictims, victimsAxis[0], victimsAxis[1])
	s.popTop = axisTop(&s.tPop, popAxis[0], popAxis[1])
	s.nextSamp = now + sampleHours
}

// axisSteps are the ends a chart's axis can have: 1, 2 and 5 times powers
// of ten. The renderer makes their labels once.
var axisSteps = [...]float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000}

// The first and last of axisSteps the victimization chart's axis ends at
// (2 to 50,000 a day) and the population chart's (±1 % to ±100 %).
var (
	victimsAxis = [2]int{1, len(axisSteps) - 1}
	popAxis     = [2]int{0, 6}
)

// axisTop returns the index of the smallest of axisSteps from the
// least'th to the most'th that holds every value of the series in
// absolute value: the most'th if none does.
func axisTop(series *[agents.NumGroups]ring[float64], least, most int) int {
	top := 0.0
	for g := range series {
		rg := &series[g]
		for i := range rg.len() {
			if v := math.Abs(*rg.at(i)); v > top { // NaN is not greater
				top = v
			}
		}
	}
	for i := least; i < most; i++ {
		if top <= axisSteps[i] {
			return i
		}
	}
	return most
}

// jitter returns a deterministic point near district d's centre for an
// event keyed by k: the same event lands in the same place in every run.
func (s *Scene) jitter(d int, k uint64) (float64, float64) {
	h := sim.SplitMix64(k ^ uint64(d)*0x9e3779b97f4a7c15)
	u := float64(h>>40) / (1 << 24)
	v := float64(h&0xffffff) / (1 << 24)
	c := s.dists[d]
	return c.X + 0.8*(u-0.5), c.Y + 0.8*(v-0.5)
}

func hourKey(h float64, salt uint64) uint64 { return math.Float64bits(h) ^ salt }

// Crime implements agents.Observer.
func (s *Scene) Crime(e agents.CrimeEvent) {
	x, y := s.jitter(e.District, hourKey(e.Hour, uint64(e.Type)<<8|uint64(e.Victim)))
	s.crimes.push(crimeMarker{x: x, y: y, hour: e.Hour, reported: e.Reported})
}

// Dispatch implements agents.Observer: a patrol unit drives from its
// district's station to the scene and back.
func (s *Scene) Dispatch(e agents.DispatchEvent) {
	c := s.dists[e.District]
	x, y := s.jitter(e.District, hourKey(e.Hour, 0xd15))
	s.startTrip(agents.AgencyPolice, c.X, c.Y, x, y, e.Hour, e.Travel, e.OnScene)
}

// Operation implements agents.Observer: the units each agency committed
// (at most maxUnitsDrawn drawn, one for an agency taking part with none
// counted) travel from their bases, are on scene from the operation's
// start to its end, and return; the lead agency's are marked.
func (s *Scene) Operation(e agents.OperationEvent) {
	x, y := s.jitter(e.District, hourKey(e.Hour, 0x0b5))
	end := e.End
	if end < e.Hour {
		end = e.Hour + e.Hours
	}
	o := opMarker{district: e.District, x: x, y: y, start: e.Hour, end: end, vis: e.Visibility,
		agencies: e.Agencies, lead: e.Lead, merged: e.Merged, units: e.Units}
	c := s.dists[e.District]
	for a := range agents.Agency(agents.NumAgencies) {
		if !e.Agencies.Has(a) && e.Units[a] <= 0 {
			continue
		}
		n := min(max(e.Units[a], 1), maxUnitsDrawn)
		o.drawn[a] = n
		fx, fy := s.bases[a].x, s.bases[a].y
		travel := 0.5 // hours from a base outside the city
		if fromStation(a) {
			fx, fy, travel = c.X, c.Y, 0.15
		}
		for k := range n {
			s.addTrip(trip{agency: a, fx: fx, fy: fy, tx: x, ty: y,
				depart: e.Hour - travel, arrive: e.Hour, leave: end, back: end + travel,
				slot: unitSlot(a, k, n), lead: a == e.Lead}, e.Hour)
		}
	}
	s.ops.push(o)
}

// Incident implements agents.Observer: a harm event, kept with its
// effect on trust.
func (s *Scene) Incident(e agents.IncidentEvent) {
	x, y := s.jitter(e.District, hourKey(e.Hour, 0x1c1+uint64(e.Kind)))
	s.harms.push(harmEvent{x: x, y: y, hour: e.Hour, kind: e.Kind, injury: e.Injury, shock: e.Shock, media: e.Media})
}

// largestHarm returns the index in s.harms of the harm event from hour t0
// to t1 that cost the most trust (the latest of equals), or -1 if there is
// none.
func (s *Scene) largestHarm(t0, t1 float64) int {
	best := -1
	for i := range s.harms.len() {
		h := s.harms.at(i)
		if h.hour < t0 || h.hour > t1 {
			continue
		}
		if best < 0 || h.shock >= s.harms.at(best).shock {
			best = i
		}
	}
	return best
}

// startTrip starts a unit's trip now: travel hours to the scene, stay
// hours there, and back.
func (s *Scene) startTrip(agency agents.Agency, fx, fy, tx, ty, now, travel, stay float64) {
	travel = math.Max(travel, 0.05)
	s.addTrip(trip{agency: agency, fx: fx, fy: fy, tx: tx, ty: ty,
		depart: now, arrive: now + travel, leave: now + travel + stay, back: now + 2*travel + stay}, now)
}

// addTrip adds trip t at hour now, if the view has room for it.
func (s *Scene) addTrip(t trip, now float64) {
	if len(s.freeTrip) == 0 {
		s.expireTrips(now) // after a long jump, finished trips are still held
		if len(s.freeTrip) == 0 {
			return // more units on the move than the view shows
		}
	}
	i := s.freeTrip[len(s.freeTrip)-1]
	s.freeTrip = s.freeTrip[:len(s.freeTrip)-1]
	t.active = true
	s.trips[i] = t
}

func (s *Scene) expireTrips(now float64) {
	for i := range s.trips {
		if t := &s.trips[i]; t.active && t.back <= now {
			t.active = false
			s.freeTrip = append(s.freeTrip, i)
		}
	}
}

// tripPos returns where a trip's unit is at hour now.
func (t *trip) pos(now float64) (x, y float64) {
	var f float64
	switch {
	case now < t.arrive:
		f = (now - t.depart) / (t.arrive - t.depart)
	case now < t.leave:
		f = 1
	default:
		f = 1 - (now-t.leave)/(t.back-t.leave)
	}
	f = math.Max(0, math.Min(1, f))
	return t.fx + f*(t.tx-t.fx), t.fy + f*(t.ty-t.fy)
}

// Busy returns the number of units of each agency now travelling or on
// scene in the view.
func (s *Scene) Busy() (n [agents.NumAgencies]int) {
	for i := range s.trips {
		if t := &s.trips[i]; t.active {
			n[t.agency]++
		}
	}
	return n
}
