package search

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestHypervolumeHandCases(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		pts  [][]float64
		ref  []float64
		want float64
	}{
		// Rectangles 3·1 + 2·1 + 1·1.
		{"staircase 2D", [][]float64{{1, 3}, {2, 2}, {3, 1}}, []float64{4, 4}, 6},
		// A dominated point, a duplicate and a point beyond the reference add nothing.
		{"dominated, duplicate, outside 2D", [][]float64{{3, 3}, {1, 3}, {2, 2}, {2, 2}, {3, 1}, {5, 0}, {0, 4}}, []float64{4, 4}, 6},
		{"one point 2D", [][]float64{{0.5, 0.25}}, []float64{1, 1}, 0.375},
		{"empty", nil, []float64{1, 1}, 0},
		{"one point 3D", [][]float64{{1, 1, 1}}, []float64{2, 2, 2}, 1},
		// 2·2·1 + 1·1·2 − their overlap [1,2]³ = 4 + 2 − 1.
		{"two boxes 3D", [][]float64{{0, 0, 1}, {1, 1, 0}}, []float64{2, 2, 2}, 5},
		// Inclusion-exclusion: 3·4 − 3·2 + 1.
		{"three unit corners 3D", [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, []float64{2, 2, 2}, 7},
		{"one objective", [][]float64{{3}, {1}, {2}}, []float64{5}, 4},
	}
	for _, c := range cases {
		got, err := Hypervolume(c.pts, c.ref)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: hypervolume %g, want %g", c.name, got, c.want)
		}
	}
}

// inclusionExclusion is the volume of the union of the boxes [p, ref] by
// inclusion-exclusion over every subset: slow, independent of HSO.
func inclusionExclusion(pts [][]float64, ref []float64) float64 {
	total := 0.0
	for mask := 1; mask < 1<<len(pts); mask++ {
		vol, bits := 1.0, 0
		for k := range ref {
			lo := math.Inf(-1)
			for i, p := range pts {
				if mask&(1<<i) != 0 {
					lo = math.Max(lo, p[k])
				}
			}
			vol *= math.Max(0, ref[k]-lo)
		}
		for i := range pts {
			if mask&(1<<i) != 0 {
				bits++
			}
		}
		if bits%2 == 1 {
			total += vol
		} else {
			total -= vol
		}
	}
	return total
}

func TestHypervolumeMatchesInclusionExclusion(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 40; trial++ {
		d := 2 + trial%3 // 2, 3 and 4 objectives
		n := 1 + r.IntN(8)
		pts := make([][]float64, n)
		for i := range pts {
			pts[i] = make([]float64, d)
			for k := range pts[i] {
				pts[i][k] = math.Round(r.Float64()*10) / 10 // ties happen
			}
		}
		ref := make([]float64, d)
		for k := range ref {
			ref[k] = 1
		}
		got, err := Hypervolume(pts, ref)
		if err != nil {
			t.Fatal(err)
		}
		if want := inclusionExclusion(pts, ref); math.Abs(got-want) > 1e-12 {
			t.Fatalf("%d points in %d objectives %v: hypervolume %g, inclusion-exclusion %g", n, d, pts, got, want)
		}
	}
}

func TestHypervolumeRejectsBadInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pts  [][]float64
		ref  []float64
		want string
	}{
		{[][]float64{{1, 2, 3}}, []float64{4, 4}, "point 0 has 3 objectives"},
		{[][]float64{{math.NaN(), 1}}, []float64{4, 4}, "NaN"},
		{nil, []float64{math.Inf(1), 1}, "finite"},
		{nil, nil, "empty reference"},
	} {
		if _, err := Hypervolume(c.pts, c.ref); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Hypervolume(%v, %v): error %v, want one containing %q", c.pts, c.ref, err, c.want)
		}
	}
}

func TestNonDominatedSortHandCase(t *testing.T) {
	t.Parallel()
	fs := [][]float64{
		{1, 4}, // 0: front 0
		{2, 2}, // 1: front 0
		{4, 1}, // 2: front 0
		{3, 3}, // 3: dominated by 1 only
		{5, 5}, // 4: dominated by 3 too
		{2, 2}, // 5: equal to 1, which does not dominate it
	}
	want := [][]int{{0, 1, 2, 5}, {3}, {4}}
	if got := NonDominatedSort(fs); !reflect.DeepEqual(got, want) {
		t.Errorf("fronts %v, want %v", got, want)
	}
	if !Dominates([]float64{1, 2}, []float64{1, 3}) || Dominates([]float64{1, 2}, []float64{1, 2}) || Dominates([]float64{0, 3}, []float64{1, 2}) {
		t.Error("Dominates is wrong on (1,2)≺(1,3), (1,2)⊀(1,2), (0,3)⊀(1,2)")
	}
}

