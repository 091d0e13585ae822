package sim_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sim"
)

func TestEventOrderTimePrioritySequence(t *testing.T) {
	t.Parallel()
	e := sim.NewEngine()
	var got []int64
	rec := func(arg int64) { got = append(got, arg) }
	// Scheduled deliberately out of order.
	e.At(5, 0, rec, 50)
	e.At(1, 1, rec, 11)
	e.At(1, 0, rec, 10)
	e.At(1, 1, rec, 12) // same time and priority as 11: after it
	e.At(3, -1, rec, 30)
	e.At(1, 0, rec, 13) // same as 10: after it
	e.At(0, 5, rec, 0)
	assert.Equal(t, sim.Empty, e.Run())
	assert.Equal(t, []int64{0, 10, 13, 11, 12, 30, 50}, got)
	assert.Equal(t, 5.0, e.Now())
	assert.EqualValues(t, 7, e.Events())
}

func TestTiesAreDeterministicAtScale(t *testing.T) {
	t.Parallel()
	run := func() []int64 {
		e := sim.NewEngine()
		var got []int64
		rec := func(arg int64) { got = append(got, arg) }
		for i := range 1000 {
			e.At(float64(i%7), sim.Priority(i%3), rec, int64(i))
		}
		e.Run()
		return got
	}
	a, b := run(), run()
	require.Equal(t, a, b)
	// Within equal (time, priority), insertion order is kept.
	e := sim.NewEngine()
	var got []int64
	for i := range 100 {
		e.At(2, 0, func(arg int64) { got = append(got, arg) }, int64(i))
	}
	e.Run()
	for i := range got {
		assert.EqualValues(t, i, got[i])
	}
}

func TestEventsScheduledFromCallbacks(t *testing.T) {
	t.Parallel()
	e := sim.NewEngine()
	var times []float64
	var tick sim.Action
	tick = func(n int64) {
		times = append(times, e.Now())
		if n < 4 {
			e.After(0.5, 0, tick, n+1)
		}
	}
	e.At(1, 0, tick, 0)
	e.Run()
	assert.Equal(t, []float64{1, 1.5, 2, 2.5, 3}, times)
}

func TestCancel(t *testing.T) {
	t.Parallel()
	e := sim.NewEngine()
	var got []int64
	rec := func(arg int64) { got = append(got, arg) }
	ids := make([]sim.EventID, 10)
	for i := range ids {
		ids[i] = e.At(float64(i), 0, rec, int64(i))
	}
	assert.True(t, e.Pending(ids[3]))
	assert.True(t, e.Cancel(ids[3]))
	assert.False(t, e.Pending(ids[3]))
	assert.False(t, e.Cancel(ids[3]), "second cancel is a no-op")
	assert.True(t, e.Cancel(ids[0]), "cancel the head")
	assert.True(t, e.Cancel(ids[9]), "cancel the tail")
	assert.False(t, e.Cancel(0), "zero ID is never an event")
	assert.Equal(t, 7, e.Len())
	e.Run()
	assert.Equal(t, []int64{1, 2, 4, 5, 6, 7, 8}, got)
	assert.False(t, e.Cancel(ids[5]), "cannot cancel an event that ran")

	// A recycled slot does not make an old ID valid again.
	old := e.At(20, 0, rec, 20)
	e.Run()
	fresh := e.At(30, 0, rec, 30)
	assert.False(t, e.Cancel(old))
	assert.True(t, e.Pending(fresh))
}

func TestCancelFromCallbackAndRandomOrder(t *testing.T) {
	t.Parallel()
	// Cancel a random half of many events and check the survivors run in
	// time order.
	e := sim.NewEngine()
	st := sim.NewStreams(7, 0)
	r := st.Stream("t")
	var ids []sim.EventID
	var ran []float64
	rec := func(int64) { ran = append(ran, e.Now()) }
	for range 2000 {
		ids = append(ids, e.At(r.Float64()*100, sim.Priority(r.IntN(3)), rec, 0))
	}
	cancelled := 0
	for i, id := range ids {
		if i%2 == 1 {
			require.True(t, e.Cancel(id))
			cancelled++
		}
	}
	e.Run()
	assert.Len(t, ran, 2000-cancelled)
	assert.IsNonDecreasing(t, ran)

	e2 := sim.NewEngine()
	var later sim.EventID
	fired := false
	e2.At(1, 0, func(int64) { assert.True(t, e2.Cancel(later)) }, 0)
	later = e2.At(2, 0, func(int64) { fired = true }, 0)
	e2.Run()
	assert.False(t, fired)
}

func TestSchedulingPanics(t *testing.T) {
	t.Parallel()
	noop := func(int64) {}
	e := sim.NewEngine()
	e.At(10, 0, noop, 0)
	e.RunUntil(10)
	assert.PanicsWithValue(t, "sim: cannot schedule at time 5, before now (10)", func() { e.At(5, 0, noop, 0) })
	assert.PanicsWithValue(t, "sim: negative or NaN delay -1", func() { e.After(-1, 0, noop, 0) })
	assert.Panics(t, func() { e.After(math.NaN(), 0, noop, 0) })
	assert.Panics(t, func() { e.At(math.NaN(), 0, noop, 0) })
	assert.PanicsWithValue(t, "sim: nil action", func() { e.At(11, 0, nil, 0) })
	assert.Panics(t, func() { e.RunUntil(3) })
	assert.Panics(t, func() { e.Every(0, 0, 0, noop, 0) })
}

func TestRunUntilAndStop(t *testing.T) {
	t.Parallel()
	e := sim.NewEngine()
	var got []float64
	rec := func(int64) { got = append(got, e.Now()) }
	for _, at := range []float64{1, 2, 3, 4, 5} {
		e.At(at, 0, rec, 0)
	}
	assert.Equal(t, sim.Horizon, e.RunUntil(3))
	assert.Equal(t, []float64{1, 2, 3}, got, "events at the horizon run")
	assert.Equal(t, 3.0, e.Now())
	assert.Equal(t, sim.Horizon, e.RunUntil(3.5))
	assert.Equal(t, 3.5, e.Now(), "clock advances to the horizon")

	e.At(4.5, 0, func(int64) { e.Stop() }, 0)
	assert.Equal(t, sim.Stopped, e.RunUntil(100))
	assert.Equal(t, 4.5, e.Now())
	assert.Equal(t, []float64{1, 2, 3, 4}, got)
	assert.Equal(t, sim.Empty, e.Run())
	assert.Equal(t, []float64{1, 2, 3, 4, 5}, got)
	assert.Equal(t, "stopped", sim.Stopped.String())
}

func TestTicker(t *testing.T) {
	t.Parallel()
	e := sim.NewEngine()
	var at []float64
	var tk *sim.Ticker
	tk = e.Every(2, 3, 0, func(int64) {
		at = append(at, e.Now())
		if len(at) == 4 {
			tk.Stop()
		}
	}, 0)
	e.RunUntil(100)
	assert.Equal(t, []float64{2, 5, 8, 11}, at)
}

func TestNoAllocationPerEventInSteadyState(t *testing.T) {
	e := sim.NewEngine()
	var fn sim.Action
	fn = func(arg int64) { e.After(1, 0, fn, arg) }
	for i := range 64 {
		e.At(float64(i)/64, 0, fn, int64(i))
	}
	e.RunUntil(10) // warm up: slots and heap reach their working size
	allocs := testing.AllocsPerRun(100, func() { e.RunUntil(e.Now() + 1) })
	assert.Zero(t, allocs)
}
