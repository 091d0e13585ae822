// Package hypercube solves Larson's hypercube queueing model exactly for a
// small number of units.
//
// The model (Larson 1974, "A hypercube queuing model for facility location
// and redistricting in urban emergency services", Computers & Operations
// Research 1(1):67-95; Larson and Odoni, Urban Operations Research, 1981,
// §5.4): calls arrive from NA geographical atoms as independent Poisson
// processes of rates λ_j; N units each serve one call at a time, unit n's
// service time (travel, on scene and related time) exponential of rate μ_n;
// a call from atom j is answered by the first free unit on atom j's fixed
// preference list. The state is the set of busy units, one of 2^N vertices
// of the unit hypercube; its stationary distribution solves the balance
// equations
//
//	Σ_{B'} P(B') q(B', B) = P(B) Σ_{B'} q(B, B'),   Σ_B P(B) = 1,
//
// with upward rates q(B, B ∪ {n}) = Σ λ_j over the atoms j whose first free
// unit in state B is n, and downward rates q(B, B \ {n}) = μ_n.
//
// Two line capacities are solved ([ZeroLine], [InfiniteLine]). With zero
// line capacity a call that finds every unit on its list busy is lost (sent
// to a backup service outside the model). With infinite line capacity it
// waits in one first-come, first-served queue and the first unit to become
// free serves it, wherever it is; the states with every unit busy and k
// calls waiting form a birth-death chain of rates Λ = Σ λ_j and M = Σ μ_n,
// so P(full, k) = P(full, 0) r^k with r = Λ/M < 1, and they are lumped into
// one state whose downward rates are μ_n (1 − r) (exact: only the state with
// no call waiting leaves it).
//
// The package knows nothing of police or cities; agencysim uses it to
// validate the dispatch of its patrol pools under mutual aid.
package hypercube

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MaxUnits is the largest number of units solved (2^10 states: the dense
// linear system then takes 8 MiB).
const MaxUnits = 10

// Line is the line (queue) capacity of the model.
type Line int

const (
	// ZeroLine: a call that finds every unit on its preference list busy
	// is lost.
	ZeroLine Line = iota
	// InfiniteLine: it waits in one FCFS queue served by whichever unit
	// frees first. Every atom must then list every unit.
	InfiniteLine
)

func (l Line) String() string {
	switch l {
	case ZeroLine:
		return "zero"
	case InfiniteLine:
		return "infinite"
	}
	return fmt.Sprintf("Line(%d)", int(l))
}

// System is a hypercube model.
type System struct {
	// Arrival is each atom's call rate λ_j.
	Arrival []float64
	// Service is each unit's service rate μ_n (1 / mean service time).
	Service []float64
	// Pref[j] lists the units that answer atom j's calls, in order of
	// preference, each at most once.
	Pref [][]int
	// Line is the line capacity.
	Line Line
}

// Solution is the stationary solution of a [System].
type Solution struct {
	// P is the probability of each state, indexed by the bit set of the
	// busy units (bit n set: unit n busy). Under [InfiniteLine] the state
	// with every unit busy includes every queue length.
	P []float64
	// Workload is the share of time each unit is busy (ρ_n).
	Workload []float64
	// Dispatch[j][n] is the share of all calls that come from atom j and
	// are answered by unit n (at once, or from the queue under
	// [InfiniteLine]). Rows sum to atom j's share of the calls answered.
	Dispatch [][]float64
	// Lost is the share of calls lost ([ZeroLine]).
	Lost float64
	// Queued is the share of calls that wait ([InfiniteLine]).
	Queued float64
}

// Solve returns the stationary solution of s. It returns an error if s is
// malformed (no units or atoms, more than [MaxUnits] units, a negative or
// non-finite rate, a unit out of range or listed twice, an incomplete list
// under [InfiniteLine]) or, under [InfiniteLine], if the offered load is
// not below the number of units' capacity (Λ ≥ Σ μ_n).
func Solve(s System) (*Solution, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	n := len(s.Service)
	states := 1 << n
	full := states - 1
	lambda, mu := 0.0, 0.0
	for _, l := range s.Arrival {
		lambda += l
	}
	for _, m := range s.Service {
		mu += m
	}
	r := 0.0
	if s.Line == InfiniteLine {
		r = lambda / mu
		if !(r < 1) {
			return nil, fmt.Errorf("hypercube: arrival rate %g is not below the total service rate %g (infinite line capacity has no steady state)", lambda, mu)
		}
	}
	// Generator: q[from][to].
	q := mat.NewDense(states, states, nil)
	for b := range states {
		for j, l := range s.Arrival {
			if u := first(s.Pref[j], b); u >= 0 {
				q.Set(b, b|1<<u, q.At(b, b|1<<u)+l)
			}
		}
		down := 1.0
		if b == full {
			down = 1 - r
		}
		for u, m := range s.Service {
			if b&(1<<u) != 0 {
				q.Set(b, b&^(1<<u), q.At(b, b&^(1<<u))+m*down)
			}
		}
	}
	// π Q = 0: Aᵀ with row sums on the diagonal; the last equation is
	// replaced by the normalisation.
	a := mat.NewDense(states, states, nil)
	for from := range states {
		out := 0.0
		for to := range states {
			if to != from {
				v := q.At(from, to)
				out += v
				a.Set(to, from, v)
			}
		}
		a.Set(from, from, a.At(from, from)-out)
	}
	rhs := mat.NewVecDense(states, nil)
	for c := range states {
		a.Set(states-1, c, 1)
	}
	rhs.SetVec(states-1, 1)
	var x mat.VecDense
	if err := x.SolveVec(a, rhs); err != nil {
		return nil, fmt.Errorf("hypercube: balance equations: %w", err)
	}
	sol := &Solution{P: make([]float64, states), Workload: make([]float64, n), Dispatch: make([][]float64, len(s.Arrival))}
	for b := range states {
		sol.P[b] = math.Max(0, x.AtVec(b)) // round-off
	}
	for b, p := range sol.P {
		for u := range n {
			if b&(1<<u) != 0 {
				sol.Workload[u] += p
			}
		}
	}
	for j, l := range s.Arrival {
		row := make([]float64, n)
		for b, p := range sol.P {
			if u := first(s.Pref[j], b); u >= 0 {
				row[u] += l / lambda * p
			} else if s.Line == ZeroLine {
				sol.Lost += l / lambda * p
			}
		}
		if s.Line == InfiniteLine {
			// Calls arriving with every unit busy wait; the unit that
			// frees first (unit u with probability μ_u / M) serves them.
			for u, m := range s.Service {
				row[u] += l / lambda * sol.P[full] * m / mu
			}
		}
		sol.Dispatch[j] = row
	}
	if s.Line == InfiniteLine {
		sol.Queued = sol.P[full]
	}
	return sol, nil
}

// first returns the first unit of pref not busy in state b, or -1.
func first(pref []int, b int) int {
	for _, u := range pref {
		if b&(1<<u) == 0 {
			return u
		}
	}
	return -1
}

func (s *System) check() error {
	n := len(s.Service)
	switch {
	case n == 0:
		return errors.New("hypercube: no units")
	case n > MaxUnits:
		return fmt.Errorf("hypercube: %d units, at most %d are solved", n, MaxUnits)
	case len(s.Arrival) == 0:
		return errors.New("hypercube: no atoms")
	case len(s.Pref) != len(s.Arrival):
		return fmt.Errorf("hypercube: %d preference lists for %d atoms", len(s.Pref), len(s.Arrival))
	case s.Line != ZeroLine && s.Line != InfiniteLine:
		return fmt.Errorf("hypercube: unknown line capacity %v", s.Line)
	}
	total := 0.0
	for j, l := range s.Arrival {
		if !(l >= 0) || math.IsInf(l, 1) {
			return fmt.Errorf("hypercube: atom %d arrival rate %v, want finite and ≥ 0", j, l)
		}
		total += l
	}
	if !(total > 0) {
		return errors.New("hypercube: no calls (every arrival rate is 0)")
	}
	for u, m := range s.Service {
		if !(m > 0) || math.IsInf(m, 1) {
			return fmt.Errorf("hypercube: unit %d service rate %v, want finite and > 0", u, m)
		}
	}
	for j, pref := range s.Pref {
		seen := 0
		for _, u := range pref {
			if u < 0 || u >= n {
				return fmt.Errorf("hypercube: atom %d lists unit %d, want 0 to %d", j, u, n-1)
			}
			if seen&(1<<u) != 0 {
				return fmt.Errorf("hypercube: atom %d lists unit %d twice", j, u)
			}
			seen |= 1 << u
		}
		if s.Line == InfiniteLine && seen != 1<<n-1 {
			return fmt.Errorf("hypercube: atom %d lists %d of %d units; infinite line capacity needs every unit on every list", j, len(pref), n)
		}
	}
	return nil
}

// CrossShare returns the share of answered calls whose unit is not the
// atom's first preference (Larson's inter-response-area dispatches): with
// one atom per district and its own unit first, the share of cross-district
// dispatches.
func (sol *Solution) CrossShare(s System) float64 {
	cross, all := 0.0, 0.0
	for j, row := range sol.Dispatch {
		for u, f := range row {
			all += f
			if len(s.Pref[j]) > 0 && u != s.Pref[j][0] {
				cross += f
			}
		}
	}
	if all == 0 {
		return 0
	}
	return cross / all
}