func TestCrowdingDistanceHandCase(t *testing.T) {
	t.Parallel()
	// Ranges 4 and 4. Point 1: (3−0)/4 in f1 + (4−1)/4 in f2 = 1.5;
	// point 2: (4−1)/4 + (2−0)/4 = 1.25; the extremes are infinite.
	fs := [][]float64{{0, 4}, {1, 2}, {3, 1}, {4, 0}}
	got := CrowdingDistance(fs)
	want := []float64{math.Inf(1), 1.5, 1.25, math.Inf(1)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("crowding %v, want %v", got, want)
	}
	// A constant objective adds nothing; two members are both extremes.
	if got := CrowdingDistance([][]float64{{0, 7}, {1, 7}, {3, 7}}); got[1] != 1 {
		t.Errorf("crowding with a constant objective %v: want (3−0)/3 = 1 in the middle", got)
	}
	if got := CrowdingDistance([][]float64{{0, 1}, {1, 0}}); !math.IsInf(got[0], 1) || !math.IsInf(got[1], 1) {
		t.Errorf("crowding of two %v: want both +Inf", got)
	}
}

// mixed has a real, an integer and a categorical gene. Both objectives pay
// the level's penalty and the integer's distance from 3, so the front is
// level 1 ("b"), k = 3 and f = (x, 1 − x).
type mixed struct{ seen func(x []float64) }

var mixedPenalty = []float64{0.5, 0, 0.3}

func (mixed) Genes() []Gene {
	return []Gene{
		{Name: "x", Kind: Real, Low: 0, High: 1},
		{Name: "k", Kind: Integer, Low: 0, High: 5},
		{Name: "c", Kind: Categorical, Levels: []string{"a", "b", "c"}},
	}
}
func (mixed) NumObjectives() int { return 2 }
func (m mixed) Evaluate(xs [][]float64) ([][]float64, error) {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		if m.seen != nil {
			m.seen(x)
		}
		p := mixedPenalty[int(x[2])] + math.Abs(x[1]-3)
		out[i] = []float64{x[0] + p, 1 - x[0] + p}
	}
	return out, nil
}

func TestMixedGenesStayValidAndFindTheBestLevels(t *testing.T) {
	t.Parallel()
	var bad []float64
	check := func(x []float64) {
		if x[0] < 0 || x[0] > 1 || x[1] != math.Trunc(x[1]) || x[1] < 0 || x[1] > 5 || x[2] != math.Trunc(x[2]) || x[2] < 0 || x[2] > 2 {
			bad = x
		}
	}
	r, err := Optimize(mixed{seen: check}, Options{Population: 40, Generations: 40, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if bad != nil {
		t.Fatalf("a candidate out of its genes' domains: %v", bad)
	}
	for _, ind := range r.Front {
		if ind.X[1] != 3 || ind.X[2] != 1 {
			t.Fatalf("front member %v: want k = 3 and level 1", ind.X)
		}
	}
	if len(r.Front) < 20 {
		t.Errorf("front of %d: want most of the 40 on the linear front", len(r.Front))
	}
}

func TestCategoricalMutationChangesLevel(t *testing.T) {
	t.Parallel()
	genes := []Gene{{Kind: Categorical, Levels: []string{"a", "b", "c", "d"}}}
	r := rand.New(rand.NewPCG(1, 2))
	var counts [4]int
	for i := 0; i < 4000; i++ {
		x := []float64{2}
		mutate(genes, x, Options{Mutation: 1}, r)
		counts[int(x[0])]++
	}
	if counts[2] != 0 {
		t.Errorf("mutation kept the level %d times: want never", counts[2])
	}
	for _, k := range []int{0, 1, 3} {
		if counts[k] < 1200 || counts[k] > 1470 {
			t.Errorf("level %d drawn %d times of 4000: want about a third", k, counts[k])
		}
	}
}

func TestSearchIsDeterministic(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) *Result {
		r, err := Optimize(mixed{}, Options{Population: 20, Generations: 10, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b, c := run(7), run(7), run(8)
	if !reflect.DeepEqual(a, b) {
		t.Error("two searches with seed 7 differ")
	}
	if reflect.DeepEqual(a.Population, c.Population) {
		t.Error("seeds 7 and 8 give the same population")
	}
}

func TestOptimizeRejectsBadSettings(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		p    Problem
		opt  Options
		want string
	}{
		{mixed{}, Options{Population: 5}, "population 5"},
		{mixed{}, Options{Population: 2}, "population 2"},
		{mixed{}, Options{Population: 4, Generations: -1}, "generations -1"},
		{badGenes{{Name: "x", Kind: Real, Low: 1, High: 1}}, Options{Population: 4}, "gene 0 (x)"},
		{badGenes{{Name: "k", Kind: Integer, Low: 0.5, High: 2}}, Options{Population: 4}, "whole numbers"},
		{badGenes{{Name: "c", Kind: Categorical, Levels: []string{"only"}}}, Options{Population: 4}, "at least 2"},
	} {
		if _, err := Optimize(c.p, c.opt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one containing %q", c.opt, err, c.want)
		}
	}
}

type badGenes []Gene

func (g badGenes) Genes() []Gene                              { return g }
func (badGenes) NumObjectives() int                           { return 1 }
func (badGenes) Evaluate(xs [][]float64) ([][]float64, error) { return make([][]float64, len(xs)), nil }

func BenchmarkNSGA2ZDT1(b *testing.B) {
	for b.Loop() {
		if _, err := Optimize(zdt1(30), Options{Population: 100, Generations: 50, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
