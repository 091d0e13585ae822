package search

import (
	"math"
	"testing"
)

// zdt is a ZDT test problem (Zitzler, Deb and Thiele 2000) in n variables
// on [0, 1]: f1 = x1, g = 1 + 9·Σ_{i≥2} x_i/(n−1), f2 = g·h(f1, g).
type zdt struct {
	n int
	h func(f1, g float64) float64
}

func zdt1(n int) zdt { return zdt{n, func(f, g float64) float64 { return 1 - math.Sqrt(f/g) }} }
func zdt2(n int) zdt { return zdt{n, func(f, g float64) float64 { return 1 - (f/g)*(f/g) }} }

func (z zdt) Genes() []Gene {
	gs := make([]Gene, z.n)
	for i := range gs {
		gs[i] = Gene{Name: "x", Kind: Real, Low: 0, High: 1}
	}
	return gs
}
func (z zdt) NumObjectives() int { return 2 }
func (z zdt) Evaluate(xs [][]float64) ([][]float64, error) {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		s := 0.0
		for _, v := range x[1:] {
			s += v
		}
		g := 1 + 9*s/float64(z.n-1)
		out[i] = []float64{x[0], g * z.h(x[0], g)}
	}
	return out, nil
}

// The true fronts' hypervolumes with respect to (1.1, 1.1). The front is
// g = 1, f1 ∈ [0, 1]; the region it dominates in the box [0, 1.1]² is the
// box less the area under the front on [0, 1] (the point (1, 0) dominates
// the strip f1 ∈ [1, 1.1] whole):
//
//	ZDT1: 1.1·1.1 − ∫₀¹ (1 − √f) df = 1.21 − 1/3 = 263/300 ≈ 0.876667
//	ZDT2: 1.1·1.1 − ∫₀¹ (1 − f²) df = 1.21 − 2/3 = 163/300 ≈ 0.543333
const (
	trueHVZDT1 = 1.21 - 1.0/3
	trueHVZDT2 = 1.21 - 2.0/3
)

func frontHV(t *testing.T, r *Result) float64 {
	t.Helper()
	var fs [][]float64
	for _, ind := range r.Front {
		fs = append(fs, ind.F)
	}
	hv, err := Hypervolume(fs, []float64{1.1, 1.1})
	if err != nil {
		t.Fatal(err)
	}
	return hv
}

// NSGA-II with the paper's settings (population 100, crossover 0.9, SBX
// and mutation indices 20, mutation 1/30) on 30-variable ZDT1 for 250
// generations reaches within 1.5% of the true front's hypervolume (seeds
// 1-3 reach 0.8690, 0.8689, 0.8693: 0.84-0.89% short; the best any 100
// points can do is itself a little short of the continuous front's).
func TestNSGA2ZDT1ReachesTrueHypervolume(t *testing.T) {
	t.Parallel()
	r, err := Optimize(zdt1(30), Options{Population: 100, Generations: 250, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	hv := frontHV(t, r)
	t.Logf("ZDT1 hypervolume %.5f, true %.5f (%.2f%% short), front %d, evaluations %d", hv, trueHVZDT1, 100*(trueHVZDT1-hv)/trueHVZDT1, len(r.Front), r.Evaluations)
	if hv > trueHVZDT1 || hv < trueHVZDT1*(1-0.015) {
		t.Errorf("ZDT1 hypervolume %.5f: want within 1.5%% below the true %.5f", hv, trueHVZDT1)
	}
	if r.Evaluations != 100*251 {
		t.Errorf("evaluations %d, want %d", r.Evaluations, 100*251)
	}
	// Every front member is near the true front: g close to 1.
	for _, ind := range r.Front {
		if f2 := 1 - math.Sqrt(ind.F[0]); ind.F[1] > f2+0.05 {
			t.Errorf("front point %v is far from the true front (f2 %.4f there)", ind.F, f2)
			break
		}
	}
}

// On ZDT2 (a concave front) the same settings reach within 2% (seeds 1-3:
// 0.5358, 0.5360, 0.5356: 1.34-1.42% short).
func TestNSGA2ZDT2ReachesTrueHypervolume(t *testing.T) {
	t.Parallel()
	r, err := Optimize(zdt2(30), Options{Population: 100, Generations: 250, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	hv := frontHV(t, r)
	t.Logf("ZDT2 hypervolume %.5f, true %.5f (%.2f%% short)", hv, trueHVZDT2, 100*(trueHVZDT2-hv)/trueHVZDT2)
	if hv > trueHVZDT2 || hv < trueHVZDT2*(1-0.02) {
		t.Errorf("ZDT2 hypervolume %.5f: want within 2%% below the true %.5f", hv, trueHVZDT2)
	}
}

// Without selection pressure the search gets nowhere near: the test would
// catch a survival step that does not keep the best.
func TestNSGA2ImprovesOnItsStart(t *testing.T) {
	t.Parallel()
	r0, err := Optimize(zdt1(30), Options{Population: 100, Generations: 0, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Optimize(zdt1(30), Options{Population: 100, Generations: 60, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if h0, h := frontHV(t, r0), frontHV(t, r); h <= h0+0.5 {
		t.Errorf("60 generations: hypervolume %.4f from %.4f at the start: want a gain above 0.5", h, h0)
	}
}
