package sim

import (
	"fmt"
	"math"
)

// Pool is a set of identical servers (patrol units, say) with a priority
// queue of waiting requests. Requests are served by priority (lower first),
// then first come, first served.
//
// A waiting request may have a patience ([Pool.AcquireWithin]): if no server
// is granted to it within that time it leaves the queue (it reneges, or
// abandons) and its abandon action is called instead. This is the "+M" or
// "+G" of an M/M/c+M (Erlang-A) or M/M/c+G queue.
//
// A Pool records the statistics queueing theory talks about: time-weighted
// busy servers and queue length, waiting times, the share of requests that
// had to wait and the number that abandoned. Pool is not safe for concurrent
// use.
//
// Memory: a Pool holds one record per waiting request (about 56 bytes,
// reused once the request is granted or abandons) and one pending engine
// event per waiting request that has a finite patience; nothing is
// allocated per request once the pool has grown to its working size.
type Pool struct {
	e        *Engine
	capacity int
	busy     int
	seq      uint64

	// queue is a binary heap of indices into waiters; each waiter knows its
	// position in the heap so that an abandoning request can be removed
	// from the middle in O(log n).
	queue   []int32
	waiters []waiter
	free    []int32
	timeout Action // p.abandon, created once so that scheduling does not allocate

	// Busy is the time-weighted number of busy servers.
	Busy TimeWeighted
	// Queue is the time-weighted number of waiting requests.
	Queue TimeWeighted
	// Wait records the waiting time of every granted request (zero for
	// requests granted at once). Abandoned requests are not included.
	Wait Welford
	// Delayed counts granted requests that had to wait.
	Delayed Counter
	// Abandoned counts requests that left the queue when their patience ran
	// out.
	Abandoned Counter
}

type waiter struct {
	prio    Priority
	seq     uint64
	since   Time
	fn      Action
	abandon Action
	arg     int64
	timer   EventID // 0 if the request waits for ever
	pos     int32   // index in queue, -1 when not queued
}

func (p *Pool) less(a, b int32) bool {
	x, y := &p.waiters[a], &p.waiters[b]
	if x.prio != y.prio {
		return x.prio < y.prio
	}
	return x.seq < y.seq
}

// NewPool returns a pool of capacity servers on engine e. It panics if
// capacity is negative or e is nil.
func NewPool(e *Engine, capacity int) *Pool {
	if e == nil {
		panic("sim: NewPool with nil engine")
	}
	if capacity < 0 {
		panic(fmt.Sprintf("sim: negative pool capacity %d", capacity))
	}
	p := &Pool{e: e, capacity: capacity}
	p.timeout = p.abandon
	p.Busy.Reset(e.now, 0)
	p.Queue.Reset(e.now, 0)
	return p
}

// ResetStats clears the statistics, keeping the current state: use it to
// discard a warm-up period.
func (p *Pool) ResetStats() {
	p.Busy.Reset(p.e.now, float64(p.busy))
	p.Queue.Reset(p.e.now, float64(len(p.queue)))
	p.Wait = Welford{}
	p.Delayed = Counter{}
	p.Abandoned = Counter{}
}

// Capacity returns the number of servers.
func (p *Pool) Capacity() int { return p.capacity }

// InUse returns the number of busy servers. It can exceed Capacity for a
// while after the capacity has been lowered.
func (p *Pool) InUse() int { return p.busy }

// Waiting returns the number of queued requests.
func (p *Pool) Waiting() int { return len(p.queue) }

// Acquire asks for a server. If one is free it is taken at once and Acquire
// returns true; fn is not called. Otherwise the request is queued, Acquire
// returns false, and fn(arg) is called when a server is granted to it (from
// inside [Pool.Release] or [Pool.SetCapacity]). The request waits as long as
// it takes. fn must not be nil.
func (p *Pool) Acquire(prio Priority, fn Action, arg int64) bool {
	return p.AcquireWithin(prio, math.Inf(1), fn, nil, arg)
}

// AcquireWithin is [Pool.Acquire] for a request that waits at most patience
// time units. If no server has been granted to it by then, it leaves the
// queue, [Pool.Abandoned] is incremented and abandon(arg) is called (from an
// engine event at the deadline, scheduled with priority 0); fn is then never
// called. A request granted before its deadline has its deadline event
// cancelled. patience must be positive (it may be +Inf: wait for ever);
// abandon may be nil only if patience is +Inf. It panics otherwise, or if fn
// is nil.
func (p *Pool) AcquireWithin(prio Priority, patience Time, fn, abandon Action, arg int64) bool {
	finite := !math.IsInf(patience, 1)
	if fn == nil || !(patience > 0) || finite && abandon == nil {
		badAcquire(patience, fn)
	}
	if p.busy < p.capacity && len(p.queue) == 0 {
		p.busy++
		p.Busy.Update(p.e.now, float64(p.busy))
		p.Wait.Add(0)
		return true
	}
	p.enqueue(prio, patience, finite, fn, abandon, arg)
	return false
}

