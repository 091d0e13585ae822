package scenarios_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/agencysim/agencysim/scenarios"
)

// loadShapes generate inputs of about n bytes in the shapes that stress a
// YAML loader: many keys in one mapping, deep nesting, long lists, many
// overrides and aliases. Each returns the file and the --set overrides.
var loadShapes = []struct {
	name string
	gen  func(n int) (string, []string)
}{
	{"wide", func(n int) (string, []string) {
		// Keys of a free mapping three levels down (a timeline entry's set).
		var b strings.Builder
		b.WriteString(minimal + "timeline:\n  - day: 1\n    set:\n      policies:\n")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "        k%d: 1\n", i)
		}
		return b.String(), nil
	}},
	{"wide200", func(n int) (string, []string) {
		// Many mappings of 200 keys each (MaxKeys allows 256).
		var b strings.Builder
		b.WriteString(minimal)
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "x%d:\n", i)
			for j := 0; j < 200; j++ {
				fmt.Fprintf(&b, "  k%d: 1\n", j)
			}
		}
		return b.String(), nil
	}},
	{"deep", func(n int) (string, []string) {
		// Nested flow mappings, as deep as the size allows: refused past
		// MaxDepth, which must take no longer than reading the file.
		d := max(1, (n-len(minimal))/6)
		return minimal + "x: " + strings.Repeat("{a: ", d) + "1" + strings.Repeat("}", d) + "\n", nil
	}},
	{"list", func(n int) (string, []string) {
		// A long timeline: refused past its item limit.
		var b strings.Builder
		b.WriteString(minimal + "timeline:\n")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "  - {day: %d, set: {policies.outreach: 0.5}}\n", i%365)
		}
		return b.String(), nil
	}},
	{"districts", func(n int) (string, []string) {
		var b strings.Builder
		b.WriteString("name: big\ncity:\n  districts:\n")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "    - {name: d%d, x: %d, y: %d, population: 1000}\n", i, i%64, i/64)
		}
		return b.String(), nil
	}},
	{"overrides", func(n int) (string, []string) {
		var set []string
		size := 0
		for i := 0; size < n; i++ {
			s := fmt.Sprintf("policies.outreach=0.%d", i%10)
			set = append(set, s)
			size += len(s)
		}
		return minimal, set
	}},
	{"aliases", func(n int) (string, []string) {
		// A district template merged into every district.
		var b strings.Builder
		b.WriteString("name: t\ntemplate: &t {population: 1000, language_access: 0.5, groups: {citizen: 0.9, lawful_noncitizen: 0.05, undocumented: 0.05}}\ncity:\n  districts:\n")
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "    - {<<: *t, name: d%d}\n", i)
		}
		return b.String(), nil
	}},
}

// BenchmarkLoad measures the loader in size tiers (1 KB to 1 MB) for each
// input shape; the time per byte must stay flat from tier to tier.
func BenchmarkLoad(b *testing.B) {
	for _, shape := range loadShapes {
		for _, size := range []int{1 << 10, 10 << 10, 100 << 10, 1 << 20} {
			text, set := shape.gen(size)
			name := fmt.Sprintf("%s-%s", shape.name, tier(size))
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(len(text) + len(strings.Join(set, ""))))
				for b.Loop() {
					_, _ = scenarios.LoadBytes("bench.yaml", []byte(text), scenarios.LoadOptions{Set: set})
				}
			})
		}
	}
}

func tier(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dm", n>>20)
	}
	return fmt.Sprintf("%dk", n>>10)
}
