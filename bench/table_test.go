package bench

import (
	"strings"
	"testing"
)

// TestWriteTable checks the printer on made-up figures: the ratios are
// computed from the figures, unmeasured ones print as "–".
func TestWriteTable(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	err := WriteTable(&b, Figures{
		KernelEventsPerS: 8e6, ModelEventsPerS: 6e6, KernelCallsPerS: 3e6, BareCallsPerS: 2e6,
		Grid:      []GridFigure{{Side: 3, Events: 10, NsPerEvent: 200}, {Side: 32, Events: 20, NsPerEvent: 300}},
		SweepRuns: 40, SweepRunsPerS1: 2, SweepRunsPerS2: 3.8, AggregatePeakMB1k: 37.5,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| model ÷ kernel | 0.75 | ≥ 0.75 |",
		"| kernel ÷ container/heap (M/M/10 calls/s) | 1.50 | ≥ 2 |",
		"| ns/event, 32×32 grid (20 events) | 300 (1.50×) | ≤ 1.2× the smallest |",
		"| sweep speed-up, 2 workers | 1.90 | ≥ 1.9 |",
		"| aggregation peak heap, 1,000 runs | 37.5 MB |  |",
		"| aggregation peak heap, 100,000 runs | – | ≤ 150 MB |",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
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
