package sim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sim"
)

// The running event's entry stays the heap's root while its callback runs
// and is replaced by the callback's first scheduling. These tests exercise
// that path: ties, cancellation, Len and Pending from inside a callback, a
// nested Step, and a randomized comparison with a plain reference calendar.

// TestCallbackSchedulesTies: events scheduled from a callback at the
// running event's own time take their place by priority, then after every
// pending event of the same time and priority, whichever of them is the one
// that replaces the root.
func TestCallbackSchedulesTies(t *testing.T) {
	t.Parallel()
	for _, first := range []sim.Priority{9, 0, 5} { // which one replaces the root
		e := sim.NewEngine()
		var got []string
		rec := func(name string) sim.Action { return func(int64) { got = append(got, name) } }
		e.At(1, 5, func(int64) {
			got = append(got, "A")
			sched := map[sim.Priority]string{0: "x", 5: "y", 9: "z"}
			e.At(1, first, rec(sched[first]), 0)
			for _, p := range []sim.Priority{0, 5, 9} {
				if p != first {
					e.At(1, p, rec(sched[p]), 0)
				}
			}
			assert.Equal(t, 6, e.Len(), "B, C, D and the three new events are pending")
		}, 0)
		e.At(1, 5, rec("B"), 0)
		e.At(1, 7, rec("C"), 0)
		e.At(2, -9, rec("D"), 0)
		assert.Equal(t, sim.Empty, e.Run())
		assert.Equal(t, []string{"A", "x", "B", "y", "C", "z", "D"}, got, "first scheduled: priority %d", first)
	}
}

// TestCancelHeldSuccessor cancels, from a callback, the event that would
// run next, with and without a scheduling after it, and enough events that
// the calendar is compacted while the running event's entry is the root.
func TestCancelHeldSuccessor(t *testing.T) {
	t.Parallel()
	for _, schedule := range []bool{false, true} {
		e := sim.NewEngine()
		var got []int64
		rec := func(arg int64) { got = append(got, arg) }
		var self, next sim.EventID
		self = e.At(1, 0, func(int64) {
			got = append(got, 1)
			assert.False(t, e.Pending(self), "the running event is not pending")
			assert.False(t, e.Cancel(self), "the running event cannot be cancelled")
			assert.True(t, e.Cancel(next))
			assert.False(t, e.Pending(next))
			assert.Equal(t, 1, e.Len())
			if schedule {
				e.At(2.5, 0, rec, 25)
				assert.Equal(t, 2, e.Len())
			}
		}, 0)
		next = e.At(2, 0, rec, 2)
		e.At(3, 0, rec, 3)
		e.Run()
		want := []int64{1, 3}
		if schedule {
			want = []int64{1, 25, 3}
		}
		assert.Equal(t, want, got)
		assert.Zero(t, e.Len())
	}

	// Cancelling most of a large calendar from a callback compacts it.
	e := sim.NewEngine()
	var got []int64
	rec := func(arg int64) { got = append(got, arg) }
	var ids []sim.EventID
	e.At(1, 0, func(int64) {
		for i, id := range ids {
			if i%10 != 0 {
				require.True(t, e.Cancel(id))
			}
		}
		assert.Equal(t, 10, e.Len())
		e.At(1.5, 0, rec, -1)
		assert.Equal(t, 11, e.Len())
	}, 0)
	for i := range 100 {
		ids = append(ids, e.At(2+float64(i), 0, rec, int64(i)))
	}
	e.Run()
	assert.Equal(t, []int64{-1, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90}, got)
}

// TestStepInsideCallback: a callback that steps the engine runs the next
// event (the one it has just scheduled, if that is the earliest) before it
// returns, and the outer run carries on in order.
func TestStepInsideCallback(t *testing.T) {
	t.Parallel()
	e := sim.NewEngine()
	var got []int64
	rec := func(arg int64) { got = append(got, arg) }
	e.At(1, 0, func(int64) {
		got = append(got, 1)
		e.At(1, 1, rec, 11) // replaces the running event's root
		require.True(t, e.Step())
		assert.Equal(t, []int64{1, 11}, got)
		assert.Equal(t, 1, e.Len())
		e.At(4, 0, rec, 4)
	}, 0)
	e.At(3, 0, rec, 3)
	assert.Equal(t, sim.Horizon, e.RunUntil(10))
	assert.Equal(t, []int64{1, 11, 3, 4}, got)
	assert.False(t, e.Step())
}

// TestStepMatchesRunUntil runs one self-scheduling workload by Step, by
// RunUntil in slices and by Run: the events run in the same order.
func TestStepMatchesRunUntil(t *testing.T) {
	t.Parallel()
	run := func(drive func(e *sim.Engine)) []int64 {
		e := sim.NewEngine()
		r := rand.New(rand.NewPCG(5, 6))
		var got []int64
		var fn sim.Action
		n := int64(0)
		fn = func(arg int64) {
			got = append(got, arg)
			if len(got) > 3000 {
				return
			}
			k := r.IntN(3)
			if e.Len() < 10 {
				k = 1 + r.IntN(2)
			}
			for range k {
				n++
				e.After(float64(r.IntN(3))/2, sim.Priority(r.IntN(3)), fn, n)
			}
		}
		for range 20 {
			n++
			e.At(float64(r.IntN(4)), sim.Priority(r.IntN(3)), fn, n)
		}
		drive(e)
		return got
	}
	byRun := run(func(e *sim.Engine) { e.Run() })
	require.Greater(t, len(byRun), 1000, "the workload died out")
	byStep := run(func(e *sim.Engine) {
		for e.Step() {
		}
	})
	bySlices := run(func(e *sim.Engine) {
		for e.Len() > 0 {
			e.RunUntil(e.Now() + 0.75)
		}
	})
	assert.Equal(t, byRun, byStep)
	assert.Equal(t, byRun, bySlices)
}

