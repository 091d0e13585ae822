package cli

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

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
metric's own units and sense). See docs/sweeps.md, "Policy search".`,
		Example: `  agencysim search search.yaml --out results/search`,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if out == "" {
				return inputError{fmt.Errorf("--out: allowed: a folder for pareto.csv")}
			}
			p, err := search.LoadSpec(args[0])
			if err != nil {
				return err
			}
			p.SetWorkers(workers)
			sp := p.Options().Spec
			fmt.Fprintf(env.Stderr, "search: %d genes, %d objectives, population %d, %d generations, %d replications per candidate\n",
				len(p.Genes()), p.NumObjectives(), sp.Population, sp.Generations, sp.Replications)
			res, err := search.Optimize(p, search.Options{Population: sp.Population, Generations: sp.Generations, Seed: uint64(sp.Seed)})
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			path := filepath.Join(out, "pareto.csv")
			n, err := writePareto(path, p, res)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%d Pareto-optimal candidates of %d evaluated (%d model runs): %s\n", n, res.Evaluations, p.Runs(), path)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "folder to write pareto.csv into")
	c.Flags().IntVar(&workers, "workers", 0, "runs at once (0: the number of CPUs); results do not depend on it")
	return c
}

// writePareto writes the first front's distinct candidates: a column per
// lever, then per objective its mean (in the metric's own sense).
func writePareto(path string, p *search.SimProblem, res *search.Result) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := csv.NewWriter(f)
	var head []string
	for _, g := range p.Genes() {
		head = append(head, g.Name)
	}
	for _, o := range p.Objectives() {
		head = append(head, o.Metric.Key)
	}
	_ = w.Write(head)
	var seen []string
	n := 0
	for _, ind := range res.Front {
		var row []string
		for i, g := range p.Genes() {
			row = append(row, fmt.Sprint(search.LeverValue(g, ind.X[i])))
		}
		k := fmt.Sprint(row)
		dup := false
		for _, s := range seen {
			dup = dup || s == k
		}
		if dup {
			continue
		}
		seen = append(seen, k)
		for j, o := range p.Objectives() {
			v := ind.F[j]
			if o.Maximise {
				v = -v
			}
			row = append(row, strconv.FormatFloat(v, 'g', 10, 64))
		}
		_ = w.Write(row)
		n++
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return 0, err
	}
	return n, f.Close()
}
