package report

import (
	"context"
	"fmt"
	"testing"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
)

// BenchmarkAggregateDesign aggregates the results of a two-arm sweep of n
// design points (one short replication each), in size tiers: the time
// must grow in proportion to the number of points.
func BenchmarkAggregateDesign(b *testing.B) {
	for _, n := range []int{50, 200, 800} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			plan, err := sweep.Load(sweeptest.WriteSweep(b, fmt.Sprintf("days: 1\nreplications: 1\narms: {a: {}, b: {policies.detainers: never}}\nvary: {design: lhs, points: %d, params: {policies.outreach: [0, 1]}}\n", n)), nil)
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			if _, err := runner.Execute(context.Background(), plan, runner.Options{Out: dir}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if _, err := Aggregate(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAggregateMemory aggregates a made-up one-arm sweep of n design
// points (one replication each: n runs, every metric, short series) and
// reports the peak heap above the start (peak-MB, live and garbage), in
// size tiers: it must stay flat in the points (only the plan and the
// statistics of the metrics analysed across points grow with them).
//
//	go test -run '^$' -bench AggregateMemory -benchtime 1x ./sweep/report/
func BenchmarkAggregateMemory(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("runs=%d", n), func(b *testing.B) {
			var peak uint64
			for range b.N {
				peak = max(peak, peakHeap(func() { syntheticSweep(b, b.TempDir(), n) }))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}
