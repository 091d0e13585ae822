package bench

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/agencysim/agencysim/agents"
)

// benchmarkCity runs one simulated year of the baseline city scaled to
// 200,000 × k residents and reports events/s, the events of one run, the
// peak heap during the run (peak-heap-MB, sampled every simulated day) and
// the heap the finished model retains (live-MB, after a GC).
// Target (k = 1): under 0.5 s per replication.
func benchmarkCity(b *testing.B, k int) {
	heapObjects := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
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
		// runtime/metrics, not ReadMemStats: ReadMemStats stops the world,
		// and once a simulated day it was a tenth of this benchmark's time.
		m.Engine().Every(0, 24, 10, func(int64) {
			metrics.Read(heapObjects)
			peak = max(peak, float64(heapObjects[0].Value.Uint64())/(1<<20))
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

// BenchmarkGrid runs the grid-city tiers of `make bench` (bench.GridCity,
// the 3 × 3 grid's 365 days of district-days on every side) and reports
// ns/event: the per-event cost as the city grows.
func BenchmarkGrid(b *testing.B) {
	for _, n := range []int{3, 8, 16, 32} {
		b.Run(fmt.Sprintf("side=%d", n), func(b *testing.B) {
			c, err := GridCity(n)
			if err != nil {
				b.Fatal(err)
			}
			days := max(1, 9*365/float64(n*n))
			var events uint64
			var run time.Duration
			for b.Loop() {
				b.StopTimer()
				m, err := agents.New(&c, agents.Options{Seed: 1, Days: days})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				m.Run()
				run += time.Since(start)
				events += m.Engine().Events()
			}
			b.ReportMetric(float64(run.Nanoseconds())/float64(events), "ns/event")
		})
	}
}
