package bench

import (
	"math/rand/v2"
	"testing"

	"github.com/agencysim/agencysim/sim"
)

// BenchmarkMMCDispatch is the reference kernel workload: arrivals 8/h,
// service mean 1 h, 10 units, 100,000 simulated hours per iteration
// (about 800,000 calls and 1.6 million events). Target: at least 4 million
// calls per second on one core, and no allocation per event in steady state.
func BenchmarkMMCDispatch(b *testing.B) {
	const hours = 100_000
	b.ReportAllocs()
	var calls, events float64
	for b.Loop() {
		m := NewMMC(8, 1, 10, 1, 0)
		m.Run(hours)
		calls += float64(m.Completed.Value())
		events += float64(m.Engine().Events())
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(calls/s, "calls/s")
	b.ReportMetric(events/s, "events/s")
	b.ReportMetric(0, "ns/op") // the per-iteration time is not the figure of interest
}

// BenchmarkMMCSteadyStateAllocs measures allocations per event once the
// model has reached its working size: it must report 0 allocs/op.
func BenchmarkMMCSteadyStateAllocs(b *testing.B) {
	m := NewMMC(8, 1, 10, 1, 0)
	m.Run(1000)
	b.ReportAllocs()
	for b.Loop() {
		m.Engine().Step()
	}
}

// BenchmarkBareHeapMMC is the same M/M/10 queue written directly on
// container/heap with no kernel: the yardstick the kernel is compared with.
func BenchmarkBareHeapMMC(b *testing.B) {
	const hours = 100_000
	var calls float64
	for b.Loop() {
		calls += float64(bareMMC(hours))
	}
	b.ReportMetric(calls/b.Elapsed().Seconds(), "calls/s")
	b.ReportMetric(0, "ns/op")
}

// Size tiers of the raw event calendar: hold n pending events and keep
// replacing the earliest (the classic "hold" benchmark).
func benchmarkHold(b *testing.B, n int) {
	e := sim.NewEngine()
	r := rand.New(rand.NewPCG(3, 4))
	var fn sim.Action
	fn = func(int64) { e.After(r.ExpFloat64(), 0, fn, 0) }
	for range n {
		e.At(r.ExpFloat64(), 0, fn, 0)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		e.Step()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkHoldSmall(b *testing.B)  { benchmarkHold(b, 10) }
func BenchmarkHoldMedium(b *testing.B) { benchmarkHold(b, 1_000) }
func BenchmarkHoldLarge(b *testing.B)  { benchmarkHold(b, 100_000) }
