package cli

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep/discover"
)

func newDiscoverCmd(env Env) *cobra.Command {
	var (
		q           discover.Query
		method      string
		threshold   string
		seed        uint64
		testShare   float64
		minCoverage float64
	)
	c := &cobra.Command{
		Use:   "discover DIR --metric M [--arm A --vs B] [--method prim|cart] [--threshold '>V']",
		Short: "Scenario discovery on a sweep's results: the parameter region where a metric (or an arm's difference) passes a threshold",
		Long: `Find the region of the design's parameters where a metric passes a
threshold, from a sweep's results folder (its runs.csv): PRIM
(peeling and pasting, Friedman & Fisher 1999, as in EMA Workbench) or CART (a
classification tree of Gini splits).

The figure at each design point is the metric of --arm (default: the baseline
arm) averaged over the point's replications or, with --vs B, the paired
difference arm − B of each replication (the arms share their random streams),
averaged. A point is a case of interest when the figure passes --threshold
(default: above its median over the points).

A seeded share of the points (--test, default 0.3) is held out: the box is
chosen on them (the highest held-out density with held-out coverage at least
--min-coverage) and its held-out density and coverage are reported next to
the training ones. Each restricted parameter gets its quasi-p-value (a
binomial test, Bryant & Lempert 2010): above 0.05 the restriction may be
chance. The last line says whether the sample was large enough: whether the
box keeps its density and coverage on the held-out points.

A merged sharded sweep reads as a whole one. An unfinished sweep (or one
shard's folder) is read once 'agencysim report DIR' has written its
runs.csv: the runs missing are counted and the design points without any
are left out. DIR/discover.csv holds every box of the trajectory (PRIM) or every
leaf (CART) with its limits and statistics.`,
		Example: `  agencysim discover results/ --metric crimes.reporting_rate --threshold '<0.4'
  agencysim discover results/ --metric crimes.reported --arm never_honor --vs baseline --threshold '<0'
  agencysim discover results/ --metric detainers.honored --method cart`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if q.Metric == "" {
				return inputError{fmt.Errorf("--metric M is required: a key 'agencysim sweep --list-metrics' lists")}
			}
			if q.Vs != "" && !cmd.Flags().Changed("arm") {
				return inputError{fmt.Errorf("--vs %s needs --arm A: the difference is A − %s", safetext.Escape(q.Vs), safetext.Escape(q.Vs))}
			}
			m, err := discover.ParseMethod(method)
			if err != nil {
				return inputError{fmt.Errorf("--method: %w", err)}
			}
			var t discover.Threshold
			if cmd.Flags().Changed("threshold") {
				if t, err = discover.ParseThreshold(threshold); err != nil {
					return inputError{fmt.Errorf("--threshold: %w", err)}
				}
			}
			if !(testShare > 0 && testShare < 1) {
				return inputError{fmt.Errorf("--test %g: allowed: above 0 and below 1", testShare)}
			}
			if !(minCoverage > 0 && minCoverage <= 1) {
				return inputError{fmt.Errorf("--min-coverage %g: allowed: above 0 and at most 1", minCoverage)}
			}
			dir := args[0]
			s, err := discover.Load(dir, q)
			if err != nil {
				return err
			}
			d, t, err := s.Data(t)
			if err != nil {
				return err
			}
			r, err := discover.Find(d, discover.Options{Method: m, Seed: seed, TestShare: testShare, MinCoverage: minCoverage})
			if err != nil {
				return inputError{fmt.Errorf("discover: %s: %w", safetext.Escape(dir), err)}
			}
			if err := discover.Describe(env.Stdout, r, s.Params, s.Label(), t); err != nil {
				return err
			}
			if !cmd.Flags().Changed("threshold") {
				fmt.Fprintf(env.Stdout, "  threshold: the median of %s over the design points\n", safetext.Escape(s.Label()))
			}
			if m := s.Missing(); m != "" {
				fmt.Fprintf(env.Stdout, "  missing runs: %s\n", m)
			}
			if len(s.Skipped) > 0 {
				fmt.Fprintf(env.Stdout, "  parameters left out: %s\n", safetext.Escape(fmt.Sprint(s.Skipped)))
			}
			out := filepath.Join(dir, discover.FileName)
			if err := fsutil.WriteAtomic(out, func(w io.Writer) error { return discover.WriteCSV(w, r, s.Params) }); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "Boxes: %s\n", safetext.Escape(out))
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&q.Metric, "metric", "", "the metric to analyse (a key of 'agencysim sweep --list-metrics')")
	fl.StringVar(&q.Arm, "arm", "", "the arm (default: the baseline arm)")
	fl.StringVar(&q.Vs, "vs", "", "analyse the paired difference --arm − this arm")
	fl.StringVar(&method, "method", "prim", "prim or cart")
	fl.StringVar(&threshold, "threshold", "", "cases of interest: >V, >=V, <V or <=V (default: above the median)")
	fl.Uint64Var(&seed, "seed", 1, "seed of the held-out split")
	fl.Float64Var(&testShare, "test", 0.3, "share of the design points held out")
	fl.Float64Var(&minCoverage, "min-coverage", 0.5, "the chosen box's least coverage on the held-out points")
	return c
}
