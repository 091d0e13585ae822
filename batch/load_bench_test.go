package batch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkLoadSweepTable loads a sweep whose table design has n rows and
// two arms (2n scenarios to check), in size tiers.
func BenchmarkLoadSweepTable(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			var t strings.Builder
			t.WriteString("policies.outreach,ice.teams\n")
			for i := range n {
				fmt.Fprintf(&t, "%g,%d\n", float64(i%100)/100, 1+i%7)
			}
			if err := os.WriteFile(filepath.Join(dir, "pts.csv"), []byte(t.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			p := filepath.Join(dir, "s.yaml")
			if err := os.WriteFile(p, []byte("arms: {a: {}, b: {policies.detainers: never}}\nvary: {design: table, file: pts.csv}\n"), 0o644); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				plan, err := LoadSweep(p, nil)
				if err != nil {
					b.Fatal(err)
				}
				if len(plan.Points) != n {
					b.Fatalf("%d points, want %d", len(plan.Points), n)
				}
			}
		})
	}
}

// BenchmarkAggregateDesign aggregates the results of a two-arm sweep of n
// design points (one short replication each), in size tiers: the time
// must grow in proportion to the number of points.
func BenchmarkAggregateDesign(b *testing.B) {
	for _, n := range []int{50, 200, 800} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			plan, err := LoadSweep(writeBenchSweep(b, fmt.Sprintf("days: 1\nreplications: 1\narms: {a: {}, b: {policies.detainers: never}}\nvary: {design: lhs, points: %d, params: {policies.outreach: [0, 1]}}\n", n)), nil)
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			if _, err := Execute(context.Background(), plan, Options{Out: dir}); err != nil {
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

func writeBenchSweep(b *testing.B, text string) string {
	p := filepath.Join(b.TempDir(), "sweep.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}
