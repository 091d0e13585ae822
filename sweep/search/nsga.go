package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// GeneKind is the kind of value a gene holds.
type GeneKind int

// The gene kinds.
const (
	Real         GeneKind = iota // a number on [Low, High]
	Integer                      // a whole number on [Low, High]
	Categorical                  // an index into Levels
	NumGeneKinds = 3
)

var geneKindNames = [NumGeneKinds]string{"real", "integer", "categorical"}

func (k GeneKind) String() string {
	if k < 0 || k >= NumGeneKinds {
		return fmt.Sprintf("GeneKind(%d)", int(k))
	}
	return geneKindNames[k]
}

// Gene is one decision variable.
type Gene struct {
	Name   string
	Kind   GeneKind
	Low    float64  // Real, Integer
	High   float64  // Real, Integer
	Levels []string // Categorical: the names of the levels; the gene holds an index
}

// size is the number of levels of a categorical gene.
func (g Gene) size() int { return len(g.Levels) }

// Problem is what NSGA-II optimises. A candidate is a []float64, one value
// per gene (a categorical gene holds the index of its level, an integer
// gene a whole number). Evaluate returns, for each candidate, the values
// of NumObjectives objectives, all to be minimised. It is called with
// whole batches (a population) so that it may run candidates in parallel;
// it must not keep or modify the slices it is given.
type Problem interface {
	Genes() []Gene
	NumObjectives() int
	Evaluate(xs [][]float64) ([][]float64, error)
}

// Options control [Optimize]. Zero fields take the defaults of Deb et al.
// (2002): crossover probability 0.9, mutation probability 1/(number of
// genes), distribution indices 20 for SBX and for polynomial mutation.
type Options struct {
	Population  int     // even, ≥ 4
	Generations int     // generations after the initial population (≥ 0)
	Seed        uint64  // the seed of every random draw of the search
	Crossover   float64 // probability that a pair is crossed; 0: 0.9
	Mutation    float64 // per-gene mutation probability; 0: 1/len(genes)
	EtaC        float64 // SBX distribution index; 0: 20
	EtaM        float64 // polynomial-mutation distribution index; 0: 20
	// Progress, if not nil, is called after the initial population (gen 0)
	// and after every generation, with the population ranked.
	Progress func(gen int, pop []Individual)
}

// Individual is a candidate with its objectives, its non-domination rank
// (0: the first front) and its crowding distance within its front.
type Individual struct {
	X        []float64
	F        []float64
	Rank     int
	Crowding float64
}

// Result is the outcome of a search.
type Result struct {
	Population  []Individual // the final population, ranked
	Front       []Individual // its first front, by the first objective
	Evaluations int          // candidates evaluated
}

// streams are the random sources of a search, one per purpose, so that a
// change in how often one purpose draws never shifts another's draws.
type streams struct {
	init, select_, cross, mutate *rand.Rand
}

// Stream constants: the second PCG word of each purpose's stream.
const (
	streamInit   = 0x6e736761_696e6974 // "nsgainit"
	streamSelect = 0x6e736761_73656c65 // "nsgasele"
	streamCross  = 0x6e736761_63726f73 // "nsgacros"
	streamMutate = 0x6e736761_6d757461 // "nsgamuta"
)

func newStreams(seed uint64) streams {
	return streams{
		init:    rand.New(rand.NewPCG(seed, streamInit)),
		select_: rand.New(rand.NewPCG(seed, streamSelect)),
		cross:   rand.New(rand.NewPCG(seed, streamCross)),
		mutate:  rand.New(rand.NewPCG(seed, streamMutate)),
	}
}

func (o Options) withDefaults(nGenes int) Options {
	if o.Crossover == 0 {
		o.Crossover = 0.9
	}
	if o.Mutation == 0 {
		o.Mutation = 1 / float64(nGenes)
	}
	if o.EtaC == 0 {
		o.EtaC = 20
	}
	if o.EtaM == 0 {
		o.EtaM = 20
	}
	return o
}

