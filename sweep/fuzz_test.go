package sweep_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
)

// FuzzLoadSweep loads arbitrary sweep files with arbitrary --set
// overrides (one per line). It must never panic; a refused file is an
// input error located in the sweep file, an override or the base
// scenario; an accepted one has runs, and its scenarios built the fast
// way equal those loaded in full. The seed corpus (the bundled sweeps, the
// reproductions of issue 9 and testdata/fuzz) runs in every 'go test'.
func FuzzLoadSweep(f *testing.F) {
	for _, b := range scenarios.BundledSweepList() {
		text, _ := scenarios.BundledSweep(b.Name)
		f.Add(string(text), "")
		f.Add(string(text), "replications=2\ndays=10")
	}
	for _, s := range []struct{ text, set string }{
		{"name: bt\nbase: border-town\nreplications: 20\narms: {a: {}}\n", ""},
		{"arms: {a: {}}\nvary: {design: grid, params: {policies.outreach: [0, 1], ice.teams: [1, 2]}}\n", "vary.design=oat"},
		{"arms: {n: {polices: {detainers: never}}}\n", ""},
		{"arms: {" + strings.Repeat("a", 300) + ": {}}\n", ""},
		{"name: \"\\e[2J\"\narms: {a: {}}\n", ""},
		{"arms: {a: {}}\nmetrics: [run.scenario]\nuntil_ci: {metric: run.scenario, half_width: 1}\n", ""},
		{"arms: {a: {seed: 3}}\nvary: {design: lhs, points: 3, params: {days: [1, 5]}}\n", "days=4"},
		{"arms: {a: {}}\nvary: {design: morris, trajectories: 3, params: {policies.outreach: [0, 1]}}\n", "vary.levels=3"},
		{"arms: {a: {}}\nvary: {design: table, file: nowhere.csv}\n", ""},
		{"arms: {a: {}}\n", "arms.b.policies.detainers=never\nbaseline_arm=b"},
		{"arms: [a, b]\n", ""},
		{"- 1\n", ""},
		{"arms: {a: {}}\n", "x[99999999999999999999]=1"},
		{"arms: {a: {}}\n", "arms.a.city.districts[0].population=10"},
		{"base: sweep.yaml\narms: {a: {}}\n", ""},
	} {
		f.Add(s.text, s.set)
	}
	f.Fuzz(func(t *testing.T, text, set string) {
		// A hang is a crash, with the input that caused it.
		watchdog := time.AfterFunc(20*time.Second, func() {
			panic(fmt.Sprintf("LoadSweep took more than 20 s on %q with --set %q", text, set))
		})
		defer watchdog.Stop()
		dir := t.TempDir()
		p := filepath.Join(dir, "sweep.yaml")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		var sets []string
		for _, s := range strings.Split(set, "\n") {
			if s != "" {
				sets = append(sets, s)
			}
		}
		plan, err := sweep.Load(p, sets)
		if err != nil {
			if !isInput(err) {
				t.Fatalf("not an input error (%T): %v", err, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, p) && !strings.Contains(msg, "--set") && !strings.Contains(msg, "bundled:") {
				t.Fatalf("error not located: %v", err)
			}
			if es, ok := err.(schema.Errors); ok {
				for _, e := range es {
					if e.Where == "" {
						t.Fatalf("error without a place: %v", e)
					}
				}
			}
			return
		}
		if len(plan.Arms) == 0 || len(plan.Points) == 0 || plan.Runs() == 0 || plan.Hash == "" {
			t.Fatalf("an accepted sweep without runs: %d arms, %d points", len(plan.Arms), len(plan.Points))
		}
		if len(plan.Arms)*len(plan.Points) <= 8 {
			assertVariantsEqualFullLoads(t, plan, 8)
		}
	})
}
