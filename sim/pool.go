package sim

import "fmt"

// Pool is a set of identical servers (patrol units, say) with a priority
// queue of waiting requests. Requests are served by priority (lower first),
// then first come, first served.
//
// A Pool records the statistics queueing theory talks about: time-weighted
// busy servers and queue length, waiting times, and the share of requests that
// had to wait. Pool is not safe for concurrent use.
type Pool struct {
	e        *Engine
	capacity int
	busy     int
	seq      uint64
	queue    []waiter

	// Busy is the time-weighted number of busy servers.
	Busy TimeWeighted
	// Queue is the time-weighted number of waiting requests.
	Queue TimeWeighted
	// Wait records the waiting time of every granted request (zero for
	// requests granted at once).
	Wait Welford
	// Delayed counts granted requests that had to wait.
	Delayed Counter
}

type waiter struct {
	prio  Priority
	seq   uint64
	since Time
	fn    Action
	arg   int64
}

func (a *waiter) less(b *waiter) bool {
	if a.prio != b.prio {
		return a.prio < b.prio
	}
	return a.seq < b.seq
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
// inside [Pool.Release] or [Pool.SetCapacity]). fn must not be nil.
func (p *Pool) Acquire(prio Priority, fn Action, arg int64) bool {
	if fn == nil {
		panic("sim: Pool.Acquire with nil action")
	}
	if p.busy < p.capacity && len(p.queue) == 0 {
		p.busy++
		p.Busy.Update(p.e.now, float64(p.busy))
		p.Wait.Add(0)
		return true
	}
	p.seq++
	p.queue = append(p.queue, waiter{prio: prio, seq: p.seq, since: p.e.now, fn: fn, arg: arg})
	p.queueUp(len(p.queue) - 1)
	p.Queue.Update(p.e.now, float64(len(p.queue)))
	return false
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
	p.grant()
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
		w := p.queue[0]
		p.popQueue()
		p.Queue.Update(p.e.now, float64(len(p.queue)))
		p.busy++
		p.Wait.Add(p.e.now - w.since)
		p.Delayed.Inc()
		w.fn(w.arg)
	}
}

func (p *Pool) popQueue() {
	q := p.queue
	n := len(q) - 1
	q[0] = q[n]
	q[n] = waiter{}
	p.queue = q[:n]
	if n > 0 {
		p.queueDown(0)
	}
}

func (p *Pool) queueUp(i int) {
	q := p.queue
	x := q[i]
	for i > 0 {
		par := (i - 1) / 2
		if !x.less(&q[par]) {
			break
		}
		q[i] = q[par]
		i = par
	}
	q[i] = x
}

func (p *Pool) queueDown(i int) {
	q := p.queue
	n := len(q)
	x := q[i]
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && q[r].less(&q[c]) {
			c = r
		}
		if !q[c].less(&x) {
			break
		}
		q[i] = q[c]
		i = c
	}
	q[i] = x
}
