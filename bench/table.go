package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/report"
	"github.com/agencysim/agencysim/sweep/runner"
)

// Figures are the measurements `make bench` prints as one table. A zero
// field was not measured and prints as "–".
type Figures struct {
	KernelEventsPerS float64 // M/M/10 dispatch queue on the kernel
	KernelCallsPerS  float64 // … its calls completed per second
	BareCallsPerS    float64 // the same queue on container/heap, no kernel
	ModelEventsPerS  float64 // the baseline city (200,000 residents), one year
	// NsPerEvent by grid side (3 → 3×3 …), in increasing side order.
	Grid []GridFigure
	// Sweep runs per second of the cut-down policy comparison.
	SweepRuns          int
	SweepRunsPerS1     float64
	SweepRunsPerS2     float64
	AggregatePeakMB1k  float64
	AggregatePeakMB100 float64 // 100,000 runs

	// Paired ratios, one per round of measurements taken one after the
	// other (so that each ratio's two sides saw the machine in the same
	// state): kernel ÷ container/heap calls/s, model ÷ kernel events/s,
	// and the sweep's 2-worker ÷ 1-worker runs/s. A ratio row prints their
	// median and range; with none it prints the ratio of the figures.
	KernelBarePairs, ModelKernelPairs, SweepPairs []float64
}

// GridFigure is the per-event cost on one grid city.
type GridFigure struct {
	Side       int
	Events     uint64
	NsPerEvent float64
	// Ratios are its ns/event ÷ the first tier's, one per round (the tiers
	// of a round run one after the other).
	Ratios []float64
}

// WriteTable prints f as a Markdown table (one row per figure, with the
// issue-16 target of each).
func WriteTable(w io.Writer, f Figures) error {
	num := func(v float64, format string) string {
		if v == 0 {
			return "–"
		}
		return fmt.Sprintf(format, v)
	}
	ratio := func(a, b float64) float64 {
		if a == 0 || b == 0 {
			return 0
		}
		return a / b
	}
	// paired prints the median of pairs and their range, or else a ÷ b.
	paired := func(pairs []float64, a, b float64, format string) string {
		if len(pairs) == 0 {
			return num(ratio(a, b), format)
		}
		lo, mid, hi := Spread(pairs)
		return fmt.Sprintf(format+" ("+format+"–"+format+", %d pairs)", mid, lo, hi, len(pairs))
	}
	type row struct{ what, value, target string }
	rows := []row{
		{"kernel events/s (M/M/10)", num(f.KernelEventsPerS/1e6, "%.2f M"), ""},
		{"kernel ÷ container/heap (M/M/10 calls/s)", paired(f.KernelBarePairs, f.KernelCallsPerS, f.BareCallsPerS, "%.2f"), "≥ 2"},
		{"model events/s (baseline 200k, 1 year)", num(f.ModelEventsPerS/1e6, "%.2f M"), ""},
		{"model ÷ kernel", paired(f.ModelKernelPairs, f.ModelEventsPerS, f.KernelEventsPerS, "%.2f"), "≥ 0.75"},
	}
	var first float64
	for i, g := range f.Grid {
		if first == 0 {
			first = g.NsPerEvent
		}
		r := num(ratio(g.NsPerEvent, first), " (%.2f×)")
		if i > 0 && len(g.Ratios) > 0 {
			lo, mid, hi := Spread(g.Ratios)
			r = fmt.Sprintf(" (%.2f×; %.2f–%.2f, %d rounds)", mid, lo, hi, len(g.Ratios))
		}
		rows = append(rows, row{fmt.Sprintf("ns/event, %d×%d grid (%d events)", g.Side, g.Side, g.Events),
			num(g.NsPerEvent, "%.0f") + r, ""})
	}
	if len(f.Grid) > 1 {
		rows[len(rows)-1].target = "≤ 1.2× the smallest"
	}
	rows = append(rows,
		row{fmt.Sprintf("sweep runs/s, 1 worker (%d runs)", f.SweepRuns), num(f.SweepRunsPerS1, "%.2f"), ""},
		row{fmt.Sprintf("sweep runs/s, 2 workers (%d runs)", f.SweepRuns), num(f.SweepRunsPerS2, "%.2f"), ""},
		row{"sweep speed-up, 2 workers", paired(f.SweepPairs, f.SweepRunsPerS2, f.SweepRunsPerS1, "%.2f"), "≥ 1.9"},
		row{"aggregation peak heap, 1,000 runs", num(f.AggregatePeakMB1k, "%.1f MB"), ""},
		row{"aggregation peak heap, 100,000 runs", num(f.AggregatePeakMB100, "%.1f MB"), "≤ 150 MB"},
	)
	if _, err := fmt.Fprintf(w, "| figure | value | target |\n|---|---:|---|\n"); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := fmt.Fprintf(w, "| %s | %s | %s |\n", r.what, r.value, r.target); err != nil {
			return err
		}
	}
	return nil
}

