package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/calibration"
	"github.com/agencysim/agencysim/internal/safetext"
)

// MaxCheckReplications is the largest --replications of check-model: each
// replication simulates every arm, and its values are kept until the end.
const MaxCheckReplications = 10000

func newCheckModelCmd(env Env) *cobra.Command {
	var (
		opt    calibration.Options
		format string
	)
	c := &cobra.Command{
		Use:   "check-model [scenario]",
		Short: "Check the model against published stylized facts: target, source, simulated value with 95% CI, pass/fail",
		Long: `check-model simulates the scenario (the bundled baseline by default) and,
with the same random numbers, the scenario with one policy changed at a
time; it computes each stylized fact of the research brief from the
simulated events and prints the published target, its source and evidence
grade, the simulated mean with its 95% confidence interval, and whether
the mean lies in the target range. It exits with status 1 if any fact
fails. See docs/model.md, "Calibration".`,
		Example: `  agencysim check-model
  agencysim check-model --replications 100 --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return inputError{fmt.Errorf("--format %q: allowed: table, json", format)}
			}
			if opt.Replications < 2 {
				return inputError{fmt.Errorf("--replications %d: allowed: 2 or more (a confidence interval needs two)", opt.Replications)}
			}
			if opt.Replications > MaxCheckReplications {
				return inputError{fmt.Errorf("--replications %d: allowed: 2 to %d", opt.Replications, MaxCheckReplications)}
			}
			if err := checkWorkers(opt.Workers); err != nil {
				return err
			}
			if len(args) == 1 {
				opt.Scenario = args[0]
			}
			rep, err := calibration.Run(cmd.Context(), opt)
			if err != nil {
				if cmd.Context().Err() != nil {
					return interruptedError{"interrupted: check-model stopped before it finished"}
				}
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else if err := writeCheckTable(env.Stdout, rep); err != nil {
				return err
			}
			if rep.Failed > 0 {
				return fmt.Errorf("%d of %d stylized facts failed", rep.Failed, len(rep.Results))
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.IntVar(&opt.Replications, "replications", 30, "replications of each arm")
	fl.IntVar(&opt.Workers, "workers", 0, workersHelp)
	fl.StringArrayVar(&opt.Set, "set", nil, "override a scenario key: path=value (repeatable)")
	fl.StringVar(&format, "format", "table", "output format: table or json")
	return c
}

// writeCheckTable prints the report as a table with the sources below it.
func writeCheckTable(w io.Writer, r *calibration.Report) error {
	fmt.Fprintf(w, "Stylized facts: scenario %s (hash %s), seed %d, %d replications per arm\n\n", safetext.Escape(r.Scenario), r.ScenarioHash[:12], r.Seed, r.Replications)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tfact\ttarget\tsimulated (95% CI)\tgrade\tresult")
	for _, x := range r.Results {
		res := "pass"
		if !x.Pass {
			res = "FAIL"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s [%s, %s]\t%s\t%s\n", x.Fact, x.Name, x.Target,
			checkValue(x.Kind, float64(x.Mean)), checkValue(x.Kind, float64(x.CILow)), checkValue(x.Kind, float64(x.CIHigh)), x.Grade, res)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d passed, %d failed.\n\nSources and how each value is computed:\n", r.Passed, r.Failed)
	for _, x := range r.Results {
		fmt.Fprintf(w, "  %-24s %s — %s\n", x.ID, x.Source, x.How)
		if x.Detail != "" {
			fmt.Fprintf(w, "  %-24s what the runs show: %s\n", "", x.Detail)
		}
	}
	_, err := fmt.Fprintln(w, "\nGrades: A official statistics, statute or quasi-experimental study; B peer-reviewed correlational study or survey; C advocacy, press or slide; derived: arithmetic on graded figures.")
	return err
}

// checkValue formats a fact's value by its kind.
func checkValue(kind string, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	switch kind {
	case "share":
		return strings.Replace(fmt.Sprintf("%.1f%%", 100*v), "-", "−", 1)
	case "relative":
		return strings.Replace(fmt.Sprintf("%+.1f%%", 100*v), "-", "−", 1)
	case "difference":
		return strings.Replace(fmt.Sprintf("%+.3f", v), "-", "−", 1)
	default:
		return strings.Replace(fmt.Sprintf("%.3f", v), "-", "−", 1)
	}
}
