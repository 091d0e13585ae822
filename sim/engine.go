package sim

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Time is simulated time in model units (the agencysim models use hours).
type Time = float64

// Priority orders events that fall at the same time: lower values run first.
// Events with equal time and priority run in the order they were scheduled.
type Priority int32

// Action is an event callback. The argument is the value given when the event
// was scheduled; models typically pass an index into their own tables so that
// callbacks can be created once and scheduling allocates nothing.
type Action func(arg int64)

// EventID identifies a scheduled event so that it can be cancelled. The zero
// EventID never identifies an event. IDs are not reused while the event is
// pending; after it fires or is cancelled the ID is stale and Cancel reports
// false.
type EventID uint64

// StopReason tells why a run returned.
type StopReason int

const (
	// Horizon means the run reached its time horizon.
	Horizon StopReason = iota
	// Empty means no events were left to run.
	Empty
	// Stopped means a callback called [Engine.Stop].
	Stopped
)

func (r StopReason) String() string {
	switch r {
	case Horizon:
		return "horizon"
	case Empty:
		return "empty"
	case Stopped:
		return "stopped"
	}
	return fmt.Sprintf("StopReason(%d)", int(r))
}

// entry is one heap element. The ordering key is stored inline so that
// comparisons do not chase pointers, and packed so that ordering is one
// 128-bit unsigned comparison, without branches: at holds the bits of the
// event's time (times are never negative and -0 is stored as +0, so the
// bits order as the times do), key holds the priority (biased so that
// unsigned order is signed order) in its high 32 bits and the event's
// sequence number in its low 32 bits (see [Engine.renumber]).
type entry struct {
	at   uint64
	key  uint64
	slot uint32
}

func packKey(prio Priority, seq uint32) uint64 {
	return uint64(uint32(prio)^(1<<31))<<32 | uint64(seq)
}

// less reports whether a runs before b: (a.at, a.key) < (b.at, b.key) as
// one 128-bit subtraction's borrow.
func (a *entry) less(b *entry) bool { return a.before(b) != 0 }

// before is 1 if a runs before b and 0 otherwise.
func (a *entry) before(b *entry) uint64 {
	_, borrow := bits.Sub64(a.key, b.key, 0)
	_, borrow = bits.Sub64(a.at, b.at, borrow)
	return borrow
}

// time returns the entry's time.
func (a *entry) time() Time { return math.Float64frombits(a.at) }

// slot holds an event's payload. Slots are recycled through a free list so
// that steady-state scheduling does not allocate. A cancelled event stays in
// the heap, marked dead, until it reaches the top or the heap is compacted:
// this keeps sifting free of index bookkeeping.
type slot struct {
	fn   Action
	arg  int64
	gen  uint32
	used bool // scheduled and not yet popped
	dead bool // cancelled
}

// Engine is a discrete-event simulation clock and event calendar.
//
// The zero Engine is not usable; create one with [NewEngine]. An Engine is not
// safe for concurrent use.
type Engine struct {
	now    Time
	seq    uint32 // sequence number of the last scheduled event
	seqMax uint32 // renumber the pending events when seq reaches it
	heap   []entry
	slots  []slot
	free   []uint32
	dead   int // cancelled entries still in the heap
	// held means heap[0] is the entry of the running event, whose slot is
	// already free: the callback's first scheduling replaces it (one sift
	// down instead of a removal and an insertion) and it is removed when
	// the callback returns if nothing did (see popRun).
	held     bool
	heldSlot uint32 // the running event's slot, retired, while held
	events   uint64
	stopped  bool
}

// NewEngine returns an engine whose clock starts at time zero.
func NewEngine() *Engine {
	return &Engine{seqMax: math.MaxUint32}
}

// Now returns the current simulated time.
func (e *Engine) Now() Time { return e.now }

// Len returns the number of pending events.
func (e *Engine) Len() int {
	n := len(e.heap) - e.dead
	if e.held {
		n--
	}
	return n
}

// Events returns the number of events that have run.
func (e *Engine) Events() uint64 { return e.events }

// At schedules fn(arg) at absolute time t with priority prio and returns its
// ID. It panics if t is before [Engine.Now] or NaN, or if fn is nil.
// Scheduling is O(log n) and does not allocate once the engine has grown to
// its working size.
func (e *Engine) At(t Time, prio Priority, fn Action, arg int64) EventID {
	return e.schedule(t, 0, prio, fn, arg)
}

