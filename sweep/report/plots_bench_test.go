package report

import (
	"context"
	"testing"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// BenchmarkWritePlots draws every figure of the bundled comparison (five
// arms; a short sweep, since the figures' cost does not depend on the
// runs): the part of a sweep's end that the workers do not share.
func BenchmarkWritePlots(b *testing.B) {
	plan, err := sweep.Load("policy-comparison", []string{"replications=4", "days=30"})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if _, err := runner.Execute(context.Background(), plan, runner.Options{Out: dir}); err != nil {
		b.Fatal(err)
	}
	res, err := Aggregate(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Table.Close()
	b.ResetTimer()
	for b.Loop() {
		if _, err := writePlots(dir, res); err != nil {
			b.Fatal(err)
		}
	}
}
