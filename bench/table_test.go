package bench

import (
	"strings"
	"testing"
)

// TestWriteTable checks the printer on made-up figures. Without pairs the
// ratios are computed from the figures; with paired ratios the ratio rows
// print the median of the pairs and their range (not the ratio of the
// medians), and the grid rows the median and range of the per-round
// ratios. Unmeasured figures print as "–".
func TestWriteTable(t *testing.T) {
	t.Parallel()
	figures := Figures{
		KernelEventsPerS: 8e6, ModelEventsPerS: 6e6, KernelCallsPerS: 3e6, BareCallsPerS: 2e6,
		Grid:      []GridFigure{{Side: 3, Events: 10, NsPerEvent: 200}, {Side: 32, Events: 20, NsPerEvent: 300}},
		SweepRuns: 40, SweepRunsPerS1: 2, SweepRunsPerS2: 3.8, AggregatePeakMB1k: 37.5,
	}
	paired := figures
	paired.Grid = []GridFigure{
		{Side: 3, Events: 10, NsPerEvent: 200, Ratios: []float64{1, 1, 1}},
		{Side: 32, Events: 20, NsPerEvent: 300, Ratios: []float64{1.31, 1.12, 1.25}},
	}
	paired.KernelBarePairs = []float64{2.1, 1.8, 2.05, 1.95}
	paired.ModelKernelPairs = []float64{0.4, 0.3, 0.35}
	paired.SweepPairs = []float64{1.93, 1.71, 1.88}
	for name, tc := range map[string]struct {
		f    Figures
		want []string
	}{
		"ratios of the figures": {figures, []string{
			"| model ÷ kernel | 0.75 | ≥ 0.75 |",
			"| kernel ÷ container/heap (M/M/10 calls/s) | 1.50 | ≥ 2 |",
			"| ns/event, 32×32 grid (20 events) | 300 (1.50×) | ≤ 1.2× the smallest |",
			"| sweep speed-up, 2 workers | 1.90 | ≥ 1.9 |",
			"| aggregation peak heap, 1,000 runs | 37.5 MB |  |",
			"| aggregation peak heap, 100,000 runs | – | ≤ 150 MB |",
		}},
		"paired ratios": {paired, []string{
			"| kernel ÷ container/heap (M/M/10 calls/s) | 2.05 (1.80–2.10, 4 pairs) | ≥ 2 |",
			"| model ÷ kernel | 0.35 (0.30–0.40, 3 pairs) | ≥ 0.75 |",
			"| ns/event, 3×3 grid (10 events) | 200 (1.00×) |  |",
			"| ns/event, 32×32 grid (20 events) | 300 (1.25×; 1.12–1.31, 3 rounds) | ≤ 1.2× the smallest |",
			"| sweep speed-up, 2 workers | 1.88 (1.71–1.93, 3 pairs) | ≥ 1.9 |",
		}},
	} {
		var b strings.Builder
		if err := WriteTable(&b, tc.f); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s: table lacks %q:\n%s", name, want, b.String())
			}
		}
	}
}

// TestMeasureGridsPairs: every tier has one ratio per round, the first
// tier's all 1, and its ns/event is the median round's.
func TestMeasureGridsPairs(t *testing.T) {
	t.Parallel()
	gs, err := MeasureGrids([]int{3, 4}, 3, 9*2)
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range gs {
		if len(g.Ratios) != 3 {
			t.Fatalf("tier %d: %d ratios, want 3", i, len(g.Ratios))
		}
		for _, r := range g.Ratios {
			if i == 0 && r != 1 || !(r > 0) {
				t.Errorf("tier %d: ratio %v", i, r)
			}
		}
	}
}

// TestParseAggregateMemory reads peak-MB by tier from benchmark output.
func TestParseAggregateMemory(t *testing.T) {
	t.Parallel()
	m, err := ParseAggregateMemory(strings.NewReader("goos: linux\nBenchmarkAggregateMemory/runs=1000-2         \t       1\t2163384167 ns/op\t        36.98 peak-MB\nPASS\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 1 || m[1000] != 36.98 {
		t.Fatalf("got %v, want map[1000:36.98]", m)
	}
}

// TestMeasureSmoke runs each model measurement once on a tiny workload.
func TestMeasureSmoke(t *testing.T) {
	t.Parallel()
	if e, c := MeasureKernel(100); e <= 0 || c <= 0 || c >= e {
		t.Errorf("kernel: %v events/s, %v calls/s", e, c)
	}
	if c := MeasureBareHeap(100); c <= 0 {
		t.Errorf("container/heap: %v calls/s", c)
	}
	gs, err := MeasureGrids([]int{3, 4}, 3, 9*2)
	if err != nil || len(gs) != 2 {
		t.Fatalf("grids: %+v, %v", gs, err)
	}
	for i, g := range gs {
		if g.Side != 3+i || g.Events == 0 || g.NsPerEvent <= 0 {
			t.Errorf("grid %d: %+v", i, g)
		}
	}
}
