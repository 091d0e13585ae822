package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/crash"
	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/internal/version"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/report"
	"github.com/agencysim/agencysim/sweep/runner"
)

type runFlags struct {
	from, runID string
	seed        int64
	days        float64
	replication uint64
	out         string
	format      string
	sets        []string
}

func newRunCmd(env Env) *cobra.Command {
	var f runFlags
	c := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Simulate one scenario (the bundled baseline by default) and print its outcome",
		Long: `Simulate one replication of a scenario and print a summary of its
outcome. SCENARIO is a YAML file or the name of a bundled scenario
('agencysim scenarios' lists them); the default is "baseline".

Keys can be overridden with --set path=value (repeatable) or with
environment variables AGENCYSIM_<PATH>, "__" separating path segments:
AGENCYSIM_POLICIES__DETAINERS=never. --set wins over the environment,
which wins over the file.

The same scenario, seed and replication give the same output bytes.`,
		Example: `  agencysim run
  agencysim run my-city.yaml --seed 7 --format json
  agencysim run baseline --set policies.detainers=never --out results/never`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch f.format {
			case "table", "json", "csv":
			default:
				return inputError{fmt.Errorf("--format %q: allowed: table, json, csv", f.format)}
			}
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			sets := append([]string(nil), f.sets...)
			if cmd.Flags().Changed("seed") {
				sets = append(sets, "seed="+strconv.FormatInt(f.seed, 10))
			}
			if cmd.Flags().Changed("days") {
				sets = append(sets, "days="+strconv.FormatFloat(f.days, 'g', -1, 64))
			}
			var l *scenarios.Loaded
			var err error
			rep := f.replication
			if f.from != "" || f.runID != "" {
				if f.from == "" || f.runID == "" || path != "" || len(sets) > 0 {
					return inputError{fmt.Errorf("--from DIR and --run ID go together, without a scenario file, --set, --seed or --days")}
				}
				l, rep, err = fromSweep(f.from, f.runID)
			} else {
				l, err = scenarios.Load(path, scenarios.LoadOptions{Set: sets, Env: env.Environ})
			}
			if err != nil {
				return err
			}
			sum, series, err := RunOne(cmd.Context(), l, rep)
			if err != nil {
				return err
			}
			if f.out != "" {
				if err := writeRunFiles(f.out, l, sum, series); err != nil {
					return err
				}
			}
			switch f.format {
			case "json":
				return writeJSON(env.Stdout, sum)
			case "csv":
				return writeSummaryCSV(env.Stdout, sum)
			}
			var table strings.Builder
			if err := sum.WriteTable(&table); err != nil {
				return err
			}
			if _, err := io.WriteString(env.Stdout, escapeLines(table.String())); err != nil {
				return err
			}
			if f.out != "" {
				fmt.Fprintf(env.Stdout, "\nWrote %s and %s\n", safetext.Escape(filepath.Join(f.out, "summary.json")), safetext.Escape(filepath.Join(f.out, "series.csv")))
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.Int64Var(&f.seed, "seed", 0, "random seed (default: the scenario's seed)")
	fl.Float64Var(&f.days, "days", 0, "simulated days (default: the scenario's days)")
	fl.Uint64Var(&f.replication, "replication", 0, "replication number: selects independent random streams for the same seed")
	fl.StringVar(&f.out, "out", "", "directory to write summary.json and series.csv (time series) into")
	fl.StringVar(&f.format, "format", "table", "output format: table, json or csv")
	fl.StringArrayVar(&f.sets, "set", nil, "override a scenario key: path=value (repeatable)")
	fl.StringVar(&f.from, "from", "", "a sweep results folder: reproduce one of its runs (with --run)")
	fl.StringVar(&f.runID, "run", "", "the run ID to reproduce, as in runs.csv (e.g. baseline.p0000.r00003)")
	return c
}

// fromSweep returns the exact scenario and replication of a sweep's run.
func fromSweep(dir, id string) (*scenarios.Loaded, uint64, error) {
	plan, err := runner.LoadPlan(dir)
	if err != nil {
		return nil, 0, err
	}
	spec, err := sweep.ParseRunID(id)
	if err != nil {
		return nil, 0, err
	}
	l, err := plan.Scenario(spec)
	if err != nil {
		return nil, 0, err
	}
	return l, uint64(spec.Replication), nil
}

// RunOne simulates replication rep of a loaded scenario and returns its
// summary, stamped with the scenario's name and hash and the code version,
// and its time series. It stops with an interruptedError when ctx is
// cancelled, and returns a panic of the model as a *crash.Error.
func RunOne(ctx context.Context, l *scenarios.Loaded, rep uint64) (sum *agents.Summary, series []agents.Point, err error) {
	defer func() {
		if r := recover(); r != nil {
			sum, series, err = nil, nil, crash.FromPanic(r)
		}
	}()
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(rep))
	if err != nil {
		return nil, nil, err
	}
	// Advance a month at a time so that a signal is noticed quickly.
	for !m.Done() {
		if ctx.Err() != nil {
			return nil, nil, interruptedError{fmt.Sprintf("interrupted on day %.0f of %.0f: nothing was written", m.Now()/24, m.Horizon()/24)}
		}
		if runHook != nil {
			runHook(m)
		}
		m.RunUntil(m.Now() + 30*24)
	}
	if err := m.Err(); err != nil {
		return nil, nil, err // a defect of the model: a failed run, exit 1
	}
	sum = m.Summary()
	sum.Run.Scenario = l.Scenario.Name
	sum.Run.ScenarioHash = l.Hash
	sum.Run.Version = version.String()
	return sum, m.Series(), nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeSummaryCSV writes the summary as key,value rows by the convention of
// every CSV the toolkit writes: numbers through report.CSVNumber (NaN and
// ±Inf are missing, NA), text values (the scenario's name) through
// report.CSVText, which defuses spreadsheet formulas.
func writeSummaryCSV(w io.Writer, s *agents.Summary) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"key", "value"})
	for _, kv := range s.Flatten() {
		val := report.CSVText(kv.Text)
		if kv.Text == "" && !sweep.IsTextKey(kv.Key) {
			val = report.CSVNumber(kv.Value)
		}
		cw.Write([]string{report.CSVText(kv.Key), val})
	}
	cw.Flush()
	return cw.Error()
}

