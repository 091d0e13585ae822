package sweep

import (
	"fmt"
	"math/rand/v2"

	"github.com/agencysim/agencysim/sim"
)

// lhs is a Latin hypercube of vary.points points over [low, high] ranges:
// each parameter's range cut into as many strata as points, one point in
// each, strata matched at random (from the sweep's seed).
type lhs struct{ params }

var _ = register(lhs{})

func (lhs) Name() string { return "lhs" }
func (lhs) Doc() string  { return "Latin hypercube of 'points' points over [low, high] ranges" }

func (lhs) Points(in *Input) ([]string, []Point) {
	keys, lo, hi, integer := in.Ranges()
	if in.Failed() {
		return nil, nil
	}
	n := in.Vary.Points
	if n > MaxDesignPoints {
		in.Fail("vary.points", n, "is too many points", fmt.Sprintf("at most %d", MaxDesignPoints))
		return nil, nil
	}
	rng := rand.New(rand.NewPCG(uint64(in.Seed), sim.SplitMix64(0x6c6873)))
	cols := make([][]float64, len(keys))
	for j := range keys {
		perm := rng.Perm(n)
		cols[j] = make([]float64, n)
		for i := range n {
			u := (float64(perm[i]) + rng.Float64()) / float64(n)
			cols[j][i] = lo[j] + u*(hi[j]-lo[j])
		}
	}
	pts := make([]Point, 0, n)
	for i := range n {
		vs := make([]any, len(keys))
		for j := range keys {
			vs[j] = numberValue(cols[j][i], integer[j])
		}
		pts = append(pts, Point{Index: i, Values: vs})
	}
	return keys, pts
}
