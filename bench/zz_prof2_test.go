package bench

import (
	"testing"

	"github.com/agencysim/agencysim/agents"
)

func BenchmarkZZModel(b *testing.B) {
	c, err := ScaledBaseline(1)
	if err != nil {
		b.Fatal(err)
	}
	var ev uint64
	for b.Loop() {
		b.StopTimer()
		m, _ := agents.New(&c, agents.Options{Seed: 1, Days: 365})
		b.StartTimer()
		m.Run()
		ev += m.Engine().Events()
	}
	b.ReportMetric(float64(ev)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkSweepFull1(b *testing.B) {
	plan := sweepPlan(b)
	for b.Loop() {
		runSweep(b, plan, 1)
	}
}
