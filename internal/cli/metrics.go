package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/agents"
)

func newMetricsCmd(env Env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "metrics [--format table|json]",
		Short: "List every output metric: key, label, kind and unit, direction, breakdown and time series",
		Long: `metrics prints the model's metric catalogue: every value a run reports, in
the order of the run record (the keys of 'agencysim run --format csv' and
the columns of a sweep's runs.csv), then the metrics that are not in the
record (counts other metrics are made of, and figures of the time series
and the visual mode). For each: its key, label, kind and unit, whether
higher is better or worse, what it is broken down by, and the time series
it has. docs/metrics.md is generated from the same catalogue.`,
		Example: `  agencysim metrics
  agencysim metrics --format json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			switch format {
			case "table":
				return writeMetricsTable(env.Stdout, agents.AllMetrics())
			case "json":
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(agents.AllMetrics())
			}
			return inputError{fmt.Errorf("--format %q: allowed: table, json", format)}
		},
	}
	c.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return c
}

// writeMetricsTable prints one metric a line.
func writeMetricsTable(w io.Writer, ms []agents.Metric) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "key\tkind\tdirection\tseries\tin record\tlabel")
	for _, m := range ms {
		series, rec := m.Series, "yes"
		if series == "" {
			series = "–"
		}
		if !m.InRecord {
			rec = "no"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", m.Key, m.Kind, m.Direction.Label(), series, rec, m.Label)
	}
	return tw.Flush()
}
