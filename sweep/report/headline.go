package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// WriteHeadline writes the headline comparison at design point 0: for each
// headline metric, the baseline arm's mean, and for every other arm the
// paired difference from the baseline ± the half-width of its 95% interval.
// A "*" marks differences whose interval excludes zero.
func WriteHeadline(w io.Writer, res *Results) error {
	plan := res.Plan
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"", plan.Arms[0].Name}
	for _, a := range plan.Arms[1:] {
		head = append(head, a.Name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	sub := []string{"metric", "mean"}
	for range plan.Arms[1:] {
		sub = append(sub, "Δ vs "+plan.Arms[0].Name)
	}
	fmt.Fprintln(tw, strings.Join(sub, "\t")+"\t")
	for _, m := range plan.Metrics {
		row := []string{MetricLabel(m)}
		s, _ := res.Stat(plan.Arms[0].Name, 0, m)
		row = append(row, headlineValue(m, s.Mean))
		for _, a := range plan.Arms[1:] {
			c, ok := res.Comparison(a.Name, 0, m)
			if !ok || math.IsNaN(c.Diff) {
				row = append(row, "–")
				continue
			}
			mark := "  "
			if c.Lo > 0 || c.Hi < 0 {
				mark = " *"
			}
			row = append(row, headlineDelta(m, c.Diff, c.PairedHalfWidth)+mark)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// No line ends in blanks (a difference without its "*" would).
	for _, l := range strings.SplitAfter(table.String(), "\n") {
		if l == "" {
			continue
		}
		if _, err := io.WriteString(w, strings.TrimRight(l, " \n")+"\n"); err != nil {
			return err
		}
	}
	reps := plan.Sweep.Replications
	if r, ok := res.Needed[plan.Arms[0].Name]; ok && len(r) > 0 {
		reps = r[0]
	}
	if _, err := fmt.Fprintf(w, "Means over %d replications per arm. Δ: paired difference from %s (the same random numbers in both arms) ± half-width of its 95%% interval; * the interval excludes zero. Rates in percentage points.\n", reps, plan.Arms[0].Name); err != nil {
		return err
	}
	if len(res.CIMissed) > 0 {
		if _, err := fmt.Fprintf(w, "%s Not reached for: %s.\n", CINote(plan), strings.Join(CIMissText(plan, res.CIMissed), "; ")); err != nil {
			return err
		}
	}
	return nil
}
