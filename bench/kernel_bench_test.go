package bench

import (
	"container/heap"
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

type bareEv struct {
	at   float64
	kind int8
}
type bareHeap []bareEv

func (h bareHeap) Len() int           { return len(h) }
func (h bareHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h bareHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *bareHeap) Push(x any)        { *h = append(*h, x.(bareEv)) }
func (h *bareHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func bareMMC(hours float64) int {
	r := rand.New(rand.NewPCG(1, 2))
	h := &bareHeap{{at: r.ExpFloat64() / 8, kind: 0}}
	busy, queue, done := 0, 0, 0
	for h.Len() > 0 {
		ev := heap.Pop(h).(bareEv)
		if ev.at > hours {
			break
		}
		if ev.kind == 0 {
			heap.Push(h, bareEv{at: ev.at + r.ExpFloat64()/8, kind: 0})
			if busy < 10 {
				busy++
				heap.Push(h, bareEv{at: ev.at + r.ExpFloat64(), kind: 1})
			} else {
				queue++
			}
		} else {
			done++
			if queue > 0 {
				queue--
				heap.Push(h, bareEv{at: ev.at + r.ExpFloat64(), kind: 1})
			} else {
				busy--
			}
		}
	}
	return done
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
