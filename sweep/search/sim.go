package search

import (
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep/runner"
)

// SimOptions are the settings of a [SimProblem].
type SimOptions struct {
	Replications int     // replications per candidate (≥ 1)
	Seed         int64   // the runs' seed: it replaces the scenario's
	Days         float64 // simulated days per run; 0: the scenario's
	Workers      int     // runs at once; 0: GOMAXPROCS. Results do not depend on it.
	Spec         Spec    // the search file, when the problem came from one
	Source       string  // where the scenario's settings come from, for messages
}

// SimProblem is the policy search problem: each candidate sets the genes'
// scenario keys on the base scenario and runs Replications replications —
// replication r of every candidate with the same seed and replication
// index, so that candidates differ only by their levers (common random
// numbers). An objective is the mean of its metric over the replications,
// negated when it is maximised (the optimiser minimises). A candidate
// evaluated before is not run again.
type SimProblem struct {
	genes    []Gene
	objs     []Objective
	opt      SimOptions
	variants *scenarios.Variants
	text     []byte          // the scenario's text (Identity)
	ctx      context.Context // stops the runs when done; nil: never

	dir   string       // the search's folder, once Journal is called
	shard runner.Shard // run one shard of a generation (shard.go)
	merge bool         // merge a generation's shards (shard.go)
	gen   int          // Evaluate calls so far: the generation of the next (0: the initial population)
	// merged is the generation merged in this session (-1: none) and its
	// candidates (merge mode).
	merged, mergedN int

	mu      sync.Mutex
	journal *os.File             // evaluations.csv, when the search has a folder (journal.go)
	cache   map[string][]float64 // candidate's parameters → objective means (looked up, never ranged over)
	runs    int
}

// NewSimProblem makes the problem on the scenario text (named name in
// messages). It returns the scenario's load error.
func NewSimProblem(name string, text []byte, genes []Gene, objs []Objective, opt SimOptions) (*SimProblem, error) {
	if err := CheckGenes(genes); err != nil {
		return nil, err
	}
	if len(objs) == 0 {
		return nil, fmt.Errorf("search: no objectives")
	}
	if opt.Replications < 1 {
		return nil, fmt.Errorf("search: replications %d: allowed: at least 1", opt.Replications)
	}
	where := opt.Source
	if where == "" {
		where = "search"
	}
	common := []scenarios.Param{{Path: "seed", Value: opt.Seed, Where: where + " (search seed)"}}
	if opt.Days > 0 {
		common = append(common, scenarios.Param{Path: "days", Value: opt.Days, Where: where + " (search days)"})
	}
	v := scenarios.NewVariants(name, text, common)
	if _, err := v.Base(); err != nil {
		return nil, err
	}
	return &SimProblem{genes: genes, objs: objs, opt: opt, variants: v, text: text, cache: map[string][]float64{}, merged: -1}, nil
}

// Genes returns the levers.
func (p *SimProblem) Genes() []Gene { return p.genes }

// NumObjectives returns the number of objectives.
func (p *SimProblem) NumObjectives() int { return len(p.objs) }

// Objectives returns the resolved objectives.
func (p *SimProblem) Objectives() []Objective { return p.objs }

// Options returns the problem's settings.
func (p *SimProblem) Options() SimOptions { return p.opt }

// Runs returns the number of model runs made so far.
func (p *SimProblem) Runs() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.runs
}

// LeverValue is the scenario value of gene g at x: a level's name (a
// boolean as a bool), a whole number, or a number.
func LeverValue(g Gene, x float64) any {
	switch g.Kind {
	case Categorical:
		l := g.Levels[int(x)]
		if b, err := strconv.ParseBool(l); err == nil && (l == "true" || l == "false") {
			return b
		}
		return l
	case Integer:
		return int(x)
	}
	return x
}

// Params returns the scenario overrides of candidate x.
func (p *SimProblem) Params(x []float64) []scenarios.Param {
	ps := make([]scenarios.Param, len(p.genes))
	for i, g := range p.genes {
		ps[i] = scenarios.Param{Path: g.Name, Value: LeverValue(g, x[i]), Where: "search candidate"}
	}
	return ps
}

func key(ps []scenarios.Param) string {
	var b strings.Builder
	for _, x := range ps {
		fmt.Fprintf(&b, "%s=%v;", x.Path, x.Value)
	}
	return b.String()
}

// Means returns the objective means of candidate x in the metrics' own
// sense (not negated), running it if it has not been run.
func (p *SimProblem) Means(x []float64) ([]float64, error) {
	fs, err := p.Evaluate([][]float64{x})
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(p.objs))
	for j, o := range p.objs {
		out[j] = fs[0][j]
		if o.Maximise {
			out[j] = -out[j]
		}
	}
	return out, nil
}

// cand is a candidate to evaluate: its key (the journal's) and scenario.
type cand struct {
	key  string
	scen *scenarios.Loaded
}

