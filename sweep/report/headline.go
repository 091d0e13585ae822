package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// HeadlineWidth is the most columns a line of the headline table takes:
// arms that do not fit beside each other go to further blocks, each with
// the metric and baseline columns again.
const HeadlineWidth = 100

// WriteHeadline writes the headline comparison at design point 0: for each
// headline metric, the baseline arm's mean, and for every other arm the
// paired difference from the baseline ± the half-width of its 95% interval,
// with as many decimals as that half-width needs. A "*" marks differences
// whose interval excludes zero. No line is wider than [HeadlineWidth]
// columns: the arms are wrapped into blocks, and metric labels that would
// not leave room for one arm are cut with "…".
func WriteHeadline(w io.Writer, res *Results) error {
	plan := res.Plan
	base := plan.Arms[0].Name
	labels := make([]string, len(plan.Metrics))
	baseVals := make([]string, len(plan.Metrics))
	for i, m := range plan.Metrics {
		labels[i] = MetricLabel(m)
		baseVals[i] = "–"
		if s, ok := res.Stat(base, 0, m); ok {
			baseVals[i] = headlineValue(m, s.Mean)
		}
	}
	// One column per other arm: its header and its cells.
	type column struct {
		head  string
		cells []string
		width int
	}
	var cols []column
	for _, a := range plan.Arms[1:] {
		c := column{head: a.Name, width: width(a.Name)}
		for _, m := range plan.Metrics {
			cell := "–"
			if cmp, ok := res.Comparison(a.Name, 0, m); ok && !math.IsNaN(cmp.Diff) {
				cell = headlineDelta(m, cmp.Diff, cmp.PairedHalfWidth)
				if cmp.Lo > 0 || cmp.Hi < 0 {
					cell += " *"
				} else {
					cell += "  "
				}
			}
			c.cells = append(c.cells, cell)
			c.width = max(c.width, width(cell))
		}
		c.width = max(c.width, width("Δ vs "+base))
		cols = append(cols, c)
	}
	baseW := max(width(base), width("mean"))
	for _, v := range baseVals {
		baseW = max(baseW, width(v))
	}
	widest := 0
	for _, c := range cols {
		widest = max(widest, c.width)
	}
	labelW := width("metric")
	for _, l := range labels {
		labelW = max(labelW, width(l))
	}
	// The label column gives way when even one arm would not fit.
	labelW = min(labelW, HeadlineWidth-baseW-2-widest-2)
	var b strings.Builder
	line := func(cells []string, widths []int) {
		var l strings.Builder
		for i, c := range cells {
			if i == 0 {
				l.WriteString(pad(cut(c, widths[0]), widths[0], false))
				continue
			}
			l.WriteString("  " + pad(c, widths[i], true))
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	for start := 0; start < len(cols) || start == 0; {
		end, used := start, labelW+2+baseW
		for end < len(cols) && (end == start || used+2+cols[end].width <= HeadlineWidth) {
			used += 2 + cols[end].width
			end++
		}
		if start > 0 {
			b.WriteString("\n")
		}
		widths := []int{labelW, baseW}
		head, sub := []string{"", base}, []string{"metric", "mean"}
		for _, c := range cols[start:end] {
			widths = append(widths, c.width)
			head, sub = append(head, c.head), append(sub, "Δ vs "+base)
		}
		line(head, widths)
		line(sub, widths)
		for i := range plan.Metrics {
			row := []string{labels[i], baseVals[i]}
			for _, c := range cols[start:end] {
				row = append(row, c.cells[i])
			}
			line(row, widths)
		}
		if end == start {
			break
		}
		start = end
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	note := fmt.Sprintf("%s. Δ: paired difference from %s (the same random numbers in both arms) ± half-width of its 95%% interval; * the interval excludes zero. Rates in percentage points.",
		meansText(res), base)
	if _, err := io.WriteString(w, wrapText(note, HeadlineWidth)); err != nil {
		return err
	}
	if len(res.CIMissed) > 0 {
		msg := fmt.Sprintf("%s Not reached for: %s.", CINote(plan), strings.Join(CIMissText(plan, res.CIMissed), "; "))
		if _, err := io.WriteString(w, wrapText(msg, HeadlineWidth)); err != nil {
			return err
		}
	}
	return nil
}

// meansText says what the means of the headline are over: the
// replications of design point 0 and, for a design of several points,
// which point that is and how many runs each arm has in all.
func meansText(res *Results) string {
	s := "Means over " + replicationText(res) + " per arm"
	plan := res.Plan
	if n := len(plan.Points); n > 1 {
		s += fmt.Sprintf(" at design point 0 of %d (%s); each arm has %s in all", n, pointText(plan, 0), runsText(res))
	}
	return s
}

// runsText is the number of runs of an arm over all design points, e.g.
// "6 runs" or "6–8 runs".
func runsText(res *Results) string {
	lo, hi := -1, 0
	for _, a := range res.Plan.Arms {
		n := armRuns(res, a.Name)
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	if lo == hi {
		return fmt.Sprintf("%d runs", lo)
	}
	return fmt.Sprintf("%d–%d runs", lo, hi)
}

// armRuns is the number of runs of one arm over all design points.
func armRuns(res *Results, arm string) int {
	if r, ok := res.Needed[arm]; ok && len(r) > 0 {
		n := 0
		for _, x := range r {
			n += x
		}
		return n
	}
	return res.Plan.Sweep.Replications * max(1, len(res.Plan.Points))
}

// width is the number of columns a text takes (one per rune).
func width(s string) int { return utf8.RuneCountInString(s) }

// pad pads a text with blanks to n columns, on the left when right is set.
func pad(s string, n int, right bool) string {
	fill := strings.Repeat(" ", max(0, n-width(s)))
	if right {
		return fill + s
	}
	return s + fill
}

// cut shortens a text to n columns, ending it with "…" when cut.
func cut(s string, n int) string {
	if width(s) <= n || n < 1 {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// wrapText breaks a text into lines of at most n columns at blanks, each
// ending in a newline.
func wrapText(s string, n int) string { return Wrap(s, n, "") }

// Wrap breaks a text into lines of at most n columns at blanks (a word
// longer than a line gets a line of its own), each line starting with
// indent and ending in a newline: the terminal output of a sweep fits
// [HeadlineWidth] columns.
func Wrap(s string, n int, indent string) string {
	var b strings.Builder
	b.WriteString(indent)
	col := width(indent)
	for _, word := range strings.Fields(s) {
		switch {
		case col == width(indent):
		case col+1+width(word) > n:
			b.WriteString("\n" + indent)
			col = width(indent)
		default:
			b.WriteString(" ")
			col++
		}
		b.WriteString(word)
		col += width(word)
	}
	b.WriteString("\n")
	return b.String()
}
