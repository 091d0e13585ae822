package bench

import (
	"runtime"
	"testing"

	"github.com/agencysim/agencysim/agents"
)

// benchmarkCity runs one simulated year of the baseline city scaled to
// 200,000 × k residents and reports events/s, the events of one run, the
// peak heap during the run (peak-heap-MB, sampled every simulated day) and
// the heap the finished model retains (live-MB, after a GC).
// Target (k = 1): under 0.5 s per replication.
func benchmarkCity(b *testing.B, k int) {
	c, err := ScaledBaseline(k)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var events uint64
	var live, peak float64
	for b.Loop() {
		m, err := agents.New(&c, agents.Options{Seed: 1, Days: 365})
		if err != nil {
			b.Fatal(err)
		}
		m.Engine().Every(0, 24, 10, func(int64) {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, float64(ms.HeapAlloc)/(1<<20))
		}, 0)
		m.Run()
		events = m.Engine().Events()
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		live = float64(ms.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(m)
		b.StartTimer()
	}
	b.ReportMetric(float64(events), "events/run")
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(live, "live-MB")
	b.ReportMetric(peak, "peak-heap-MB")
}

func BenchmarkBaseline200k(b *testing.B) { benchmarkCity(b, 1) }
func BenchmarkBaseline1M(b *testing.B)   { benchmarkCity(b, 5) }
func BenchmarkBaseline5M(b *testing.B)   { benchmarkCity(b, 25) }
