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
