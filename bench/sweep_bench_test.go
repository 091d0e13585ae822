package bench

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/report"
	"github.com/agencysim/agencysim/sweep/runner"
)

func sweepPlan(b *testing.B, set ...string) *sweep.Plan {
	plan, err := sweep.Load("policy-comparison", set)
	if err != nil {
		b.Fatal(err)
	}
	return plan
}

// runSweep executes a plan into a fresh folder with the given workers,
// writing its outputs as the runs finish, and returns runs per second.
func runSweep(b *testing.B, plan *sweep.Plan, workers int) float64 {
	dir := b.TempDir()
	start := time.Now()
	res, err := runner.Execute(context.Background(), plan, runner.Options{Out: dir, Workers: workers, Sink: report.New()})
	if err != nil {
		b.Fatal(err)
	}
	return float64(res.Done) / time.Since(start).Seconds()
}

// BenchmarkSweepScaling runs the bundled policy comparison (5 arms × 16
// replications of a full year: 80 runs) with 1 and then 2 workers and
// reports runs/s for each and the speed-up. Target: speed-up ≥ 1.8 on 2
// cores.
func BenchmarkSweepScaling(b *testing.B) {
	plan := sweepPlan(b, "replications=16")
	var one, two float64
	for b.Loop() {
		one += runSweep(b, plan, 1)
		two += runSweep(b, plan, 2)
	}
	n := float64(b.N)
	b.ReportMetric(one/n, "runs/s-1worker")
	b.ReportMetric(two/n, "runs/s-2workers")
	b.ReportMetric(two/one, "speedup")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
	b.ReportMetric(0, "ns/op")
}

// peakHeap samples the live heap every millisecond while fn runs and
// returns the largest value in MB.
func peakHeap(fn func()) float64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				close(done)
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return float64(peak.Load()) / (1 << 20)
}

// benchmarkSweepMemory runs a sweep, writing its outputs as its runs
// finish, and aggregates its folder again, reporting the peak live heap.
// Memory must stay bounded as replications grow: compare the 20- and
// 200-replication tiers.
func benchmarkSweepMemory(b *testing.B, reps string) {
	plan := sweepPlan(b, "replications="+reps, "days=60")
	var peak float64
	for b.Loop() {
		dir := b.TempDir()
		runtime.GC()
		peak = peakHeap(func() {
			if _, err := runner.Execute(context.Background(), plan, runner.Options{Out: dir, Sink: report.New()}); err != nil {
				b.Fatal(err)
			}
			if _, err := report.Aggregate(dir); err != nil {
				b.Fatal(err)
			}
		})
	}
	b.ReportMetric(peak, "peak-heap-MB")
}

func BenchmarkSweepMemory20Reps(b *testing.B)  { benchmarkSweepMemory(b, "20") }
func BenchmarkSweepMemory200Reps(b *testing.B) { benchmarkSweepMemory(b, "200") }
