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
	"github.com/agencysim/agencysim/sweep/search"
)

func newSearchCmd(env Env) *cobra.Command {
	var out string
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
generations it goes on from the last. A search is one generation after
another, so it does not shard: --workers runs a generation's candidates in
parallel. See docs/sweeps.md, "Policy search".`,
		Example: `  agencysim search search.yaml --out results/search
  agencysim search scenarios/sweeps/search-example.yaml --out results/search-example`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if out == "" {
				return inputError{fmt.Errorf("--out: allowed: a folder for pareto.csv")}
			}
			p, err := search.LoadSpec(args[0])
			if err != nil {
				return err
			}
			p.SetWorkers(workers)
			p.SetContext(env.Ctx)
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
	c.Flags().IntVar(&workers, "workers", 0, "runs at once (0: the number of CPUs); results do not depend on it")
	return c
}