// MeasureKernel runs the M/M/10 dispatch queue for the given simulated
// hours and returns events and calls completed per second.
func MeasureKernel(hours float64) (events, calls float64) {
	m := NewMMC(8, 1, 10, 1, 0)
	start := time.Now()
	m.Run(hours)
	s := time.Since(start).Seconds()
	return float64(m.Engine().Events()) / s, float64(m.Completed.Value()) / s
}

// MeasureBareHeap runs the same queue on container/heap (no kernel) and
// returns calls completed per second.
func MeasureBareHeap(hours float64) float64 {
	start := time.Now()
	n := bareMMC(hours)
	return float64(n) / time.Since(start).Seconds()
}

// MeasureModel runs the baseline city for the given days reps times and
// returns the median events per second (model construction excluded).
func MeasureModel(days float64, reps int) (float64, error) {
	c, err := ScaledBaseline(1)
	if err != nil {
		return 0, err
	}
	v, _, err := medianRate(&c, days, reps)
	return v, err
}

// MeasureGrids returns, for each side n, the median ns/event of an n × n
// grid city run for enough days that it simulates as many district-days
// as districtDays (so every tier executes about the same number of
// events). The tiers run in turn, reps rounds, so that all of them see
// the same machine.
func MeasureGrids(sides []int, reps int, districtDays float64) ([]GridFigure, error) {
	cities := make([]agents.Config, len(sides))
	for i, n := range sides {
		c, err := GridCity(n)
		if err != nil {
			return nil, err
		}
		cities[i] = c
	}
	rates := make([][]float64, len(sides))
	out := make([]GridFigure, len(sides))
	for range reps {
		for i, n := range sides {
			rate, ev, err := medianRate(&cities[i], max(1, districtDays/float64(n*n)), 1)
			if err != nil {
				return nil, err
			}
			rates[i] = append(rates[i], rate)
			out[i] = GridFigure{Side: n, Events: ev}
		}
	}
	for i := range out {
		for r := range rates[i] {
			out[i].Ratios = append(out[i].Ratios, rates[0][r]/rates[i][r])
		}
		_, mid, _ := Spread(rates[i])
		out[i].NsPerEvent = 1e9 / mid
	}
	return out, nil
}

// Spread returns the smallest, the median (the upper one of an even
// count) and the largest of v, which must not be empty; v is not changed.
func Spread(v []float64) (lo, mid, hi float64) {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[0], s[len(s)/2], s[len(s)-1]
}

func medianRate(c *agents.Config, days float64, reps int) (float64, uint64, error) {
	rates := make([]float64, 0, reps)
	var events uint64
	for range reps {
		m, err := agents.New(c, agents.Options{Seed: 1, Days: days})
		if err != nil {
			return 0, 0, err
		}
		start := time.Now()
		m.Run()
		events = m.Engine().Events()
		rates = append(rates, float64(events)/time.Since(start).Seconds())
	}
	_, mid, _ := Spread(rates)
	return mid, events, nil
}

// MeasureSweep runs the bundled policy comparison with the given
// overrides at the given workers and returns the runs and runs/s.
func MeasureSweep(set []string, workers int) (int, float64, error) {
	plan, err := sweep.Load("policy-comparison", set)
	if err != nil {
		return 0, 0, err
	}
	dir, err := os.MkdirTemp("", "agencysim-bench-")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	res, err := runner.Execute(context.Background(), plan, runner.Options{Out: dir, Workers: workers, Sink: report.New()})
	if err != nil {
		return 0, 0, err
	}
	return res.Done, float64(res.Done) / time.Since(start).Seconds(), nil
}

var aggregateLine = regexp.MustCompile(`^BenchmarkAggregateMemory/runs=(\d+)\S*\s+\d+\s+\d+ ns/op\s+([0-9.]+) peak-MB`)

// ParseAggregateMemory reads the output of sweep/report's
// BenchmarkAggregateMemory and returns peak-MB by runs.
func ParseAggregateMemory(r io.Reader) (map[int]float64, error) {
	out := map[int]float64{}
	s := bufio.NewScanner(r)
	for s.Scan() {
		m := aggregateLine.FindStringSubmatch(s.Text())
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			return nil, fmt.Errorf("bench: aggregate memory line %q: %w", s.Text(), err)
		}
		out[n] = v
	}
	return out, s.Err()
}
