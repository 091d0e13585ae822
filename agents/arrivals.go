package agents

import (
	"math"
	"math/bits"
	"math/rand/v2"

	"github.com/agencysim/agencysim/sim"
)

// This file is the timer slots of the districts' arrival processes. Every
// district has numArrivals independent Poisson processes — one per crime
// type (offenders.go) and the police's other calls for service, traffic
// stops, minor arrests and planned operations (police.go) — each drawing
// its next time from its own stream. Instead of one pending engine event
// per process, a district has one slot: the engine holds a single event at
// the earliest of its processes' next times, and when it fires the district
// runs that process's action, which sets the process's next time, and the
// slot moves to the new earliest. The pending calendar is then about one
// event per district rather than numArrivals, which keeps the engine's heap
// shallow on large cities.
//
// The order is the engine's: at equal times (all the processes run at
// prioNormal) the process scheduled first runs first. Each set of a next
// time takes a number from one model-wide counter, and the slot runs its
// processes in (time, number) order, so two processes of a district due at
// the same moment run as two engine events would. The slot's engine event
// is scheduled at the moment the process that heads it was set whenever
// that process becomes the earliest then (always the case when its action
// sets it again, or when a rate change brings it forward); only when the
// head fires or moves later does the slot take a later place in the
// engine's sequence than its new head had. Its order against other engine
// events at exactly the same time and priority can then differ from one
// event per process, which needs two independently drawn continuous times
// to coincide to the last bit; the equivalence tests compare the two
// schemes (Options.oneEventPerArrival) byte for byte.

// The arrival processes of a district, by index: the crime types first
// (index = CrimeType), then the police's.
const (
	arrCall = NumCrimeTypes + iota
	arrStop
	arrMinor
	arrOp
	numArrivals
)

// process is what the events of one arrival process read and update: the
// generator of its next times, the counter-based source of its events'
// attributes with the number of events so far (the next one's index), and
// its rate. The records are held by value, a district's processes side by
// side (arrivals.procs), so that an event touches the cache line or two of
// its own process instead of following a *rand.Rand to a generator
// allocated somewhere else; on a city of a thousand districts those were
// two misses of every event.
type process struct {
	rng   rand.PCG  // the process's stream (see seed)
	draws sim.Draws // its events' attributes
	n     uint64    // events so far
	rate  float64   // events per hour
}

// seed makes p's generator the one sim.Streams.Stream(name) returns — the
// same PCG with the same seed, held by value — and its attributes the
// source st.Draws(name + "/attributes"). A test checks that the two
// generators give the same numbers.
func (p *process) seed(st sim.Streams, name string) {
	p.rng = st.PCG(name)
	p.draws = st.Draws(name + "/attributes")
}

// event returns the attribute source of p's next event and counts it: the
// k-th event of a process reads its attributes from draws.Sub(k).
func (p *process) event() sim.Draws {
	dr := p.draws.Sub(p.n)
	p.n++
	return dr
}

// exp draws an exponential variate of mean 1 from p's stream, as
// (*rand.Rand).ExpFloat64 on its generator (the Rand does not escape).
func (p *process) exp() float64 { return rand.New(&p.rng).ExpFloat64() }

// proc returns process k of district d.
func (m *Model) proc(d, k int) *process { return &m.arr.procs[d*numArrivals+k] }

// arrivals is every district's arrival processes and slot.
type arrivals struct {
	slots []slot    // by district
	procs []process // [district*numArrivals + process]; made by buildCity
	n     uint64    // numbers given so far

	// direct is Options.oneEventPerArrival: one engine event per process
	// (the reference scheme the slots must match), ids its events by
	// district*numArrivals + process.
	direct bool
	ids    []sim.EventID
}

// slot is a district's timer slot: its processes' next times with their
// numbers, side by side so that finding the earliest reads three cache
// lines (the record is 192 bytes, and the slots' array starts on a line),
// and the slot's event with the process it is scheduled for.
type slot struct {
	next [numArrivals]due
	id   sim.EventID // the slot's event; 0: none pending
	head int8        // the process it is scheduled for
}

// due is when a process runs next: at, +Inf if not at all, and seq, the
// number its time was set with (scheduling order).
type due struct {
	at  sim.Time
	seq uint64
}

