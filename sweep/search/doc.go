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
// Contracts: the search is deterministic — the same problem, options and
// seed give the same population, generation by generation, whatever the
// number of workers (random draws come from streams of the search's own,
// seeded from Options.Seed, one per purpose; no global random source; no
// map is ranged over). Misuse panics with the prefix "search: ".
package search