// TestNegativeZeroTime: an event at -0 runs at time +0, in scheduling order
// with the events at +0.
func TestNegativeZeroTime(t *testing.T) {
	t.Parallel()
	e := sim.NewEngine()
	var got []int64
	e.At(0, 0, func(arg int64) { got = append(got, arg) }, 1)
	e.At(math.Copysign(0, -1), 0, func(arg int64) {
		got = append(got, arg)
		assert.False(t, math.Signbit(e.Now()))
	}, 2)
	e.At(0, 0, func(arg int64) { got = append(got, arg) }, 3)
	e.At(1e-300, 0, func(arg int64) { got = append(got, arg) }, 4)
	e.Run()
	assert.Equal(t, []int64{1, 2, 3, 4}, got)
}

// refEvent is an event of the reference calendar.
type refEvent struct {
	at         float64
	prio       sim.Priority
	id         sim.EventID
	done, gone bool // ran; cancelled
}

// refCalendar is the plain reference: a list scanned for the earliest
// (time, priority, scheduling order) of the pending events.
type refCalendar struct{ ev []refEvent }

func (c *refCalendar) next() int {
	best := -1
	for i := range c.ev {
		x := &c.ev[i]
		if x.done || x.gone {
			continue
		}
		if best < 0 || x.at < c.ev[best].at || x.at == c.ev[best].at && x.prio < c.ev[best].prio {
			best = i
		}
	}
	return best
}

func (c *refCalendar) pending() int {
	n := 0
	for _, x := range c.ev {
		if !x.done && !x.gone {
			n++
		}
	}
	return n
}

// TestRandomizedAgainstReference drives the engine and the reference
// calendar in lockstep with seeded random mixes of scheduling (ties in time
// and priority, lower priorities than the running event's), cancelling
// (pending events, the next one, events that ran), nested Steps, Stop, Step
// and RunUntil: every event that runs must be the reference's earliest, and
// Len and Pending must agree throughout.
func TestRandomizedAgainstReference(t *testing.T) {
	t.Parallel()
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 99))
		e := sim.NewEngine()
		ref := &refCalendar{}
		ran, depth := 0, 0
		var fn sim.Action
		schedule := func() {
			var at float64
			switch r.IntN(4) {
			case 0:
				at = e.Now() // a tie with the running event's time
			case 1:
				at = e.Now() + float64(r.IntN(3))
			default:
				at = e.Now() + r.ExpFloat64()
			}
			prio := sim.Priority(r.IntN(5) - 2)
			i := len(ref.ev)
			ref.ev = append(ref.ev, refEvent{at: at, prio: prio})
			ref.ev[i].id = e.At(at, prio, fn, int64(i))
		}
		cancel := func() {
			if len(ref.ev) == 0 {
				return
			}
			i := r.IntN(len(ref.ev))
			if r.IntN(3) == 0 {
				if j := ref.next(); j >= 0 {
					i = j // the event that would run next
				}
			}
			x := &ref.ev[i]
			want := !x.done && !x.gone
			if !assert.Equal(t, want, e.Cancel(x.id), "seed %d: cancel of event %d", seed, i) {
				t.FailNow()
			}
			x.gone = true
		}
		fn = func(arg int64) {
			j := ref.next()
			if !assert.Equal(t, j, int(arg), "seed %d: event %d ran, the reference's next is %d", seed, arg, j) {
				t.FailNow()
			}
			ref.ev[j].done = true
			ran++
			k := r.IntN(4) // about one scheduling per event on average
			if ref.pending() > 200 {
				k = 0
			} else if ref.pending() < 5 {
				k = 2
			}
			for range k {
				schedule()
			}
			for range r.IntN(2) {
				cancel()
			}
			require.Equal(t, ref.pending(), e.Len(), "seed %d: Len in a callback", seed)
			probe := &ref.ev[r.IntN(len(ref.ev))]
			require.Equal(t, !probe.done && !probe.gone, e.Pending(probe.id), "seed %d: Pending in a callback", seed)
			switch r.IntN(40) {
			case 0:
				if depth < 3 {
					depth++
					e.Step()
					depth--
				}
			case 1:
				e.Stop()
			}
		}
		for range 30 {
			schedule()
		}
		for ran < 4000 && e.Len() > 0 {
			if r.IntN(2) == 0 {
				require.True(t, e.Step())
			} else {
				h := e.Now() + 2*r.Float64()
				if e.RunUntil(h) == sim.Horizon {
					j := ref.next()
					require.True(t, j < 0 || ref.ev[j].at > h, "seed %d: RunUntil(%v) left an event at %v", seed, h, ref.ev[max(j, 0)].at)
				}
			}
			require.Equal(t, ref.pending(), e.Len(), "seed %d: Len between runs", seed)
		}
		require.GreaterOrEqual(t, ran, 4000, "seed %d: the workload died out", seed)
	}
}
