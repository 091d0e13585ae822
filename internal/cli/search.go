package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/agencysim/agencysim/sweep/search"
)

func newSearchCmd(env Env) *cobra.Command {
	var out, shard string
	var merge bool
	var workers int
	c := &cobra.Command{
		Use:   "search SPEC.yaml --out DIR",
		Short: "Search the levers for the Pareto front of policy objectives (NSGA-II)",
		Long: `search runs NSGA-II (Deb et al. 2002) over the levers a search file names
(scenario keys: enums, booleans, numbers) for the objectives it names
(run-record metrics, maximised or minimised). Every candidate runs the same
replications with the same seed (common random numbers); an objective is
the mean over them. It writes DIR/pareto.csv: the final first front, one
row per distinct candidate, its lever values and objective means (in the
metric's own units and sense); DIR/generations.csv: the hypervolume of the
front by generation, with a verdict on whether it has flattened.

Every candidate evaluated is kept in DIR/evaluations.csv as it finishes: an
interrupted search run again with the same file and --out continues where
it stopped and ends with the same pareto.csv, byte for byte; with more
generations it goes on from the last.

On a cluster, each generation is one array job and a merge: --shard i/N
runs candidates i, i+N, ... of the first generation with new candidates
(into DIR/shards/gen-G/i-of-N.csv; resumable) and stops; --merge joins
that generation's shard files into DIR/evaluations.csv and stops at the
next generation, or, at the end, writes pareto.csv and generations.csv,
the same bytes as one machine. Without either flag, a search takes what
the shard files hold and runs the rest. --workers runs a machine's
candidates in parallel. See docs/sweeps.md, "Policy search".`,
		Example: `  agencysim search search.yaml --out results/search
  agencysim search scenarios/searches/search-example.yaml --out results/search-example
  agencysim search search.yaml --out results/search --shard 3/8   # one shard of the current generation
  agencysim search search.yaml --out results/search --merge       # when all 8 are done`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if out == "" {
				return inputError{fmt.Errorf("--out: allowed: a folder for pareto.csv")}
			}
			var s runner.Shard
			if shard != "" {
				var err error
				if s, err = runner.ParseShard(shard); err != nil {
					return err
				}
			}
			if merge && shard != "" {
				return inputError{errors.New("--merge and --shard: give one (--shard runs a shard of a generation, --merge joins the shards)")}
			}
			p, err := search.LoadSpec(args[0])
			if err != nil {
				return err
			}
			p.SetWorkers(workers)
			p.SetContext(env.Ctx)
			if s.Count > 1 {
				p.SetShard(s)
			}
			if merge {
				p.SetMerge()
			}
			resumed, err := p.Journal(out)
			if err != nil {
				return err
			}
			defer p.Close()
			sp := p.Options().Spec
			fmt.Fprintf(env.Stderr, "search: %d genes, %d objectives, population %d, %d generations, %d replications per candidate\n",
				len(p.Genes()), p.NumObjectives(), sp.Population, sp.Generations, sp.Replications)
			if resumed > 0 {
				fmt.Fprintf(env.Stderr, "resumed: %d candidates already evaluated in %s\n", resumed, safetext.Escape(filepath.Join(out, search.JournalFile)))
			}
			var hist search.History
			res, err := search.Optimize(p, search.Options{Population: sp.Population, Generations: sp.Generations, Seed: uint64(sp.Seed),
				Progress: hist.Add})
			if searchStopped(env, args[0], out, p, err) {
				return nil
			}
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return interruptedError{fmt.Sprintf("interrupted after generation %d of %d (%d model runs in this session); run the same command again to resume", len(hist.Fronts)-1, sp.Generations, p.Runs())}
			}
			if err != nil {
				return err
			}
			path := filepath.Join(out, search.ParetoFile)
			var n int
			if err := fsutil.WriteAtomic(path, func(w io.Writer) error { n, err = search.WritePareto(w, p, res); return err }); err != nil {
				return err
			}
			if err := fsutil.WriteAtomic(filepath.Join(out, search.GenerationsFile), hist.WriteGenerations); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%d Pareto-optimal candidates of %d evaluated (%d model runs in this session): %s\n", n, res.Evaluations, p.Runs(), safetext.Escape(path))
			_, verdict := search.Verdict(hist.Hypervolumes())
			fmt.Fprintf(env.Stdout, "%s (%s).\n", verdict, safetext.Escape(filepath.Join(out, search.GenerationsFile)))
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "folder to write pareto.csv into (and to resume from)")
	c.Flags().StringVar(&shard, "shard", "", "run only shard i of N of the current generation's new candidates: i/N, 0 ≤ i < N (N = 1: the whole search)")
	c.Flags().BoolVar(&merge, "merge", false, "join the current generation's shards, then stop at the next (or write the results)")
	c.Flags().IntVar(&workers, "workers", 0, "runs at once (0: the number of CPUs); results do not depend on it")
	return c
}

// searchStopped reports a sharded search's stop: a shard done, a merge
// at a generation still to run, a shard with nothing left to run. done:
// the command is over, with exit status 0.
func searchStopped(env Env, spec, out string, p *search.SimProblem, err error) bool {
	cmd := fmt.Sprintf("agencysim search %s --out %s", safetext.Escape(spec), safetext.Escape(out))
	if g, n := p.Merged(); g >= 0 {
		fmt.Fprintf(env.Stdout, "generation %d merged: %d candidates from its shards into %s\n", g, n, safetext.Escape(filepath.Join(out, search.JournalFile)))
	}
	var stop *search.StopError
	switch {
	case errors.As(err, &stop) && stop.Shard.Count > 1:
		if stop.Held > 0 {
			fmt.Fprintf(env.Stderr, "resumed: %d of the shard's %d candidates already in %s\n", stop.Held, stop.Candidates, safetext.Escape(stop.File))
		}
		fmt.Fprintf(env.Stdout, "generation %d shard %s done (%d candidates, %d runs); when every shard of generation %d is done: %s --merge\n",
			stop.Generation, stop.Shard, stop.Candidates, stop.Runs, stop.Generation, cmd)
		return true
	case errors.As(err, &stop):
		fmt.Fprintf(env.Stdout, "generation %d is ready: run its shards (%s --shard I/N), then --merge\n", stop.Generation, cmd)
		return true
	case err == nil && p.Sharded():
		fmt.Fprintf(env.Stdout, "the search is complete (every generation is merged): nothing to run; %s --merge writes %s and %s\n", cmd, search.ParetoFile, search.GenerationsFile)
		return true
	}
	return false
}