// badAcquire panics with the reason AcquireWithin refused the request (out
// of line, so that AcquireWithin's fast path stays small).
//
//go:noinline
func badAcquire(patience Time, fn Action) {
	if fn == nil {
		panic("sim: Pool.Acquire with nil action")
	}
	if !(patience > 0) {
		panic(fmt.Sprintf("sim: Pool.AcquireWithin with patience %v, want > 0", patience))
	}
	panic("sim: Pool.AcquireWithin with finite patience and nil abandon action")
}

// enqueue queues a request that found no free server.
func (p *Pool) enqueue(prio Priority, patience Time, finite bool, fn, abandon Action, arg int64) {
	p.seq++
	var h int32
	if n := len(p.free); n > 0 {
		h = p.free[n-1]
		p.free = p.free[:n-1]
	} else {
		if len(p.waiters) == math.MaxInt32 {
			panic("sim: Pool queue exceeds 2^31-1 waiting requests")
		}
		p.waiters = append(p.waiters, waiter{})
		h = int32(len(p.waiters) - 1)
	}
	w := &p.waiters[h]
	*w = waiter{prio: prio, seq: p.seq, since: p.e.now, fn: fn, abandon: abandon, arg: arg, pos: int32(len(p.queue))}
	if finite {
		w.timer = p.e.After(patience, 0, p.timeout, int64(h))
	}
	p.queue = append(p.queue, h)
	p.up(len(p.queue) - 1)
	p.Queue.Update(p.e.now, float64(len(p.queue)))
}

// TryAcquire takes a free server if one is free and nobody is waiting, and
// reports whether it did. It never queues: use it for work that is only
// done when a server is idle (officer-initiated activity, say).
func (p *Pool) TryAcquire() bool {
	if p.busy < p.capacity && len(p.queue) == 0 {
		p.busy++
		p.Busy.Update(p.e.now, float64(p.busy))
		return true
	}
	return false
}

// Release returns a server to the pool and grants it to the first waiting
// request, if any. It panics if no server is busy.
func (p *Pool) Release() {
	if p.busy == 0 {
		panic("sim: Pool.Release with no busy server")
	}
	p.busy--
	if len(p.queue) > 0 {
		p.grant()
	}
	p.Busy.Update(p.e.now, float64(p.busy))
}

// SetCapacity changes the number of servers. Raising it grants servers to
// waiting requests at once; lowering it takes servers away as they are
// released. It panics if n is negative.
func (p *Pool) SetCapacity(n int) {
	if n < 0 {
		panic(fmt.Sprintf("sim: negative pool capacity %d", n))
	}
	p.capacity = n
	p.grant()
	p.Busy.Update(p.e.now, float64(p.busy))
}

// grant hands free servers to waiting requests.
func (p *Pool) grant() {
	for p.busy < p.capacity && len(p.queue) > 0 {
		h := p.queue[0]
		p.remove(0)
		w := &p.waiters[h]
		fn, arg, since := w.fn, w.arg, w.since
		if w.timer != 0 {
			p.e.Cancel(w.timer)
		}
		p.release(h)
		p.Queue.Update(p.e.now, float64(len(p.queue)))
		p.busy++
		p.Wait.Add(p.e.now - since)
		p.Delayed.Inc()
		fn(arg)
	}
}

// abandon is the deadline event of waiter h.
func (p *Pool) abandon(arg int64) {
	h := int32(arg)
	w := p.waiters[h]
	p.remove(int(w.pos))
	p.release(h)
	p.Queue.Update(p.e.now, float64(len(p.queue)))
	p.Abandoned.Inc()
	w.abandon(w.arg)
}

// release returns waiter record h to the free list. Its actions are
// dropped (so that they can be collected); enqueue sets every field again.
func (p *Pool) release(h int32) {
	w := &p.waiters[h]
	w.fn, w.abandon, w.timer, w.pos = nil, nil, 0, -1
	p.free = append(p.free, h)
}

// remove takes the heap element at position i out of the queue.
func (p *Pool) remove(i int) {
	q := p.queue
	n := len(q) - 1
	if i != n {
		q[i] = q[n]
		p.waiters[q[i]].pos = int32(i)
	}
	p.queue = q[:n]
	if i < n {
		if !p.up(i) {
			p.down(i)
		}
	}
}

// up moves element i towards the root; it reports whether it moved.
func (p *Pool) up(i int) bool {
	q := p.queue
	x := q[i]
	start := i
	for i > 0 {
		par := (i - 1) / 2
		if !p.less(x, q[par]) {
			break
		}
		q[i] = q[par]
		p.waiters[q[i]].pos = int32(i)
		i = par
	}
	q[i] = x
	p.waiters[x].pos = int32(i)
	return i != start
}

func (p *Pool) down(i int) {
	q := p.queue
	n := len(q)
	x := q[i]
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && p.less(q[r], q[c]) {
			c = r
		}
		if !p.less(q[c], x) {
			break
		}
		q[i] = q[c]
		p.waiters[q[i]].pos = int32(i)
		i = c
	}
	q[i] = x
	p.waiters[x].pos = int32(i)
}
