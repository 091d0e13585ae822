package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/report"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/agencysim/agencysim/sweep/stats"
)

type interruptedError struct{ msg string }

func (e interruptedError) Error() string { return e.msg }

func newSweepCmd(env Env) *cobra.Command {
	var (
		out, shard  string
		workers     int
		quiet       bool
		sets        []string
		listMetrics bool
	)
	c := &cobra.Command{
		Use:   "sweep SWEEP.yaml --out DIR",
		Short: "Run a policy sweep: arms × design points × replications, in parallel, resumable",
		Long: `Run every arm of a sweep file (and every point of its design) for the given
number of replications on all cores, writing each finished run to DIR/runs as
it completes. Replication r of every arm uses the same random streams, so
arms are compared pair by pair.

When all runs are done, DIR holds runs.csv and runs.parquet (one row per run),
series.parquet and series.csv.gz (time series, long format), summary.csv (mean,
sd, 95% CI per arm and point), comparisons.csv (paired differences from the
baseline arm), failures.csv, manifest.json, plots/ and report.html
(docs/analysis.md reads them in pandas, R and DuckDB).

Interrupted (Ctrl-C, SIGTERM, even kill -9)? Run the same command again: it
skips the finished runs, and the outputs equal those of an uninterrupted
sweep. --shard i/N runs a deterministic 1/N of the runs (for a cluster); join
the shard folders with 'agencysim merge'.`,
		Example: `  agencysim sweep sweep.yaml --out results/
  agencysim sweep sweep.yaml --out results/shard-3 --shard 3/8
  agencysim sweep --list-metrics`,
		Args: func(cmd *cobra.Command, args []string) error {
			if listMetrics {
				if len(args) > 0 {
					return inputError{fmt.Errorf("--list-metrics takes no sweep file (see 'agencysim sweep --help')")}
				}
				return nil
			}
			if len(args) != 1 {
				return inputError{fmt.Errorf("sweep needs one sweep file (see 'agencysim sweep --help')")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if listMetrics {
				for _, k := range sweep.MetricKeys() {
					fmt.Fprintln(env.Stdout, k)
				}
				return nil
			}
			if out == "" {
				return inputError{errors.New("--out DIR is required: the folder the results go to")}
			}
			if err := checkWorkers(workers); err != nil {
				return err
			}
			lo := sweep.LoadOptions{Set: sets}
			if !quiet {
				lo.Progress = env.Stderr
			}
			plan, err := sweep.LoadWith(args[0], lo)
			if err != nil {
				return err
			}
			opt := runner.Options{Out: out, Workers: workers}
			if shard != "" {
				if opt.Shard, err = runner.ParseShard(shard); err != nil {
					return err
				}
			}
			// A whole sweep's outputs are written as its runs finish.
			var agg *report.Aggregator
			if opt.Shard.Count <= 1 {
				agg = report.New()
				opt.Sink = agg
			}
			if !quiet {
				opt.Progress = env.Stderr
				if f, ok := env.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
					opt.Terminal = true
				}
			}
			nw := workers
			if nw <= 0 {
				nw = runtime.GOMAXPROCS(0)
			}
			if !quiet {
				fmt.Fprintf(env.Stderr, "sweep %q: %d arms × %d design points × %d replications, seed %d, %d workers, shard %s → %s\n",
					plan.Sweep.Name, len(plan.Arms), len(plan.Points), plan.Sweep.Replications, plan.Sweep.Seed, nw, opt.Shard, safetext.Escape(out))
			}
			res, err := runner.Execute(env.Ctx, plan, opt)
			if err != nil {
				return err
			}
			if !quiet && res.Skipped > 0 {
				fmt.Fprintf(env.Stderr, "resumed: %d of %d runs were already finished\n", res.Skipped, res.Planned)
			}
			if res.Interrupted {
				return interruptedError{fmt.Sprintf("interrupted: %d of %d runs finished (%d in this session); run the same command again to resume", res.Skipped+res.Done, res.Planned, res.Done)}
			}
			if opt.Shard.Count > 1 {
				fmt.Fprintf(env.Stdout, "shard %s: %d runs finished, %d failed, in %s\n", opt.Shard, res.Skipped+res.Done, res.Failed, res.Elapsed.Round(1e7))
				fmt.Fprintf(env.Stdout, "when every shard is done: agencysim merge --out RESULTS %s ...\n", safetext.Escape(out))
				if res.Failed > 0 {
					return fmt.Errorf("%d of %d runs failed (see %s)", res.Failed, res.Planned, filepath.Join(out, "failures"))
				}
				return nil
			}
			return finishSweep(env, out, agg.Results(), res)
		},
	}
	fl := c.Flags()
	fl.StringVar(&out, "out", "", "results folder (created if needed; reused to resume)")
	fl.IntVar(&workers, "workers", 0, workersHelp)
	fl.StringVar(&shard, "shard", "", "run only shard i of N: i/N, 0 ≤ i < N")
	fl.BoolVar(&quiet, "quiet", false, "no progress output")
	fl.StringArrayVar(&sets, "set", nil, "override a sweep-file key: path=value (repeatable)")
	fl.BoolVar(&listMetrics, "list-metrics", false, "list the metric keys a sweep can report, and exit")
	return c
}

// finishSweep prints the headline comparison and where the report is, and
// says what is not in the results: failed, missing and damaged runs, an
// until_ci target that was missed, a folder still being written.
func finishSweep(env Env, out string, results *report.Results, res *runner.Result) error {
	dir := safetext.Escape(out)
	fmt.Fprintln(env.Stdout)
	if err := report.WriteHeadline(env.Stdout, results); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nReport: %s\n", safetext.Escape(filepath.Join(out, "report.html")))
	tables := "runs.csv, runs.parquet, series.csv.gz, series.parquet, summary.csv, comparisons.csv"
	if len(results.Sensitivity) > 0 {
		tables += ", sensitivity.csv"
		writeTopSensitivity(env.Stdout, results)
	}
	fmt.Fprintf(env.Stdout, "Tables: %s (%s)\n", dir, tables)
	if res != nil {
		fmt.Fprintf(env.Stdout, "%d runs (%d finished earlier) in %s\n", res.Planned, res.Skipped, res.Elapsed.Round(1e7))
		if n := len(res.Damaged); n > 0 {
			var ids []string
			for _, d := range res.Damaged[:min(n, 3)] {
				ids = append(ids, safetext.Escape(d.ID))
			}
			if n > 3 {
				ids = append(ids, "…")
			}
			fmt.Fprintf(env.Stderr, "%d damaged record%s (%s) moved to %s and done again\n", n, plural(n), strings.Join(ids, ", "), safetext.Escape(filepath.Join(out, "runs", "damaged")))
		}
	}
	if w := results.Writer; w != nil {
		who := "another process"
		if w.PID != 0 {
			who = w.String()
		}
		fmt.Fprintf(env.Stderr, "%s is still being written by %s: these are the results of the runs finished so far\n", dir, who)
	}
	for _, d := range results.Damaged {
		where := "left in place"
		if d.MovedTo != "" {
			where = "moved to " + safetext.Escape(d.MovedTo)
		}
		fmt.Fprintf(env.Stderr, "damaged record %s (%s): not in the results, %s; run the sweep again to redo it\n", safetext.Escape(d.Path), safetext.Escape(d.Problem), where)
	}
	if len(results.CIMissed) > 0 {
		// Every run finished: not a failure, but not what was asked.
		fmt.Fprintln(env.Stderr, untilCIMessage(results))
	}
	var problems []string
	if results.Failed > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d runs failed; the others are in the results (see %s)", results.Failed, results.Expected, safetext.Escape(filepath.Join(out, "failures.csv"))))
	}
	if missing := results.Expected - results.Present - results.Failed; missing > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d runs are missing", missing, results.Expected))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// untilCIMessage says which arms and points missed the until_ci target.
func untilCIMessage(r *report.Results) string {
	list := report.CIMissText(r.Plan, r.CIMissed)
	more := ""
	if len(list) > 5 {
		more = fmt.Sprintf("; and %d more (see report.html or manifest.json)", len(list)-5)
		list = list[:5]
	}
	return fmt.Sprintf("until_ci target missed: the 95%% interval of %s is still wider than ±%g at max_replications (%d) for %d arm and point%s: %s%s",
		r.Plan.Sweep.UntilCI.Metric, r.Plan.Sweep.UntilCI.HalfWidth, r.Plan.Sweep.UntilCI.MaxReplications, len(r.CIMissed), plural(len(r.CIMissed)), strings.Join(list, "; "), more)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func newReportCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "report DIR",
		Short: "Rebuild the tables, plots and report.html of a sweep results folder from its runs",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			results, err := report.Aggregate(args[0])
			if err != nil {
				return err
			}
			if !results.Complete() {
				fmt.Fprintf(env.Stderr, "partial results: %d of %d runs finished\n", results.Present, results.Expected)
			}
			return finishSweep(env, args[0], results, nil)
		},
	}
}