// schedule is At and After (d is After's delay, 0 for At), kept as one
// function so that both are small enough to be inlined into their callers.
func (e *Engine) schedule(t, d Time, prio Priority, fn Action, arg int64) EventID {
	if fn == nil || !(t >= e.now) || !(d >= 0) { // !(x >= y) is also true of NaN
		e.badSchedule(t, d, fn)
	}
	if e.seq == e.seqMax {
		e.settle()
		e.renumber()
	}
	e.seq++
	var s uint32
	if e.held {
		s = e.heldSlot
	} else if n := len(e.free); n > 0 {
		s = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		s = uint32(len(e.slots))
		e.slots = append(e.slots, slot{gen: 1})
	}
	sl := &e.slots[s]
	sl.fn = fn
	sl.arg = arg
	sl.used = true
	if t == 0 {
		t = 0 // -0 as +0, whose bits order with the other times
	}
	en := entry{at: math.Float64bits(t), key: packKey(prio, e.seq), slot: s}
	if e.held {
		// The running event's entry is still the root: replace it and
		// sift down once, instead of removing it and sifting up.
		e.held = false
		e.down(0, en)
	} else {
		e.heap = append(e.heap, en)
		e.up(len(e.heap) - 1)
	}
	return EventID(uint64(sl.gen)<<32 | uint64(s))
}

// badSchedule panics with the reason At or After refused to schedule (kept
// out of line so that schedule's fast path stays small).
//
//go:noinline
func (e *Engine) badSchedule(t, d Time, fn Action) {
	if !(d >= 0) {
		panic(fmt.Sprintf("sim: negative or NaN delay %v", d))
	}
	if fn == nil {
		panic("sim: nil action")
	}
	panic(fmt.Sprintf("sim: cannot schedule at time %v, before now (%v)", t, e.now))
}

// After schedules fn(arg) at Now()+d. It panics if d is negative or NaN, or
// if fn is nil.
func (e *Engine) After(d Time, prio Priority, fn Action, arg int64) EventID {
	return e.schedule(e.now+d, d, prio, fn, arg)
}

// Cancel removes a pending event. It reports whether the event was pending;
// cancelling an event that has already run or been cancelled is a no-op that
// returns false. Cancel is O(1) amortised: the event is marked dead and
// dropped when it reaches the head of the calendar, or when dead events make
// up more than half of it.
func (e *Engine) Cancel(id EventID) bool {
	s, ok := e.lookup(id)
	if !ok {
		return false
	}
	sl := &e.slots[s]
	sl.dead = true
	sl.fn = nil
	e.dead++
	if e.dead > 32 && 2*e.dead > len(e.heap) {
		e.compact()
	}
	return true
}

// compact removes dead entries and rebuilds the heap in O(n).
func (e *Engine) compact() {
	e.settle()
	live := e.heap[:0]
	for _, en := range e.heap {
		if e.slots[en.slot].dead {
			e.freeSlot(en.slot)
			continue
		}
		live = append(live, en)
	}
	e.heap = live
	e.dead = 0
	for i := len(e.heap)/2 - 1; i >= 0; i-- {
		e.down(i, e.heap[i])
	}
}

// renumber gives the pending events the sequence numbers 1, 2, … in their
// calendar order once the 32-bit sequence counter is used up (after about
// 4 billion schedulings), so that the order of events scheduled later is
// unchanged. The sorted calendar is a valid heap.
func (e *Engine) renumber() {
	slices.SortFunc(e.heap, func(a, b entry) int {
		switch {
		case a.less(&b):
			return -1
		case b.less(&a):
			return 1
		}
		return 0
	})
	for i := range e.heap {
		e.heap[i].key = e.heap[i].key&^(1<<32-1) | uint64(i+1)
	}
	if len(e.heap) >= int(e.seqMax) {
		panic(fmt.Sprintf("sim: more than %d pending events", e.seqMax))
	}
	e.seq = uint32(len(e.heap))
}

// Pending reports whether the event with the given ID is still scheduled.
func (e *Engine) Pending(id EventID) bool {
	_, ok := e.lookup(id)
	return ok
}

func (e *Engine) lookup(id EventID) (uint32, bool) {
	s := uint32(id)
	gen := uint32(id >> 32)
	if id == 0 || int(s) >= len(e.slots) {
		return 0, false
	}
	sl := &e.slots[s]
	if sl.gen != gen || !sl.used || sl.dead {
		return 0, false
	}
	return s, true
}

func (e *Engine) freeSlot(s uint32) {
	e.slots[s].retire()
	e.free = append(e.free, s)
}

// retire makes the slot's event ID stale.
func (sl *slot) retire() {
	sl.fn = nil
	sl.used = false
	sl.dead = false
	sl.gen++
	if sl.gen == 0 {
		sl.gen = 1
	}
}

// Stop makes the current run return [Stopped] after the running callback
// returns. It is meant to be called from inside a callback.
func (e *Engine) Stop() { e.stopped = true }

// Step runs the next event, advancing the clock to its time. It reports
// whether an event ran.
func (e *Engine) Step() bool { return e.run(math.Inf(1), true) }

// settle removes the running event's entry if it is still the root (a
// callback that calls Step or RunUntil, or that panicked).
func (e *Engine) settle() {
	if e.held {
		e.held = false
		e.free = append(e.free, e.heldSlot)
		e.removeTop()
	}
}

