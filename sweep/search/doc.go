// Package search is multi-objective policy search: NSGA-II (Deb, Pratap,
// Agarwal and Meyarivan 2002, "A fast and elitist multiobjective genetic
// algorithm: NSGA-II", IEEE Trans. Evol. Comput. 6(2):182-197) over the
// levers a jurisdiction controls, and the hypervolume indicator that
// measures a front.
//
// The optimiser ([Optimize]) works on any [Problem]: a list of [Gene]s
// (real, integer or categorical) and a batch evaluation that returns, per
// candidate, objective values to be minimised. It implements the parts of
// the 2002 paper: the fast non-dominated sort ([NonDominatedSort]), the
// crowding distance ([CrowdingDistance]), binary tournament selection on
// the crowded-comparison operator, simulated binary crossover (SBX, Deb and
// Agrawal 1995) and polynomial mutation for real and integer genes, and for
// categorical genes a uniform crossover and a mutation to another level
// drawn uniformly. Elitism is the (μ+λ) survival of the paper.
//
// [Hypervolume] is exact in any number of objectives (two: a sweep; more:
// slicing by the last objective, "HSO", While et al. 2006), which is fast
// enough for the 2 and 3 objectives of policy questions.
//
// [SimProblem] is the policy problem: genes are scenario keys (their
// levels read from the scenario schema: an enum's names, a boolean's
// false/true, a number's bounds), objectives are catalogue metrics with a
// direction, and every candidate is run for the same replications with the
// same seed, so candidates are compared under common random numbers.
//
// A [SimProblem] with a folder ([SimProblem.Journal]) is resumable (see
// journal.go) and can be dealt out to a cluster a generation at a time
// (shard.go). Generation G is the G-th call of Evaluate (0: the initial
// population); its new candidates are those not in the journal, in the
// order the search proposes them, and candidate j is shard j mod N's. A
// shard ([SimProblem.SetShard]) replays the search from the journal, runs
// its share of the first generation with new candidates into
// DIR/shards/gen-G/I-of-N.csv (the journal's format, with I-of-N.json
// naming the search as search.json does; re-run, it skips what the file
// holds and drops a line cut short) and stops with a *[StopError]; it
// never writes the journal, so shards may run at once on one folder. A
// merge ([SimProblem.SetMerge]) replays, takes that generation from its
// shard files — all of it, or an input error naming the shard files that
// lack some — appends it to the journal in the generation's order and
// goes on, stopping (a *StopError) at the next generation with new
// candidates; a search with neither takes what the shard files hold and
// runs the rest. The journal, and so the front, is byte for byte that of
// one machine whatever the shards and the order they finish in. The unit
// dealt out is the candidate, not the (candidate, replication) run: a
// shard file then holds exactly what the journal holds (objective means),
// the merge copies lines and computes nothing, and a shard's share is at
// most one candidate (Replications runs) more than another's — with N no
// more than a fraction of the population, that is a small imbalance next
// to the spread of run times between candidates. A shard of one (Count ≤
// 1) is the whole search, as for sweeps. A shard run after its generation
// was merged runs its share of the next generation (work that generation's
// shard then finds done), or nothing once the search is complete: a shard
// does not know which generation it was submitted for, only which is next.
//
// Contracts: the search is deterministic — the same problem, options and
// seed give the same population, generation by generation, whatever the
// number of workers (random draws come from streams of the search's own,
// seeded from Options.Seed, one per purpose; no global random source; no
// map is ranged over). Misuse panics with the prefix "search: ".
package search