// before reports whether x comes before y in (time, number) order.
func (x *due) before(y *due) bool { return lexLess(x, y) != 0 }

// lexLess is 1 if x comes before y in (time, number) order, else 0,
// without a branch. Next times are never negative (nor NaN), so they
// compare as their bits do, +Inf last; a due is then one 128-bit number,
// high word the time's bits, and the borrow of the subtraction says which
// is less.
func lexLess(x, y *due) uint64 {
	_, b := bits.Sub64(x.seq, y.seq, 0)
	_, b = bits.Sub64(math.Float64bits(x.at), math.Float64bits(y.at), b)
	return b
}

// initArrivals makes the arrival state of n districts, every process
// without a next time.
func (m *Model) initArrivals(n int) {
	a := &m.arr
	a.direct = m.opt.oneEventPerArrival
	a.slots = make([]slot, n)
	for d := range a.slots {
		for k := range a.slots[d].next {
			a.slots[d].next[k].at = math.Inf(1)
		}
	}
	if a.direct {
		a.ids = make([]sim.EventID, n*numArrivals)
	}
}

// setArrival sets process k of district d to run next at t (+Inf: not
// at all), as scheduling one event for it after cancelling its pending one
// would. t must not be before now.
func (m *Model) setArrival(d, k int, t sim.Time) {
	a := &m.arr
	s := &a.slots[d]
	a.n++
	s.next[k] = due{t, a.n}
	if a.direct {
		i := d*numArrivals + k
		m.e.Cancel(a.ids[i])
		a.ids[i] = 0
		if !math.IsInf(t, 1) {
			a.ids[i] = m.e.At(t, prioNormal, m.onArrival, int64(i))
		}
		return
	}
	if s.id != 0 {
		h := int(s.head)
		if k != h && !s.next[k].before(&s.next[h]) {
			return // the slot stays at its head
		}
		m.e.Cancel(s.id)
		s.id = 0
		if k != h {
			s.head = int8(k)
			s.id = m.e.At(t, prioNormal, m.onArrival, int64(d))
			return
		}
	}
	m.scheduleSlot(d)
}

// scheduleSlot schedules district d's slot, which has no pending event, at
// its earliest process (none if no process has a next time). The earliest
// is found by a tournament of four rounds, each round's comparisons
// independent of one another, and each selects with a mask rather than a
// branch: which process is earliest is not predictable, and a mispredicted
// branch per process cost more than the comparisons.
func (m *Model) scheduleSlot(d int) {
	s := &m.arr.slots[d]
	// The rounds are written out for 11 processes (a compile error if
	// numArrivals is not 11).
	const _ = uint(numArrivals-11) + uint(11-numArrivals)
	a, b, c, e, f := s.earlier(0, 1), s.earlier(2, 3), s.earlier(4, 5), s.earlier(6, 7), s.earlier(8, 9)
	a, c, f = s.earlier(a, b), s.earlier(c, e), s.earlier(f, 10)
	h := s.earlier(s.earlier(a, c), f)
	if math.IsInf(s.next[h].at, 1) {
		return
	}
	s.head = int8(h)
	s.id = m.e.At(s.next[h].at, prioNormal, m.onArrival, int64(d))
}

// earlier returns whichever of processes i and j runs first.
func (s *slot) earlier(i, j int) int {
	return i ^ (i^j)&-int(lexLess(&s.next[j], &s.next[i]))
}

// arrival runs the event of a slot (arg: the district) or, under
// oneEventPerArrival, of one process (arg: district*numArrivals + process).
func (m *Model) arrival(arg int64) {
	a := &m.arr
	var d, k int
	if a.direct {
		d, k = int(arg)/numArrivals, int(arg)%numArrivals
		a.ids[arg] = 0
	} else {
		d = int(arg)
		k = int(a.slots[d].head)
		a.slots[d].id = 0
	}
	a.slots[d].next[k].at = math.Inf(1)
	switch k {
	case arrCall:
		m.police.otherCall(d)
	case arrStop:
		m.police.trafficStop(d)
	case arrMinor:
		m.police.minorArrest(d)
	case arrOp:
		m.police.policeOp(d)
	default:
		m.crime(d, CrimeType(k))
	}
	if !a.direct && a.slots[d].id == 0 {
		// The action did not set its process again (its rate is 0).
		m.scheduleSlot(d)
	}
}