// Evaluate runs the candidates not run before, replications in parallel,
// and returns their objectives to be minimised. A journaled search (see
// [SimProblem.Journal]) takes the candidates of the generation's shard
// files first (shard.go); a shard runs its share of them and stops.
func (p *SimProblem) Evaluate(xs [][]float64) ([][]float64, error) {
	if p.ctx != nil && p.ctx.Err() != nil {
		return nil, p.ctx.Err()
	}
	gen := p.gen
	p.gen++
	keys := make([]string, len(xs))
	var todo []*cand
	byKey := map[string]bool{}
	p.mu.Lock()
	for i, x := range xs {
		ps := p.Params(x)
		k := key(ps)
		keys[i] = k
		if _, ok := p.cache[k]; ok || byKey[k] {
			continue
		}
		l, err := p.variants.Load(ps)
		if err != nil {
			p.mu.Unlock()
			return nil, fmt.Errorf("search: candidate %s: %w", k, err)
		}
		byKey[k] = true
		todo = append(todo, &cand{key: k, scen: l})
	}
	p.mu.Unlock()

	got := map[string][]float64{} // from the generation's shard files (looked up, never ranged over)
	if len(todo) > 0 && p.dir != "" {
		if p.shard.Count > 1 {
			return nil, p.runShard(gen, todo)
		}
		if err := p.readShards(gen, todo, got); err != nil {
			return nil, err
		}
	}
	var run []*cand
	for _, c := range todo {
		if _, ok := got[c.key]; !ok {
			run = append(run, c)
		}
	}
	ranKeys, ranFs, failed := p.runAll(run)
	p.mu.Lock()
	defer p.mu.Unlock()
	// The candidates whose every replication ran are kept (and journaled,
	// in the generation's order) even when others failed or were stopped.
	for i, k := range ranKeys {
		got[k] = ranFs[i]
	}
	var jk []string
	var jf [][]float64
	for _, c := range todo {
		if f, ok := got[c.key]; ok {
			p.cache[c.key] = f
			jk, jf = append(jk, c.key), append(jf, f)
		}
	}
	if err := record(p.journal, jk, jf); err != nil {
		return nil, err
	}
	if failed != nil {
		return nil, failed
	}
	out := make([][]float64, len(xs))
	for i, k := range keys {
		out[i] = append([]float64(nil), p.cache[k]...)
	}
	return out, nil
}

// runAll runs the candidates' replications, in parallel, and returns the
// keys and objectives (to be minimised) of those whose every replication
// ran, in order, and the first error of the others.
func (p *SimProblem) runAll(todo []*cand) ([]string, [][]float64, error) {
	// One job per candidate and replication; each writes its own slot.
	reps := p.opt.Replications
	vals := make([][]float64, len(todo)*reps)
	errs := make([]error, len(todo)*reps)
	workers := p.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if p.ctx != nil && p.ctx.Err() != nil {
					errs[j] = p.ctx.Err()
					continue
				}
				c, r := todo[j/reps], j%reps
				vals[j], errs[j] = p.run(c.scen, r)
			}
		}()
	}
	for j := range vals {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	var keys []string
	var fs [][]float64
	var failed error
	for ci, c := range todo {
		var cerr error
		for r := 0; r < reps && cerr == nil; r++ {
			cerr = errs[ci*reps+r]
		}
		if cerr != nil {
			if failed == nil {
				failed = cerr
			}
			continue
		}
		f := make([]float64, len(p.objs))
		for k, o := range p.objs {
			s, n := 0.0, 0
			for r := 0; r < reps; r++ {
				if v := vals[ci*reps+r][k]; !math.IsNaN(v) {
					s += v
					n++
				}
			}
			f[k] = math.NaN() // undefined in every replication: the optimiser counts it worst
			if n > 0 {
				f[k] = s / float64(n)
			}
			if o.Maximise {
				f[k] = -f[k]
			}
		}
		keys, fs = append(keys, c.key), append(fs, f)
	}
	p.mu.Lock()
	p.runs += reps * len(keys)
	p.mu.Unlock()
	return keys, fs, failed
}

// run runs replication r of a scenario and returns the objectives' values.
func (p *SimProblem) run(l *scenarios.Loaded, r int) ([]float64, error) {
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(uint64(r)))
	if err != nil {
		return nil, err
	}
	sum := m.Run()
	if err := m.Err(); err != nil {
		return nil, err
	}
	out := make([]float64, len(p.objs))
	for k, o := range p.objs {
		out[k] = sum.Value(o.Metric.ID)
	}
	return out, nil
}

// SetContext makes the problem stop running the model once ctx is done:
// Evaluate then returns ctx's error, having kept (and journaled) the
// candidates whose replications had all finished.
func (p *SimProblem) SetContext(ctx context.Context) { p.ctx = ctx }

// SetWorkers sets the number of runs at once (0: GOMAXPROCS); results do
// not depend on it.
func (p *SimProblem) SetWorkers(n int) { p.opt.Workers = n }
