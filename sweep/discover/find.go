package discover

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Method is a scenario-discovery algorithm.
type Method int

const (
	MethodPrim Method = iota // peeling and pasting (Friedman & Fisher 1999)
	MethodCart               // a classification tree (Breiman et al. 1984)
	methodCount
)

var methodNames = [methodCount]string{"prim", "cart"}

func (m Method) String() string {
	if m < 0 || m >= methodCount {
		return fmt.Sprintf("Method(%d)", int(m))
	}
	return methodNames[m]
}

// ParseMethod returns the method of a name, or an error listing the
// allowed names.
func ParseMethod(s string) (Method, error) {
	for m := range methodCount {
		if methodNames[m] == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("method %q: allowed: prim, cart", s)
}

// Options are the settings of [Find]; the zero value means the defaults.
type Options struct {
	Method      Method
	Prim        PrimOptions
	Cart        CartOptions
	TestShare   float64 // share of the points held out to choose and check the box; default 0.3
	MinCoverage float64 // the chosen box's least coverage on the held-out points; default 0.5
	Seed        uint64  // the held-out split's seed
}

func (o Options) withDefaults() Options {
	if o.TestShare == 0 {
		o.TestShare = 0.3
	}
	if o.MinCoverage == 0 {
		o.MinCoverage = 0.5
	}
	return o
}

// MinPoints is the fewest points a discovery accepts: with fewer, the
// held-out share is too small to say anything.
const MinPoints = 20

// Candidate is one box of a method's output (a step of PRIM's trajectory,
// a leaf of CART's tree), with its statistics on the training and the
// held-out points and its quasi-p-values (training points; NaN for an
// input it does not restrict).
type Candidate struct {
	Step
	Test       Stats
	QuasiP     []float64
	Restricted []int
}

// Result is the outcome of a discovery.
type Result struct {
	Method     Method
	Initial    Box // the range of the training points
	Candidates []Candidate
	Chosen     int // index into Candidates
	// ChosenByCoverage is false when no candidate reached MinCoverage on
	// the held-out points, and the box of highest held-out coverage among
	// those denser than the held-out base rate was chosen instead.
	ChosenByCoverage bool
	Train, Test      Data
	Options          Options
}

// Box returns the chosen candidate.
func (r *Result) Box() Candidate { return r.Candidates[r.Chosen] }

// Find splits d at random (seeded) into training and held-out points,
// runs the method on the training points and chooses a box by the stated
// rule: the highest density on the held-out points among the boxes whose
// held-out coverage is at least MinCoverage (ties: fewer restricted
// inputs, then the earlier box).
func Find(d Data, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	if !(opt.TestShare > 0 && opt.TestShare < 1) {
		return nil, fmt.Errorf("held-out share %g: allowed: above 0 and below 1", opt.TestShare)
	}
	if !(opt.MinCoverage > 0 && opt.MinCoverage <= 1) {
		return nil, fmt.Errorf("minimum coverage %g: allowed: above 0 and at most 1", opt.MinCoverage)
	}
	if d.Len() < MinPoints {
		return nil, fmt.Errorf("%d points: discovery needs at least %d", d.Len(), MinPoints)
	}
	train, test := split(d, opt.TestShare, opt.Seed)
	r := &Result{Method: opt.Method, Train: train, Test: test, Options: opt}
	var steps []Step
	switch opt.Method {
	case MethodPrim:
		r.Initial, steps = Prim(train, opt.Prim)
	case MethodCart:
		r.Initial, steps = Cart(train, opt.Cart)
	default:
		return nil, fmt.Errorf("method %v: allowed: prim, cart", opt.Method)
	}
	for _, s := range steps {
		r.Candidates = append(r.Candidates, Candidate{
			Step:       s,
			Test:       test.stats(s.Box),
			QuasiP:     quasiP(train, s.Box, r.Initial),
			Restricted: restricted(s.Box, r.Initial),
		})
	}
	r.Chosen, r.ChosenByCoverage = choose(r.Candidates, opt.MinCoverage, test)
	return r, nil
}

// choose applies the selection rule of [Find].
func choose(cs []Candidate, minCov float64, test Data) (int, bool) {
	best := -1
	better := func(i int) bool {
		if best < 0 {
			return true
		}
		a, b := cs[i].Test.Density(), cs[best].Test.Density()
		if a != b {
			return a > b
		}
		return len(cs[i].Restricted) < len(cs[best].Restricted)
	}
	for i, c := range cs {
		if c.Test.Coverage() >= minCov && !math.IsNaN(c.Test.Density()) && better(i) {
			best = i
		}
	}
	if best >= 0 {
		return best, true
	}
	base := test.stats(Box{Low: fill(math.Inf(-1), len(cs[0].Box.Low)), High: fill(math.Inf(1), len(cs[0].Box.Low))}).Density()
	best = 0
	cov := -1.0
	for i, c := range cs {
		if c.Test.Density() > base && c.Test.Coverage() > cov {
			best, cov = i, c.Test.Coverage()
		}
	}
	return best, false
}

func fill(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// split returns a seeded random split of d: the held-out share of the
// points (rounded, at least one) and the others, each in d's order.
func split(d Data, share float64, seed uint64) (train, test Data) {
	n := d.Len()
	perm := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)).Perm(n)
	nt := max(1, int(math.Round(share*float64(n))))
	held := perm[:nt]
	slices.Sort(held)
	isTest := make([]bool, n)
	for _, j := range held {
		isTest[j] = true
	}
	for j := range n {
		t := &train
		if isTest[j] {
			t = &test
		}
		t.X = append(t.X, d.X[j])
		t.Y = append(t.Y, d.Y[j])
	}
	return train, test
}
