package report

import (
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
)

// syntheticSweep aggregates a made-up sweep of one arm over n design
// points (an LHS design of two parameters, one replication each) into
// dir: every metric of sweep.MetricKeys is a column (a quarter of them
// with a value from the point, the others undefined), with a few short
// trust series, so that every table and plot has data.
func syntheticSweep(tb testing.TB, dir string, n int) *Results {
	plan := sweeptest.MustPlan(tb, fmt.Sprintf("days: 10\nreplications: 1\narms: {a: {}}\nvary: {design: lhs, points: %d, params: {policies.outreach: [0, 1], trust.half_life_days: [30, 230]}}\n", n))
	keys := sweep.MetricKeys()
	var series []agents.Point
	for day := range 10 {
		for _, g := range []string{"citizen", "undocumented"} {
			series = append(series, agents.Point{Day: float64(day), Metric: "trust", Group: g, Value: 0.5 + 0.01*float64(day)})
		}
	}
	agg := New()
	require.NoError(tb, agg.Start(dir, plan))
	kvs := make([]agents.KV, len(keys))
	count := 0
	var err error
	plan.EachRun(plan.Replications(), func(_ int, spec sweep.RunSpec) bool {
		for i, k := range keys {
			kvs[i] = agents.KV{Key: k, Value: math.NaN()}
			if i%4 == 0 { // a quarter of the metrics defined keeps the tables quick to write
				kvs[i].Value = math.Round(100*math.Sin(float64(spec.Point*(i+1)))) + float64(i) // whole: counts are integers in runs.parquet
			}
		}
		err = agg.Run(runner.Run{Spec: spec, Values: &runner.Values{ScenarioHash: "synthetic", Version: "test", Metrics: kvs, Series: series}})
		count++
		return err == nil
	})
	require.NoError(tb, err)
	require.NoError(tb, agg.Done(&runner.Folder{Dir: dir, Plan: plan, Reps: plan.Replications(), Expected: count}))
	return agg.Results()
}

// peakHeap runs fn and returns the high-water mark of the heap's objects
// (live and not yet collected) above what it was before, sampled every
// millisecond.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				peak = max(peak, read())
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	peak = max(peak, read())
	return peak - base
}

// The aggregation of a 10,000-point sweep holds little more than the
// plan: every metric's statistics at every point (what summary.csv
// lists) took about 1 GB of heap here before they were spilled (see
// stats.Accumulator). Not parallel: the heap is
// that of this test alone.
func TestAggregationMemoryIsBoundedInThePoints(t *testing.T) {
	const bound = 128 << 20
	var res *Results
	peak := peakHeap(func() { res = syntheticSweep(t, t.TempDir(), 10_000) })
	t.Logf("peak heap %.1f MB", float64(peak)/(1<<20))
	require.Equal(t, 10_000, res.Present)
	last := shownPoints(res.Plan) - 1
	require.Greater(t, last, 100)
	s, ok := res.Stat("a", last, sweep.DefaultMetrics[0])
	require.True(t, ok, "a reported metric is kept at the points the report lists")
	require.Equal(t, last, s.Point)
	require.Panics(t, func() { res.Stat("a", last+1, sweep.DefaultMetrics[0]) }, "and not beyond, in a design that does not screen")
	require.Less(t, peak, uint64(bound), "peak heap %d bytes", peak)
}