// removeTop removes the root of the heap.
func (e *Engine) removeTop() {
	last := len(e.heap) - 1
	x := e.heap[last]
	e.heap = e.heap[:last]
	if last > 0 {
		e.down(0, x)
	}
}

// run runs the events with time ≤ horizon in order. It returns true after
// the first event that ran if one is set, or after an event whose callback
// called Stop otherwise, and false when no event is left before horizon.
//
// The head of the calendar stays the root of the heap while its callback
// runs (e.held): the callback's first scheduling takes its place with one
// sift down, and if there is none the root is removed when the callback
// returns.
func (e *Engine) run(horizon Time, one bool) bool {
	e.settle()
	for len(e.heap) > 0 {
		top := &e.heap[0]
		if !(top.time() <= horizon) {
			break
		}
		sl := &e.slots[top.slot]
		if sl.dead {
			e.dead--
			e.freeSlot(top.slot)
			e.removeTop()
			continue
		}
		fn, arg := sl.fn, sl.arg
		sl.retire()
		e.heldSlot = top.slot
		e.held = true
		e.now = top.time()
		e.events++
		fn(arg)
		e.settle()
		if one || e.stopped {
			return true
		}
	}
	return false
}

// RunUntil runs events with time ≤ horizon in order, then advances the clock
// to horizon. It returns [Stopped] if a callback called [Engine.Stop] (the
// clock then stays at that event's time) and [Horizon] otherwise. It panics
// if horizon is before [Engine.Now] or NaN.
func (e *Engine) RunUntil(horizon Time) StopReason {
	if !(horizon >= e.now) { // also NaN
		panic(fmt.Sprintf("sim: cannot run until %v, before now (%v)", horizon, e.now))
	}
	e.stopped = false
	if e.run(horizon, false) {
		return Stopped
	}
	e.now = horizon
	return Horizon
}

// Run runs events until none are left or a callback calls [Engine.Stop].
func (e *Engine) Run() StopReason {
	e.stopped = false
	if e.run(math.Inf(1), false) {
		return Stopped
	}
	return Empty
}

// Every schedules fn(arg) at start, start+interval, start+2·interval, …
// with priority prio, for as long as the engine runs. It returns a [Ticker]
// that can be stopped. It panics if interval is not positive.
func (e *Engine) Every(start, interval Time, prio Priority, fn Action, arg int64) *Ticker {
	if !(interval > 0) {
		panic(fmt.Sprintf("sim: ticker interval must be positive, got %v", interval))
	}
	t := &Ticker{e: e, interval: interval, prio: prio, fn: fn, arg: arg}
	t.tick = t.onTick
	t.next = start
	t.id = e.At(start, prio, t.tick, 0)
	return t
}

// Ticker is a periodic event created by [Engine.Every].
type Ticker struct {
	e        *Engine
	interval Time
	prio     Priority
	fn       Action
	tick     Action
	arg      int64
	next     Time
	n        int64
	id       EventID
}

func (t *Ticker) onTick(int64) {
	t.n++
	// Schedule from the nominal time so ticks do not drift.
	t.next = t.e.now + t.interval
	t.id = t.e.At(t.next, t.prio, t.tick, 0)
	t.fn(t.arg)
}

// Stop cancels the ticker's next tick.
func (t *Ticker) Stop() { t.e.Cancel(t.id) }

func (e *Engine) up(i int) {
	h := e.heap
	x := h[i]
	for i > 0 {
		p := (i - 1) / 2
		if !x.less(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = x
}

// branchlessBelow is the heap size up to which down chooses the earlier
// child without a branch (the heap then fits in the L2 cache). In a larger
// heap the branch is better: its prediction starts the next level's load
// before the comparison is done, where the branchless choice waits for it.
const branchlessBelow = 1 << 14

// down places x in the heap, starting at h[i] (whose entry it replaces)
// and moving down while a child runs before it. Taking x as an argument
// saves writing it to h[i] and reading it back.
func (e *Engine) down(i int, x entry) {
	h := e.heap
	if len(h) > branchlessBelow {
		e.downLarge(i, x)
		return
	}
	for {
		c := 2*i + 1
		if uint(c) >= uint(len(h)) {
			break
		}
		if d := c + 1; d < len(h) {
			c += int(h[d].before(&h[c])) // the earlier child
		}
		if !h[c].less(&x) {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = x
}

// downLarge is down for a heap larger than branchlessBelow.
func (e *Engine) downLarge(i int, x entry) {
	h := e.heap
	for {
		c := 2*i + 1
		if uint(c) >= uint(len(h)) {
			break
		}
		if d := c + 1; d < len(h) && h[d].less(&h[c]) {
			c = d
		}
		if !h[c].less(&x) {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = x
}