// CheckGenes returns an error naming the first malformed gene: a real or
// integer gene whose bounds are not finite with Low < High (an integer
// gene's bounds must be whole), a categorical gene with fewer than two
// levels.
func CheckGenes(genes []Gene) error {
	if len(genes) == 0 {
		return fmt.Errorf("search: no genes")
	}
	for i, g := range genes {
		switch g.Kind {
		case Real, Integer:
			if math.IsNaN(g.Low) || math.IsNaN(g.High) || math.IsInf(g.Low, 0) || math.IsInf(g.High, 0) || g.Low >= g.High {
				return fmt.Errorf("search: gene %d (%s): bounds [%g, %g]: allowed: finite, low < high", i, g.Name, g.Low, g.High)
			}
			if g.Kind == Integer && (g.Low != math.Trunc(g.Low) || g.High != math.Trunc(g.High)) {
				return fmt.Errorf("search: gene %d (%s): integer bounds [%g, %g]: allowed: whole numbers", i, g.Name, g.Low, g.High)
			}
		case Categorical:
			if g.size() < 2 {
				return fmt.Errorf("search: gene %d (%s): %d levels: allowed: at least 2", i, g.Name, g.size())
			}
		default:
			return fmt.Errorf("search: gene %d (%s): unknown kind %v", i, g.Name, g.Kind)
		}
	}
	return nil
}

// Optimize runs NSGA-II on p. It returns the error of an evaluation, or of
// malformed genes or options; misuse of the problem (objective vectors of
// the wrong length) panics.
func Optimize(p Problem, opt Options) (*Result, error) {
	genes := p.Genes()
	if err := CheckGenes(genes); err != nil {
		return nil, err
	}
	if opt.Population < 4 || opt.Population%2 != 0 {
		return nil, fmt.Errorf("search: population %d: allowed: an even number ≥ 4", opt.Population)
	}
	if opt.Generations < 0 {
		return nil, fmt.Errorf("search: generations %d: allowed: ≥ 0", opt.Generations)
	}
	nObj := p.NumObjectives()
	if nObj < 1 {
		return nil, fmt.Errorf("search: %d objectives: allowed: at least 1", nObj)
	}
	opt = opt.withDefaults(len(genes))
	rs := newStreams(opt.Seed)
	n := opt.Population
	res := &Result{}

	eval := func(xs [][]float64) ([]Individual, error) {
		fs, err := p.Evaluate(xs)
		if err != nil {
			return nil, err
		}
		if len(fs) != len(xs) {
			panic(fmt.Sprintf("search: Evaluate returned %d objective vectors for %d candidates", len(fs), len(xs)))
		}
		out := make([]Individual, len(xs))
		for i := range xs {
			if len(fs[i]) != nObj {
				panic(fmt.Sprintf("search: Evaluate returned %d objectives for candidate %d, want %d", len(fs[i]), i, nObj))
			}
			f := append([]float64(nil), fs[i]...)
			for j, v := range f {
				if math.IsNaN(v) {
					f[j] = math.Inf(1) // an undefined objective is the worst
				}
			}
			out[i] = Individual{X: xs[i], F: f}
		}
		res.Evaluations += len(xs)
		return out, nil
	}

	// The initial population: uniform on each gene's range.
	xs := make([][]float64, n)
	for i := range xs {
		x := make([]float64, len(genes))
		for j, g := range genes {
			switch g.Kind {
			case Real:
				x[j] = g.Low + rs.init.Float64()*(g.High-g.Low)
			case Integer:
				x[j] = g.Low + float64(rs.init.IntN(int(g.High-g.Low)+1))
			case Categorical:
				x[j] = float64(rs.init.IntN(g.size()))
			}
		}
		xs[i] = x
	}
	pop, err := eval(xs)
	if err != nil {
		return nil, err
	}
	pop = survive(pop, n)
	if opt.Progress != nil {
		opt.Progress(0, pop)
	}
	for gen := 1; gen <= opt.Generations; gen++ {
		kids := make([][]float64, 0, n)
		for len(kids) < n {
			a := tournament(pop, rs.select_)
			b := tournament(pop, rs.select_)
			c1, c2 := crossover(genes, pop[a].X, pop[b].X, opt, rs.cross)
			mutate(genes, c1, opt, rs.mutate)
			mutate(genes, c2, opt, rs.mutate)
			kids = append(kids, c1, c2)
		}
		off, err := eval(kids)
		if err != nil {
			return nil, err
		}
		pop = survive(append(pop, off...), n)
		if opt.Progress != nil {
			opt.Progress(gen, pop)
		}
	}
	res.Population = pop
	for _, ind := range pop {
		if ind.Rank == 0 {
			res.Front = append(res.Front, ind)
		}
	}
	sort.SliceStable(res.Front, func(i, j int) bool { return lexLess(res.Front[i].F, res.Front[j].F) })
	return res, nil
}

func lexLess(a, b []float64) bool {
	for k := range a {
		if a[k] != b[k] {
			return a[k] < b[k]
		}
	}
	return false
}

