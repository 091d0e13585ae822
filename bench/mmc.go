package bench

import (
	"math"
	"math/rand/v2"

	"github.com/agencysim/agencysim/sim"
)

// MMC is the reference dispatch queue: Poisson arrivals at rate Lambda per
// hour, exponential service with mean 1/Mu hours, and C identical units
// (an M/M/C queue). It is the workload of the kernel benchmark and the
// model the kernel is validated against (Erlang C, Little's law).
type MMC struct {
	Lambda, Mu float64
	C          int

	e       *sim.Engine
	pool    *sim.Pool
	arrRNG  *rand.Rand
	svcRNG  *rand.Rand
	arrive  sim.Action
	depart  sim.Action
	granted sim.Action

	// Sojourn is the time in system of completed calls (wait + service).
	Sojourn   sim.Welford
	Arrivals  sim.Counter
	Completed sim.Counter
	InSystem  sim.TimeWeighted

	statStart sim.Time
	// arrivedAt holds the arrival time of calls in the queue, indexed by a
	// ring of call numbers so that no per-call allocation is needed.
	arrivedAt []sim.Time
	nextCall  int64
	inSystem  int
}

// NewMMC builds the model on a fresh engine with streams from (seed,
// replication). It panics if the parameters are not positive.
func NewMMC(lambda, mu float64, c int, seed, replication uint64) *MMC {
	if !(lambda > 0 && mu > 0 && c > 0) {
		panic("bench: MMC parameters must be positive")
	}
	st := sim.NewStreams(seed, replication)
	m := &MMC{Lambda: lambda, Mu: mu, C: c, e: sim.NewEngine()}
	m.pool = sim.NewPool(m.e, c)
	m.arrRNG = st.Stream("arrivals")
	m.svcRNG = st.Stream("service")
	m.arrive = m.onArrive
	m.depart = m.onDepart
	m.granted = m.onGranted
	m.arrivedAt = make([]sim.Time, 1<<16)
	m.e.After(m.arrRNG.ExpFloat64()/lambda, 0, m.arrive, 0)
	return m
}

// Engine returns the model's engine.
func (m *MMC) Engine() *sim.Engine { return m.e }

// Pool returns the model's server pool.
func (m *MMC) Pool() *sim.Pool { return m.pool }

// ResetStats discards statistics gathered so far (a warm-up period).
func (m *MMC) ResetStats() {
	m.pool.ResetStats()
	m.Sojourn = sim.Welford{}
	m.Arrivals = sim.Counter{}
	m.Completed = sim.Counter{}
	m.InSystem.Reset(m.e.Now(), float64(m.inSystem))
	m.statStart = m.e.Now()
}

// Run advances the model to time t.
func (m *MMC) Run(t sim.Time) { m.e.RunUntil(t) }

// ArrivalRate returns the observed arrival rate since the last reset.
func (m *MMC) ArrivalRate() float64 {
	return float64(m.Arrivals.Value()) / (m.e.Now() - m.statStart)
}

func (m *MMC) onArrive(int64) {
	m.Arrivals.Inc()
	m.e.After(m.arrRNG.ExpFloat64()/m.Lambda, 0, m.arrive, 0)
	m.inSystem++
	m.InSystem.Update(m.e.Now(), float64(m.inSystem))
	call := m.nextCall
	m.nextCall++
	m.arrivedAt[call&int64(len(m.arrivedAt)-1)] = m.e.Now()
	if m.pool.Acquire(0, m.granted, call) {
		m.onGranted(call)
	}
}

func (m *MMC) onGranted(call int64) {
	m.e.After(m.svcRNG.ExpFloat64()/m.Mu, 0, m.depart, call)
}

func (m *MMC) onDepart(call int64) {
	m.inSystem--
	m.InSystem.Update(m.e.Now(), float64(m.inSystem))
	m.Completed.Inc()
	m.Sojourn.Add(m.e.Now() - m.arrivedAt[call&int64(len(m.arrivedAt)-1)])
	m.pool.Release()
}

// ErlangC returns the probability that an arriving call waits and the mean
// waiting time in queue for an M/M/c queue with arrival rate lambda, service
// rate mu and c servers. It returns (1, +Inf) when the queue is unstable.
func ErlangC(lambda, mu float64, c int) (pWait, meanWait float64) {
	a := lambda / mu
	rho := a / float64(c)
	if rho >= 1 {
		return 1, math.Inf(1)
	}
	// Sum a^k/k! for k < c, and the c term, computed incrementally.
	term := 1.0
	sum := 0.0
	for k := 0; k < c; k++ {
		sum += term
		term *= a / float64(k+1)
	}
	top := term / (1 - rho)
	pWait = top / (sum + top)
	meanWait = pWait / (float64(c)*mu - lambda)
	return pWait, meanWait
}