// writeSeriesCSV writes the time series in long format with provenance
// columns, one row per (day, metric, group).
func writeSeriesCSV(w io.Writer, s *agents.Summary, series []agents.Point) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scenario", "scenario_hash", "seed", "replication", "version", "day", "metric", "group", "value"})
	r := s.Run
	seed := strconv.FormatUint(r.Seed, 10)
	rep := strconv.FormatUint(r.Replication, 10)
	for _, p := range series {
		cw.Write([]string{report.CSVText(r.Scenario), report.CSVText(r.ScenarioHash), seed, rep, report.CSVText(r.Version), report.CSVNumber(p.Day), report.CSVText(p.Metric), report.CSVText(p.Group), report.CSVNumber(p.Value)})
	}
	cw.Flush()
	return cw.Error()
}

func writeRunFiles(dir string, l *scenarios.Loaded, s *agents.Summary, series []agents.Point) error {
	if err := os.MkdirAll(dir, 0o777); err != nil { // less the umask, as fsutil's files
		return err
	}
	if err := fsutil.WriteAtomic(filepath.Join(dir, "summary.json"), func(w io.Writer) error { return writeJSON(w, s) }); err != nil {
		return err
	}
	return fsutil.WriteAtomic(filepath.Join(dir, "series.csv"), func(w io.Writer) error { return writeSeriesCSV(w, s, series) })
}

// runHook, when set (by tests only), is called by RunOne before each month
// of simulated time.
var runHook func(*agents.Model)
