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
	k := st.Key(name)
	p.rng.Seed(k, sim.SplitMix64(k^0xda942042e4dd58b5))
	p.draws = st.Draws(name + "/attributes")
}

// exp draws an exponential variate of mean 1 from p's stream, as
// (*rand.Rand).ExpFloat64 on its generator (the Rand does not escape).
func (p *process) exp() float64 { return rand.New(&p.rng).ExpFloat64() }

// proc returns process k of district d.
func (m *Model) proc(d, k int) *process { return &m.arr.procs[d*numArrivals+k] }

// arrivals is every district's arrival processes and slot. Next times are
// held apart from their numbers, so that finding the earliest reads one
// cache line or two per district.
type arrivals struct {
	at   []sim.Time    // [district*numArrivals + process] next time; +Inf: none
	seq  []uint64      // … the number it was set with (scheduling order)
	head []int8        // by district: the process its slot is scheduled for
	id   []sim.EventID // by district: the slot's event (0: none pending); by process under oneEventPerArrival
	n    uint64        // numbers given so far

	procs []process // [district*numArrivals + process]; made by buildCity

	// direct is Options.oneEventPerArrival: one engine event per process
	// (the reference scheme the slots must match).
	direct bool
}

// initArrivals makes the arrival state of n districts, every process
// without a next time.
func (m *Model) initArrivals(n int) {
	a := &m.arr
	a.direct = m.opt.oneEventPerArrival
	a.at = make([]sim.Time, n*numArrivals)
	for i := range a.at {
		a.at[i] = math.Inf(1)
	}
	a.seq = make([]uint64, n*numArrivals)
	a.head = make([]int8, n)
	if a.direct {
		a.id = make([]sim.EventID, n*numArrivals)
	} else {
		a.id = make([]sim.EventID, n)
	}
}

// setArrival sets process k of district d to run next at t (+Inf: not
// at all), as scheduling one event for it after cancelling its pending one
// would. t must not be before now.
func (m *Model) setArrival(d, k int, t sim.Time) {
	a := &m.arr
	i := d*numArrivals + k
	a.n++
	a.at[i], a.seq[i] = t, a.n
	if a.direct {
		m.e.Cancel(a.id[i])
		a.id[i] = 0
		if !math.IsInf(t, 1) {
			a.id[i] = m.e.At(t, prioNormal, m.onArrival, int64(i))
		}
		return
	}
	if a.id[d] != 0 {
		h := d*numArrivals + int(a.head[d])
		if i != h && !a.before(i, h) {
			return // the slot stays at its head
		}
		m.e.Cancel(a.id[d])
		a.id[d] = 0
		if i != h {
			a.head[d] = int8(k)
			a.id[d] = m.e.At(t, prioNormal, m.onArrival, int64(d))
			return
		}
	}
	m.scheduleSlot(d)
}

// before reports whether process slot i is due before j: earlier, or at
// the same time and set first.
func (a *arrivals) before(i, j int) bool {
	return lexLess(a.at[i], a.seq[i], a.at[j], a.seq[j]) != 0
}

// lexLess is 1 if (t, s) comes before (u, r) in (time, number) order, else
// 0, without a branch. Next times are never negative (nor NaN), so they
// compare as their bits do, +Inf last; the pair is then one 128-bit
// number, high word the time's bits, and the borrow of its subtraction
// says which is less.
func lexLess(t sim.Time, s uint64, u sim.Time, r uint64) uint64 {
	_, b := bits.Sub64(s, r, 0)
	_, b = bits.Sub64(math.Float64bits(t), math.Float64bits(u), b)
	return b
}

// scheduleSlot schedules district d's slot, which has no pending event, at
// its earliest process (none if no process has a next time). The scan
// selects with masks rather than branches: which process is earliest is
// not predictable, and a mispredicted branch per process cost more than
// the scan itself.
func (m *Model) scheduleSlot(d int) {
	a := &m.arr
	base := d * numArrivals
	at := (*[numArrivals]sim.Time)(a.at[base:])
	seq := (*[numArrivals]uint64)(a.seq[base:])
	h, ht, hs := 0, math.Float64bits(at[0]), seq[0]
	for k := 1; k < numArrivals; k++ {
		t := math.Float64bits(at[k])
		_, b := bits.Sub64(seq[k], hs, 0)
		_, b = bits.Sub64(t, ht, b)
		mask := -b // all ones if k is before h
		h ^= (h ^ k) & int(mask)
		ht ^= (ht ^ t) & mask
		hs ^= (hs ^ seq[k]) & mask
	}
	if math.IsInf(at[h], 1) {
		return
	}
	a.head[d] = int8(h)
	a.id[d] = m.e.At(at[h], prioNormal, m.onArrival, int64(d))
}

// arrival runs the event of a slot (arg: the district) or, under
// oneEventPerArrival, of one process (arg: district*numArrivals + process).
func (m *Model) arrival(arg int64) {
	a := &m.arr
	var d, k int
	if a.direct {
		d, k = int(arg)/numArrivals, int(arg)%numArrivals
		a.id[arg] = 0
	} else {
		d, k = int(arg), int(a.head[arg])
		a.id[d] = 0
	}
	a.at[d*numArrivals+k] = math.Inf(1)
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
	if !a.direct && a.id[d] == 0 {
		// The action did not set its process again (its rate is 0).
		m.scheduleSlot(d)
	}
}
