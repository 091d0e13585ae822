package sweep_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agencysim/agencysim/sweep"
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
				plan, err := sweep.Load(p, nil)
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
