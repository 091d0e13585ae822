package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
)

// timelineTwin writes the sweep a forked plan equals: each arm's overrides
// as a timeline entry on the fork day, run from day 0.
func timelineTwin(b *testing.B, forked *sweep.Plan) *sweep.Plan {
	var s strings.Builder
	sw := forked.Sweep
	fmt.Fprintf(&s, "name: %s\nbase: %s\nseed: %d\nreplications: %d\narms:\n", sw.Name, sw.Base, sw.Seed, sw.Replications)
	for i, a := range forked.Arms {
		set, err := json.Marshal(forked.ArmSet(i))
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(&s, "  %s: {timeline: [{day: %g, set: %s}]}\n", a.Name, sw.ForkDay, set)
	}
	p := filepath.Join(b.TempDir(), "twin.yaml")
	if err := os.WriteFile(p, []byte(s.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	plan, err := sweep.Load(p, nil)
	if err != nil {
		b.Fatal(err)
	}
	return plan
}

// BenchmarkForkDay runs the bundled policy comparison (5 arms of a year)
// with fork_day 300, and the same sweep with each arm's overrides on the
// timeline at day 300 run from day 0 (the same records), on 2 workers:
// the compute fork_day saves, in wall time and in engine events run.
func BenchmarkForkDay(b *testing.B) {
	forked := sweepPlan(b, "fork_day=300", "replications=8")
	twin := timelineTwin(b, forked)
	for _, c := range []struct {
		name string
		plan *sweep.Plan
	}{{"fork", forked}, {"timeline", twin}} {
		b.Run(c.name, func(b *testing.B) {
			var events uint64
			var runs int
			for b.Loop() {
				res, err := runner.Execute(context.Background(), c.plan, runner.Options{Out: b.TempDir(), Workers: 2})
				if err != nil {
					b.Fatal(err)
				}
				events, runs = res.Events, res.Done
			}
			b.ReportMetric(float64(events), "events/sweep")
			b.ReportMetric(float64(runs), "runs/sweep")
		})
	}
}
