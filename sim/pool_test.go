package sim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/agencysim/agencysim/sim"
)

func TestPoolGrantsByPriorityThenFIFO(t *testing.T) {
	e := sim.NewEngine()
	p := sim.NewPool(e, 1)
	var order []int64
	grant := func(arg int64) { order = append(order, arg) }
	assert.True(t, p.Acquire(5, grant, 0), "free server is taken at once")
	assert.False(t, p.Acquire(5, grant, 1))
	assert.False(t, p.Acquire(1, grant, 2))
	assert.False(t, p.Acquire(5, grant, 3))
	assert.False(t, p.Acquire(1, grant, 4))
	assert.Equal(t, 4, p.Waiting())
	for range 4 {
		e.After(1, 0, func(int64) { p.Release() }, 0)
		e.Run()
	}
	assert.Equal(t, []int64{2, 4, 1, 3}, order)
	assert.Equal(t, 1, p.InUse())
	p.Release()
	assert.Equal(t, 0, p.InUse())
	assert.PanicsWithValue(t, "sim: Pool.Release with no busy server", func() { p.Release() })
}

func TestPoolStatistics(t *testing.T) {
	e := sim.NewEngine()
	p := sim.NewPool(e, 2)
	noop := func(int64) {}
	// t=0: two requests served at once, a third waits until t=4.
	p.Acquire(0, noop, 0)
	p.Acquire(0, noop, 0)
	p.Acquire(0, noop, 0)
	e.At(4, 0, func(int64) { p.Release() }, 0)
	e.At(10, 0, func(int64) { p.Release(); p.Release() }, 0)
	e.RunUntil(10)
	assert.InDelta(t, 2.0, p.Busy.Mean(10), 1e-12, "two busy all along")
	assert.InDelta(t, 0.4, p.Queue.Mean(10), 1e-12, "one waiting for 4 of 10 hours")
	assert.EqualValues(t, 3, p.Wait.N())
	assert.InDelta(t, 4.0/3, p.Wait.Mean(), 1e-12)
	assert.EqualValues(t, 1, p.Delayed.Value())
	assert.Equal(t, 0, p.InUse())
}

func TestPoolSetCapacity(t *testing.T) {
	e := sim.NewEngine()
	p := sim.NewPool(e, 2)
	granted := 0
	g := func(int64) { granted++ }
	p.Acquire(0, g, 0)
	p.Acquire(0, g, 0)
	p.Acquire(0, g, 0)
	p.Acquire(0, g, 0)
	p.SetCapacity(3)
	assert.Equal(t, 1, granted, "raising capacity grants a waiting request")
	p.SetCapacity(1)
	assert.Equal(t, 3, p.InUse(), "busy servers finish their work")
	p.Release()
	p.Release()
	assert.Equal(t, 1, granted, "no grant until busy falls below capacity")
	p.Release()
	assert.Equal(t, 2, granted)
	assert.Equal(t, 1, p.InUse())
	assert.Panics(t, func() { p.SetCapacity(-1) })
	assert.Panics(t, func() { sim.NewPool(e, -1) })
	assert.Panics(t, func() { sim.NewPool(nil, 1) })
	assert.Panics(t, func() { p.Acquire(0, nil, 0) })
}

func TestPoolTryAcquire(t *testing.T) {
	e := sim.NewEngine()
	p := sim.NewPool(e, 1)
	assert.True(t, p.TryAcquire())
	assert.False(t, p.TryAcquire(), "no free server")
	assert.Equal(t, 0, p.Waiting(), "TryAcquire never queues")
	p.Release()
	p.Acquire(0, func(int64) {}, 0)
	p.Acquire(0, func(int64) {}, 0)
	p.SetCapacity(2)
	assert.False(t, p.TryAcquire(), "servers all taken after granting the queue")
}