// survive ranks the union and keeps the best n: whole fronts in order, the
// last one that fits in part by decreasing crowding distance (ties by
// position, so the choice is deterministic).
func survive(all []Individual, n int) []Individual {
	fs := make([][]float64, len(all))
	for i := range all {
		fs[i] = all[i].F
	}
	fronts := NonDominatedSort(fs)
	out := make([]Individual, 0, n)
	for r, front := range fronts {
		fo := make([][]float64, len(front))
		for i, k := range front {
			fo[i] = fs[k]
		}
		cd := CrowdingDistance(fo)
		for i, k := range front {
			all[k].Rank = r
			all[k].Crowding = cd[i]
		}
		if len(out)+len(front) <= n {
			for _, k := range front {
				out = append(out, all[k])
			}
			if len(out) == n {
				break
			}
			continue
		}
		idx := append([]int(nil), front...)
		sort.SliceStable(idx, func(i, j int) bool { return all[idx[i]].Crowding > all[idx[j]].Crowding })
		for _, k := range idx[:n-len(out)] {
			out = append(out, all[k])
		}
		break
	}
	return out
}

// crowdedLess is the crowded-comparison operator ≺n of Deb et al. (2002):
// a lower rank wins; in the same front, a larger crowding distance.
func crowdedLess(a, b Individual) bool {
	if a.Rank != b.Rank {
		return a.Rank < b.Rank
	}
	return a.Crowding > b.Crowding
}

// tournament is a binary tournament on ≺n: two distinct members drawn
// uniformly; the first wins a tie.
func tournament(pop []Individual, r *rand.Rand) int {
	a := r.IntN(len(pop))
	b := r.IntN(len(pop) - 1)
	if b >= a {
		b++
	}
	if crowdedLess(pop[b], pop[a]) {
		return b
	}
	return a
}

// Dominates reports whether a Pareto-dominates b (minimisation): no worse
// in every objective and better in at least one.
func Dominates(a, b []float64) bool {
	better := false
	for k := range a {
		if a[k] > b[k] {
			return false
		}
		if a[k] < b[k] {
			better = true
		}
	}
	return better
}

// NonDominatedSort is the fast non-dominated sort of Deb et al. (2002):
// the indices of fs by front, the first front first, each front in index
// order. O(M N²).
func NonDominatedSort(fs [][]float64) [][]int {
	n := len(fs)
	dominated := make([][]int, n) // S_p: whom p dominates
	count := make([]int, n)       // n_p: how many dominate p
	var front []int
	for p := 0; p < n; p++ {
		for q := p + 1; q < n; q++ {
			switch {
			case Dominates(fs[p], fs[q]):
				dominated[p] = append(dominated[p], q)
				count[q]++
			case Dominates(fs[q], fs[p]):
				dominated[q] = append(dominated[q], p)
				count[p]++
			}
		}
	}
	for p := 0; p < n; p++ {
		if count[p] == 0 {
			front = append(front, p)
		}
	}
	var fronts [][]int
	for len(front) > 0 {
		fronts = append(fronts, front)
		var next []int
		for _, p := range front {
			for _, q := range dominated[p] {
				count[q]--
				if count[q] == 0 {
					next = append(next, q)
				}
			}
		}
		sort.Ints(next)
		front = next
	}
	return fronts
}

// CrowdingDistance is the crowding distance of each member of one front
// (Deb et al. 2002, §III-B): per objective, the members at the extremes get
// +Inf, the others the gap between their neighbours divided by the
// objective's range; the distances add over objectives. An objective with
// zero range adds nothing. Fronts of one or two members are all +Inf.
func CrowdingDistance(fs [][]float64) []float64 {
	n := len(fs)
	d := make([]float64, n)
	if n == 0 {
		return d
	}
	if n <= 2 {
		for i := range d {
			d[i] = math.Inf(1)
		}
		return d
	}
	idx := make([]int, n)
	for m := range fs[0] {
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return fs[idx[a]][m] < fs[idx[b]][m] })
		lo, hi := fs[idx[0]][m], fs[idx[n-1]][m]
		d[idx[0]], d[idx[n-1]] = math.Inf(1), math.Inf(1)
		span := hi - lo
		if span == 0 || math.IsInf(span, 0) || math.IsNaN(span) {
			continue
		}
		for i := 1; i < n-1; i++ {
			d[idx[i]] += (fs[idx[i+1]][m] - fs[idx[i-1]][m]) / span
		}
	}
	return d
}
