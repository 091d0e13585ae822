package hypercube_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sim/hypercube"
)

// erlang returns the distribution of the number of busy servers of an
// M/M/c/c loss system of offered load a.
func erlang(c int, a float64) []float64 {
	p := make([]float64, c+1)
	term, sum := 1.0, 0.0
	for k := range c + 1 {
		if k > 0 {
			term *= a / float64(k)
		}
		p[k] = term
		sum += term
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

// erlangC is the M/M/c probability of waiting at offered load a < c.
func erlangC(c int, a float64) float64 {
	b := erlang(c, a)[c]
	return float64(c) * b / (float64(c) - a*(1-b))
}

func TestOneUnitIsMM1(t *testing.T) {
	t.Parallel()
	lam, mu := 0.7, 1.3
	rho := lam / mu
	loss, err := hypercube.Solve(hypercube.System{Arrival: []float64{lam}, Service: []float64{mu}, Pref: [][]int{{0}}})
	require.NoError(t, err)
	// M/M/1/1 (Erlang loss): busy with probability ρ/(1+ρ), the share lost.
	assert.InDelta(t, rho/(1+rho), loss.Workload[0], 1e-12)
	assert.InDelta(t, rho/(1+rho), loss.Lost, 1e-12)
	assert.InDelta(t, 1/(1+rho), loss.Dispatch[0][0], 1e-12)
	assert.Zero(t, loss.CrossShare(hypercube.System{Pref: [][]int{{0}}}))

	q, err := hypercube.Solve(hypercube.System{Arrival: []float64{lam}, Service: []float64{mu}, Pref: [][]int{{0}}, Line: hypercube.InfiniteLine})
	require.NoError(t, err)
	// M/M/1: busy ρ of the time, every call answered, ρ of them wait.
	assert.InDelta(t, rho, q.Workload[0], 1e-12)
	assert.InDelta(t, rho, q.Queued, 1e-12)
	assert.InDelta(t, 1, q.Dispatch[0][0], 1e-12)
}

// symmetric is N units and N atoms of equal rates, atom j preferring units
// j, j+1, … (mod N): by symmetry the number of busy units is that of an
// M/M/N/N (or M/M/N) queue and every unit carries 1/N of the work.
func symmetric(n int, lam, mu float64, line hypercube.Line) hypercube.System {
	s := hypercube.System{Line: line}
	for j := range n {
		s.Arrival = append(s.Arrival, lam)
		s.Service = append(s.Service, mu)
		var pref []int
		for k := range n {
			pref = append(pref, (j+k)%n)
		}
		s.Pref = append(s.Pref, pref)
	}
	return s
}

func TestSymmetricIsErlang(t *testing.T) {
	t.Parallel()
	for _, n := range []int{2, 3, 5} {
		lam, mu := 0.45, 1.0
		a := float64(n) * lam / mu
		s := symmetric(n, lam, mu, hypercube.ZeroLine)
		sol, err := hypercube.Solve(s)
		require.NoError(t, err)
		pk := erlang(n, a)
		busy := make([]float64, n+1)
		for b, p := range sol.P {
			busy[popcount(b)] += p
		}
		assert.InDeltaSlice(t, pk, busy, 1e-10, "N=%d: busy-unit distribution is Erlang's", n)
		assert.InDelta(t, pk[n], sol.Lost, 1e-10, "N=%d: Erlang B", n)
		for u := range n {
			assert.InDelta(t, a*(1-pk[n])/float64(n), sol.Workload[u], 1e-10, "N=%d unit %d", n, u)
		}

		s.Line = hypercube.InfiniteLine
		q, err := hypercube.Solve(s)
		require.NoError(t, err)
		assert.InDelta(t, erlangC(n, a), q.Queued, 1e-10, "N=%d: Erlang C", n)
		for u := range n {
			assert.InDelta(t, a/float64(n), q.Workload[u], 1e-10, "N=%d unit %d", n, u)
		}
		total := 0.0
		for _, row := range q.Dispatch {
			for _, f := range row {
				total += f
			}
		}
		assert.InDelta(t, 1, total, 1e-10, "every call is answered")
	}
}

// TestTwoUnitsClosedForm checks an asymmetric case against the balance
// equations solved by hand (Larson and Odoni §5.3, zero line capacity):
// with states 00, 10 (unit 1 busy), 01, 11 and μ = 1, atom j preferring
// unit j then the other.
func TestTwoUnitsClosedForm(t *testing.T) {
	t.Parallel()
	l1, l2 := 0.6, 0.3
	s := hypercube.System{Arrival: []float64{l1, l2}, Service: []float64{1, 1}, Pref: [][]int{{0, 1}, {1, 0}}}
	sol, err := hypercube.Solve(s)
	require.NoError(t, err)
	// The number busy is M/M/2/2 with a = λ1+λ2: P(0) = 1/(1+a+a²/2), P(2)
	// = a²/2·P(0). State {unit 0 busy}: balance λ1 P0 = (λ+1) P(10) − P(11)
	// … solved: P(10) = (λ1 P0 + P11) / (λ + 1) with λ = λ1 + λ2.
	a := l1 + l2
	p0 := 1 / (1 + a + a*a/2)
	p11 := a * a / 2 * p0
	p10 := (l1*p0 + p11) / (a + 1)
	p01 := (l2*p0 + p11) / (a + 1)
	assert.InDelta(t, p0, sol.P[0], 1e-12)
	assert.InDelta(t, p10, sol.P[1], 1e-12)
	assert.InDelta(t, p01, sol.P[2], 1e-12)
	assert.InDelta(t, p11, sol.P[3], 1e-12)
	// Cross dispatches: atom 1's calls while unit 0 is busy and unit 1
	// free, and atom 2's while unit 1 is busy and unit 0 free.
	cross := (l1*p10 + l2*p01) / a / (1 - p11)
	assert.InDelta(t, cross, sol.CrossShare(s), 1e-12)
	assert.Greater(t, sol.Workload[0], sol.Workload[1], "the busier atom's unit works more")
}

func TestSolveRejects(t *testing.T) {
	t.Parallel()
	ok := hypercube.System{Arrival: []float64{1}, Service: []float64{1}, Pref: [][]int{{0}}}
	for name, s := range map[string]hypercube.System{
		"no units":    {Arrival: []float64{1}, Pref: [][]int{{}}},
		"no atoms":    {Service: []float64{1}},
		"pref count":  {Arrival: []float64{1}, Service: []float64{1}},
		"bad unit":    {Arrival: []float64{1}, Service: []float64{1}, Pref: [][]int{{1}}},
		"twice":       {Arrival: []float64{1}, Service: []float64{1, 1}, Pref: [][]int{{0, 0}}},
		"neg rate":    {Arrival: []float64{-1}, Service: []float64{1}, Pref: [][]int{{0}}},
		"zero mu":     {Arrival: []float64{1}, Service: []float64{0}, Pref: [][]int{{0}}},
		"nan":         {Arrival: []float64{math.NaN()}, Service: []float64{1}, Pref: [][]int{{0}}},
		"incomplete":  {Arrival: []float64{1}, Service: []float64{1, 1}, Pref: [][]int{{0}}, Line: hypercube.InfiniteLine},
		"overloaded":  {Arrival: []float64{2}, Service: []float64{1}, Pref: [][]int{{0}}, Line: hypercube.InfiniteLine},
		"too many":    {Arrival: []float64{1}, Service: make11(), Pref: [][]int{{0}}},
		"bad line":    {Arrival: []float64{1}, Service: []float64{1}, Pref: [][]int{{0}}, Line: 7},
		"no calls":    {Arrival: []float64{0}, Service: []float64{1}, Pref: [][]int{{0}}},
		"inf service": {Arrival: []float64{1}, Service: []float64{math.Inf(1)}, Pref: [][]int{{0}}},
	} {
		_, err := hypercube.Solve(s)
		assert.Error(t, err, name)
	}
	_, err := hypercube.Solve(ok)
	assert.NoError(t, err)
}

func make11() []float64 {
	s := make([]float64, hypercube.MaxUnits+1)
	for i := range s {
		s[i] = 1
	}
	return s
}

func popcount(b int) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}
