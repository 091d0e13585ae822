// Command benchtable measures the figures of issue 16 and prints them as
// one Markdown table: `make bench` runs it. The aggregation's peak memory
// comes from sweep/report's BenchmarkAggregateMemory, whose output is
// passed with -aggregate (a file; absent: not measured).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/agencysim/agencysim/bench"
)

func main() {
	aggregate := flag.String("aggregate", "", "file holding the output of BenchmarkAggregateMemory")
	reps := flag.Int("reps", 7, "repetitions of each model measurement (the median is printed)")
	sweepReps := flag.Int("sweep-reps", 3, "interleaved 1- and 2-worker runs of the bundled comparison (the median of each is printed)")
	flag.Parse()
	if err := run(*aggregate, *reps, *sweepReps); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run(aggregate string, reps, sweepReps int) error {
	var f bench.Figures
	// Interleaved, so that all three see the same machine, and each from
	// a collected heap (container/heap's boxed events are garbage that
	// would otherwise be collected during the next measurement).
	var ks, kc, bc, ms []float64
	for range reps {
		runtime.GC()
		e, c := bench.MeasureKernel(100_000)
		ks, kc = append(ks, e), append(kc, c)
		runtime.GC()
		b := bench.MeasureBareHeap(100_000)
		bc = append(bc, b)
		runtime.GC()
		m, err := bench.MeasureModel(365, 1)
		if err != nil {
			return err
		}
		ms = append(ms, m)
		f.KernelBarePairs = append(f.KernelBarePairs, c/b)
		f.ModelKernelPairs = append(f.ModelKernelPairs, m/e)
	}
	f.KernelEventsPerS, f.KernelCallsPerS, f.BareCallsPerS, f.ModelEventsPerS = median(ks), median(kc), median(bc), median(ms)
	// A grid run takes about 10 ms: more rounds, for a stable median.
	grids, err := bench.MeasureGrids([]int{3, 8, 16, 32}, 4*reps, 9*365)
	if err != nil {
		return err
	}
	f.Grid = grids
	// The bundled comparison as shipped (5 arms × 100 replications of a
	// year, with its tables, plots and report), 1 and 2 workers in turn.
	var one, two []float64
	for range sweepReps {
		n, r1, err := bench.MeasureSweep(nil, 1)
		if err != nil {
			return err
		}
		_, r2, err := bench.MeasureSweep(nil, 2)
		if err != nil {
			return err
		}
		f.SweepRuns, one, two = n, append(one, r1), append(two, r2)
		f.SweepPairs = append(f.SweepPairs, r2/r1)
	}
	if sweepReps > 0 {
		f.SweepRunsPerS1, f.SweepRunsPerS2 = median(one), median(two)
	}
	if aggregate != "" {
		r, err := os.Open(aggregate)
		if err != nil {
			return err
		}
		defer r.Close()
		m, err := bench.ParseAggregateMemory(r)
		if err != nil {
			return err
		}
		f.AggregatePeakMB1k, f.AggregatePeakMB100 = m[1_000], m[100_000]
	}
	return bench.WriteTable(os.Stdout, f)
}

func median(v []float64) float64 {
	_, mid, _ := bench.Spread(v)
	return mid
}