func newMergeCmd(env Env) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "merge --out DIR SHARD_DIR...",
		Short: "Join the results folders of a sharded sweep into what a single-machine sweep writes",
		Long: `Join the results folders of the shards of one sweep (each run with
--shard i/N) into DIR, and write the tables, plots and report exactly as a
single-machine sweep would. A folder that holds shard folders (results/shards)
stands for all of them. Runs missing from every shard are reported.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if out == "" {
				return inputError{errors.New("--out DIR is required")}
			}
			dirs, err := runner.ShardDirs(args)
			if err != nil {
				return err
			}
			results, err := report.Merge(out, dirs)
			if err != nil {
				return err
			}
			return finishSweep(env, out, results, nil)
		},
	}
	c.Flags().StringVar(&out, "out", "", "folder to write the merged results to")
	return c
}

// MaxWorkers is the largest --workers accepted, the sweep runner's own
// limit: runs are CPU-bound, so more workers than cores gain nothing, and
// each worker holds one city in memory (about 20 MB for the bundled
// baseline, more for a large city).
const MaxWorkers = runner.MaxWorkers

var workersHelp = fmt.Sprintf("parallel runs: 0 for one per core, else 1 to %d", MaxWorkers)

// checkWorkers validates a --workers value.
func checkWorkers(n int) error {
	if n < 0 || n > MaxWorkers {
		return inputError{fmt.Errorf("--workers %d: allowed: 0 (one per core) or 1 to %d", n, MaxWorkers)}
	}
	return nil
}

// writeTopSensitivity prints, for each metric of a screening design, the
// three parameters that move it most in the first arm.
func writeTopSensitivity(w io.Writer, r *report.Results) {
	arm := r.Sensitivity[0].Arm
	what := "μ* per full range of each parameter"
	if r.Sensitivity[0].Sobol != nil {
		what = "S_T, the total Sobol' index: the share of the metric's variance due to the parameter"
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, report.Wrap(fmt.Sprintf("Most influential parameters (%s screening, arm %s; %s):", r.Sensitivity[0].Design, safetext.Escape(arm), what), report.HeadlineWidth, ""))
	fmt.Fprintln(w, "The table above shows design point 0, one point of the design, not the defaults.")
	var metrics []string
	top := map[string][]stats.Sensitivity{}
	for _, s := range r.Sensitivity {
		if s.Arm != arm || s.Rank > 3 {
			continue
		}
		if _, ok := top[s.Metric]; !ok {
			metrics = append(metrics, s.Metric)
		}
		top[s.Metric] = append(top[s.Metric], s)
	}
	for _, m := range metrics {
		rows := top[m]
		sort.Slice(rows, func(i, j int) bool { return rows[i].Rank < rows[j].Rank })
		var parts []string
		for _, s := range rows {
			if s.MuStar > 0 && len(parts) < 3 {
				parts = append(parts, fmt.Sprintf("%s %.3g", safetext.Escape(s.Param), s.MuStar))
			}
		}
		if len(parts) == 0 {
			parts = append(parts, "no parameter moves it")
		}
		// The label, then the parameters on lines of their own: the output
		// fits the headline's width.
		fmt.Fprintf(w, "  %s:\n", report.MetricLabel(m))
		fmt.Fprint(w, report.Wrap(strings.Join(parts, ", "), report.HeadlineWidth, "      "))
	}
}
