package discover

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Box is a hyper-rectangle over the inputs: point x is inside iff
// Low[u] ≤ x[u] ≤ High[u] for every input u. A limit equal to the one of
// the initial box (the range of the data) is no restriction.
type Box struct {
	Low, High []float64
}

// clone returns a copy of b.
func (b Box) clone() Box {
	return Box{Low: append([]float64(nil), b.Low...), High: append([]float64(nil), b.High...)}
}

// contains reports whether x is in b.
func (b Box) contains(x []float64) bool {
	for u, v := range x {
		if v < b.Low[u] || v > b.High[u] {
			return false
		}
	}
	return true
}

// Stats are a box's statistics on one data set (Bryant & Lempert 2010):
// of N points, NBox are in the box; of K cases of interest, KBox are.
type Stats struct {
	N, NBox, K, KBox int
}

// Coverage is the share of the cases of interest that are in the box.
func (s Stats) Coverage() float64 { return ratio(s.KBox, s.K) }

// Density is the share of the box's points that are cases of interest.
func (s Stats) Density() float64 { return ratio(s.KBox, s.NBox) }

// Mass is the share of the points in the box.
func (s Stats) Mass() float64 { return ratio(s.NBox, s.N) }

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Data are the points of a discovery: X[j] the inputs of point j, Y[j]
// whether it is a case of interest.
type Data struct {
	X [][]float64
	Y []bool
}

// Len is the number of points.
func (d Data) Len() int { return len(d.Y) }

// stats computes b's statistics on d.
func (d Data) stats(b Box) Stats {
	var s Stats
	s.N = len(d.Y)
	for j, x := range d.X {
		in := b.contains(x)
		if d.Y[j] {
			s.K++
		}
		if in {
			s.NBox++
			if d.Y[j] {
				s.KBox++
			}
		}
	}
	return s
}

// bounds returns the smallest box holding every point of d: the initial
// box.
func (d Data) bounds(dims int) Box {
	b := Box{Low: make([]float64, dims), High: make([]float64, dims)}
	for u := range dims {
		b.Low[u], b.High[u] = math.Inf(1), math.Inf(-1)
	}
	for _, x := range d.X {
		for u, v := range x {
			b.Low[u] = math.Min(b.Low[u], v)
			b.High[u] = math.Max(b.High[u], v)
		}
	}
	return b
}

// restricted lists the inputs b restricts, compared with the initial box.
func restricted(b, initial Box) []int {
	var out []int
	for u := range b.Low {
		if b.Low[u] > initial.Low[u] || b.High[u] < initial.High[u] {
			out = append(out, u)
		}
	}
	return out
}

// quasiP returns, per input, the quasi-p-value of b's restriction on it
// (Bryant & Lempert 2010; as in EMA Workbench's prim): with the
// restriction on u dropped, the share p of cases of interest in the
// relaxed box; the quasi-p-value is P(Binomial(NBox, p) ≥ KBox), the
// chance that a box of the same size drawn from the relaxed box holds as
// many cases. It is NaN for an input b does not restrict. A small value
// says the restriction matters; a large one (above 0.05) that it may be
// chance.
func quasiP(d Data, b, initial Box) []float64 {
	out := make([]float64, len(b.Low))
	for u := range out {
		out[u] = math.NaN()
	}
	in := d.stats(b)
	for _, u := range restricted(b, initial) {
		r := b.clone()
		r.Low[u], r.High[u] = initial.Low[u], initial.High[u]
		rs := d.stats(r)
		p := rs.Density()
		switch {
		case in.NBox == 0 || math.IsNaN(p):
			continue
		case in.KBox == 0:
			out[u] = 1
		default:
			// P(X ≥ k) for X ~ Binomial(n, p) is I_p(k, n−k+1).
			out[u] = mathext.RegIncBeta(float64(in.KBox), float64(in.NBox-in.KBox+1), p)
		}
	}
	return out
}
