package sim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/agencysim/agencysim/sim"
)

func TestPoolGrantsByPriorityThenFIFO(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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

func TestPoolRenegingDeterministic(t *testing.T) {
	t.Parallel()
	e := sim.NewEngine()
	p := sim.NewPool(e, 1)
	var granted, abandoned []int64
	g := func(arg int64) { granted = append(granted, arg) }
	a := func(arg int64) { abandoned = append(abandoned, arg) }
	assert.True(t, p.AcquireWithin(0, 10, g, a, 0), "a free server is taken at once")
	assert.False(t, p.AcquireWithin(0, 2, g, a, 1))   // leaves at t=2
	assert.False(t, p.AcquireWithin(0, 5, g, a, 2))   // granted at t=3
	assert.False(t, p.AcquireWithin(1, 4, g, a, 3))   // lower priority, leaves at t=4
	assert.False(t, p.AcquireWithin(0, 1.5, g, a, 4)) // leaves at t=1.5, from the middle of the queue
	assert.False(t, p.Acquire(2, g, 5))               // waits for ever
	assert.Equal(t, 5, p.Waiting())
	assert.Equal(t, 4, e.Len(), "one deadline per request with a finite patience")
	e.At(3, 0, func(int64) { p.Release() }, 0)
	e.RunUntil(3)
	assert.Equal(t, []int64{4, 1}, abandoned, "requests leave at their deadlines")
	assert.Equal(t, []int64{2}, granted, "the first request still waiting gets the server")
	assert.Equal(t, 2, p.Waiting())
	assert.Equal(t, 1, e.Len(), "the granted request's deadline is cancelled")
	e.RunUntil(10)
	assert.Equal(t, []int64{4, 1, 3}, abandoned)
	assert.EqualValues(t, 3, p.Abandoned.Value())
	assert.Equal(t, 1, p.Waiting(), "a request without patience stays")
	assert.Zero(t, e.Len())
	e.At(11, 0, func(int64) { p.Release() }, 0)
	e.Run()
	assert.Equal(t, []int64{2, 5}, granted)
	assert.EqualValues(t, 3, p.Wait.N(), "abandoned requests are not in the waiting-time statistics")
	assert.InDelta(t, (0+3+11)/3.0, p.Wait.Mean(), 1e-12)
	// Queue length over [0, 11]: 5 waiting until 1.5, 4 until 2, 3 until 3,
	// 2 until 4, then 1.
	assert.InDelta(t, (5*1.5+4*0.5+3*1+2*1+1*7)/11, p.Queue.Mean(11), 1e-12)

	assert.Panics(t, func() { p.AcquireWithin(0, 0, g, a, 0) }, "patience must be positive")
	assert.Panics(t, func() { p.AcquireWithin(0, math.NaN(), g, a, 0) })
	assert.Panics(t, func() { p.AcquireWithin(0, 1, g, nil, 0) }, "finite patience needs an abandon action")
}

func TestPoolRenegingReusesRecords(t *testing.T) {
	t.Parallel()
	// Many requests that abandon one after the other: the pool's records
	// and the engine's events are reused, so the queue never holds more
	// than the requests actually waiting.
	e := sim.NewEngine()
	p := sim.NewPool(e, 0)
	n := 0
	var arrive sim.Action
	abandon := func(int64) {}
	arrive = func(int64) {
		n++
		p.AcquireWithin(0, 2.5, func(int64) { t.Fatal("no server to grant") }, abandon, 0)
		if n < 10000 {
			e.After(1, 0, arrive, 0)
		}
	}
	e.At(0, 0, arrive, 0)
	e.Run()
	assert.EqualValues(t, 10000, p.Abandoned.Value())
	assert.Zero(t, p.Waiting())
	assert.LessOrEqual(t, p.Queue.Max(), 3.0, "at most three requests wait at once")
}

// TestPoolRenegingMM1D checks abandonment against the M/M/1+D queue:
// Poisson arrivals at rate λ, exponential service at rate μ, and every
// caller waits at most D. A caller is served after the virtual waiting time
// V it finds (the work of those ahead who will be served), so it abandons
// if V > D. Level crossing gives V an atom P0 at 0 and density
// λ·P0·exp(−(μ−λ)x) below D, decaying as exp(−μ(x−D)) above, hence
// P(abandon) = λ·P0·exp(−(μ−λ)D)/μ.
func TestPoolRenegingMM1D(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ lambda, mu, d float64 }{
		{0.9, 1, 2},
		{1.5, 1, 1}, // overloaded: only abandonment keeps the queue finite
		{0.5, 1, 0.5},
	} {
		a := tc.mu - tc.lambda
		ead := math.Exp(-a * tc.d)
		p0 := 1 / (1 + tc.lambda*(1-ead)/a + tc.lambda*ead/tc.mu)
		want := tc.lambda * p0 * ead / tc.mu
		got := simulateReneging(t, tc.lambda, tc.mu, 1, func(*rand.Rand) float64 { return tc.d }, 400_000)
		assert.InDelta(t, want, got, 0.006, "λ=%v μ=%v D=%v", tc.lambda, tc.mu, tc.d)
	}
}

// TestPoolRenegingErlangA checks the M/M/c+M (Erlang-A) queue: exponential
// patience with rate θ. The number in system is a birth-death process with
// birth rate λ and death rate min(n,c)μ + max(n−c,0)θ, and the abandonment
// probability is θ·E[queue]/λ.
func TestPoolRenegingErlangA(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lambda, mu, theta float64
		c                 int
	}{
		{4, 1, 0.5, 4},
		{10, 1, 2, 8},
		{2, 1, 0.2, 3},
	} {
		pi := []float64{1}
		for n := 1; n < 400; n++ {
			death := float64(min(n, tc.c))*tc.mu + float64(max(n-tc.c, 0))*tc.theta
			pi = append(pi, pi[n-1]*tc.lambda/death)
		}
		var z, lq float64
		for n, x := range pi {
			z += x
			lq += float64(max(n-tc.c, 0)) * x
		}
		want := tc.theta * lq / z / tc.lambda
		got := simulateReneging(t, tc.lambda, tc.mu, tc.c, func(r *rand.Rand) float64 { return r.ExpFloat64() / tc.theta }, 400_000)
		assert.InDelta(t, want, got, 0.006, "λ=%v μ=%v θ=%v c=%d", tc.lambda, tc.mu, tc.theta, tc.c)
	}
}

// simulateReneging runs n arrivals of a c-server FCFS queue with the given
// patience distribution and returns the share of arrivals that abandoned.
func simulateReneging(t *testing.T, lambda, mu float64, c int, patience func(*rand.Rand) float64, n int) float64 {
	t.Helper()
	st := sim.NewStreams(42, 0)
	arr, svc, pat := st.Stream("arrivals"), st.Stream("service"), st.Stream("patience")
	e := sim.NewEngine()
	p := sim.NewPool(e, c)
	var arrive, depart, granted, abandon sim.Action
	depart = func(int64) { p.Release() }
	granted = func(int64) { e.After(svc.ExpFloat64()/mu, 0, depart, 0) }
	abandon = func(int64) {}
	count := 0
	arrive = func(int64) {
		count++
		if count < n {
			e.After(arr.ExpFloat64()/lambda, 0, arrive, 0)
		}
		if p.AcquireWithin(0, patience(pat), granted, abandon, 0) {
			granted(0)
		}
	}
	e.After(arr.ExpFloat64()/lambda, 0, arrive, 0)
	e.Run()
	assert.Equal(t, n, int(p.Wait.N()+p.Abandoned.Value()), "every arrival is either served or abandons")
	return float64(p.Abandoned.Value()) / float64(n)
}

func TestPoolRenegingAllocatesNothingInSteadyState(t *testing.T) {
	// An overloaded M/M/2+D queue: once the pool and the engine have grown
	// to their working size, arrivals, grants, departures and abandonments
	// allocate nothing.
	st := sim.NewStreams(1, 0)
	arr, svc := st.Stream("arrivals"), st.Stream("service")
	e := sim.NewEngine()
	p := sim.NewPool(e, 2)
	var arrive, depart, granted, abandon sim.Action
	depart = func(int64) { p.Release() }
	granted = func(int64) { e.After(svc.ExpFloat64(), 0, depart, 0) }
	abandon = func(int64) {}
	arrive = func(int64) {
		e.After(arr.ExpFloat64()/3, 0, arrive, 0)
		if p.AcquireWithin(0, 1, granted, abandon, 0) {
			granted(0)
		}
	}
	e.After(0, 0, arrive, 0)
	e.RunUntil(1000)
	allocs := testing.AllocsPerRun(10000, func() { e.Step() })
	assert.Zero(t, allocs)
	assert.Positive(t, p.Abandoned.Value())
}
