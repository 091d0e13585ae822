package stats

import (
	"fmt"
	"math"
	"sort"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep"
)

// SeriesMetrics are the time-series metrics whose mean over replications
// is kept, at design point 0 only (the trust plots draw them;
// series.parquet keeps every run's series).
var SeriesMetrics = map[string]bool{"trust": true, "fear": true, "reporting_rate": true}

// Options tune an [Accumulator].
type Options struct {
	// Dir is the folder of the spill files (see [Accumulator]); "" is the
	// system's temporary folder. A sweep's aggregation uses its results
	// folder.
	Dir string
	// Keep lists metrics to keep in memory at every design point, beyond
	// those kept anyway (see [KeptMetrics]), so that [Table.Stat] and
	// [Table.Comparison] answer for them at every point. Each must be one
	// of the accumulator's metrics.
	Keep []string
}

// KeptMetrics are the metrics a [Table] of the plan keeps at every design
// point, beyond the Options' Keep: the screened metrics (the plan's
// reported metrics, [ScreenedMetrics]) and the until_ci metric. At design
// point 0 every metric is kept.
func KeptMetrics(plan *sweep.Plan) []string {
	out := ScreenedMetrics(plan)
	if m := plan.Sweep.UntilCI.Metric; m != "" {
		out = append(out, m)
	}
	return out
}

// Accumulator folds the finished runs of a sweep, given in canonical order
// (see sweep.Plan.EachRun), into a [Table]. It keeps in memory the
// statistics of every metric at design point 0, those of the kept metrics
// (see [KeptMetrics], Options.Keep) at every point, and the series means
// at design point 0; every run's values also go to spill files (at most
// 128, by block of design points) from which the Table computes the
// statistics of every metric at every point, one block at a time. Its
// memory grows with the kept metrics times the points, never with the
// replications nor with the other metrics times the points.
type Accumulator struct {
	plan   *sweep.Plan
	keys   []string
	lay    layout
	stats  [][]moments // arm → slot (see layout)
	pairs  [][]pair    // arm (not the baseline) → slot
	series map[seriesKey]*sim.Welford
	spill  *spill
	taken  bool // the Table owns the spill

	// The runs of the current group: one replication at one point (they
	// share random streams); values by arm, nil if missing.
	group    [][]float64
	groupRep int
	groupPt  int
	inGroup  bool
}

// seriesKey is a series mean at design point 0.
type seriesKey struct {
	arm           int
	metric, group string
	day           float64
}

// layout places the kept statistics of one arm in a slice: every metric
// at point 0, then the kept metrics at each further point.
type layout struct {
	nk, points int
	kept       []int // metric → rank among the kept, or -1
	nkept      int
}

func newLayout(keys []string, points int, keep []string) layout {
	l := layout{nk: len(keys), points: points, kept: make([]int, len(keys))}
	want := map[string]bool{}
	for _, m := range keep {
		want[m] = true
	}
	for k, key := range keys {
		l.kept[k] = -1
		if want[key] {
			l.kept[k] = l.nkept
			l.nkept++
			delete(want, key)
		}
	}
	for _, m := range keep {
		if want[m] {
			panic(fmt.Sprintf("stats: kept metric %q is not one of the metrics", m))
		}
	}
	return l
}

// size is the number of slots.
func (l *layout) size() int { return l.nk + max(l.points-1, 0)*l.nkept }

// slot returns the slot of metric k at a point, if kept.
func (l *layout) slot(point, k int) (int, bool) {
	if point == 0 {
		return k, true
	}
	r := l.kept[k]
	if r < 0 {
		return 0, false
	}
	return l.nk + (point-1)*l.nkept + r, true
}

// NewAccumulator returns an accumulator of the plan's runs for the metrics
// keys (the columns of the values given to Add). It panics if a metric of
// opt.Keep is not among keys.
func NewAccumulator(plan *sweep.Plan, keys []string, opt Options) *Accumulator {
	n := len(plan.Arms)
	var keep []string
	for _, m := range KeptMetrics(plan) {
		if contains(keys, m) { // a reported metric the runs lack has nothing to keep
			keep = append(keep, m)
		}
	}
	keep = append(keep, opt.Keep...)
	a := &Accumulator{plan: plan, keys: keys, lay: newLayout(keys, len(plan.Points), keep), stats: make([][]moments, n), pairs: make([][]pair, n),
		series: map[seriesKey]*sim.Welford{}, group: make([][]float64, n), spill: newSpill(opt.Dir, len(plan.Points), len(keys))}
	for i := range n {
		a.stats[i] = make([]moments, a.lay.size())
		if i > 0 {
			a.pairs[i] = make([]pair, a.lay.size())
		}
	}
	return a
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Add folds a finished run: its metric values (one per key, NaN where
// undefined) and its time series. Runs must come in canonical order; vals
// is kept until the run's group (its replication at its point) is done.
// It returns the error of writing the spill files (the first one sticks).
func (a *Accumulator) Add(spec sweep.RunSpec, vals []float64, series []agents.Point) error {
	if len(vals) != len(a.keys) {
		panic("stats: a run's values do not match the metrics")
	}
	if a.taken {
		panic("stats: a run added after Table")
	}
	if a.inGroup && (spec.Replication != a.groupRep || spec.Point != a.groupPt) {
		a.flush()
	}
	a.inGroup, a.groupRep, a.groupPt = true, spec.Replication, spec.Point
	arm := spec.ArmIndex
	a.group[arm] = vals
	for k, x := range vals {
		if s, ok := a.lay.slot(spec.Point, k); ok && finite(x) {
			a.stats[arm][s].add(x)
		}
	}
	if spec.Point == 0 {
		for _, pt := range series {
			if !SeriesMetrics[pt.Metric] {
				continue
			}
			sk := seriesKey{arm, pt.Metric, pt.Group, pt.Day}
			w := a.series[sk]
			if w == nil {
				w = &sim.Welford{}
				a.series[sk] = w
			}
			// An undefined value is left out; a day where every run's is
			// undefined stays, with no mean: a gap in the plots.
			if finite(pt.Value) {
				w.Add(pt.Value)
			}
		}
	}
	return a.spill.add(arm, spec.Point, spec.Replication, vals)
}

// flush pairs the runs of the current group with the baseline arm's.
func (a *Accumulator) flush() {
	defer clear(a.group)
	a.inGroup = false
	base := a.group[0]
	if base == nil {
		return
	}
	pt := a.groupPt
	for arm := 1; arm < len(a.group); arm++ {
		vals := a.group[arm]
		if vals == nil {
			continue
		}
		for k := range a.keys {
			s, ok := a.lay.slot(pt, k)
			x, b := vals[k], base[k]
			if !ok || !finite(x, b) {
				continue
			}
			a.pairs[arm][s].add(x, b)
		}
	}
}

// Table returns the statistics of the runs added; the Table takes over
// the spill files (see [Table.Close]). No run may be added after it.
func (a *Accumulator) Table() (*Table, error) {
	if a.inGroup {
		a.flush()
	}
	a.taken = true
	if err := a.spill.flush(); err != nil {
		a.spill.close()
		return nil, err
	}
	plan := a.plan
	src := &accTable{plan: plan, keys: a.keys, lay: a.lay, stats: a.stats, pairs: a.pairs, spill: a.spill,
		arm: map[string]int{}, key: map[string]int{}}
	for i, arm := range plan.Arms {
		src.arm[arm.Name] = i
	}
	for k, key := range a.keys {
		if _, dup := src.key[key]; !dup {
			src.key[key] = k
		}
	}
	t := &Table{src: src}
	sks := make([]seriesKey, 0, len(a.series))
	for k := range a.series {
		sks = append(sks, k)
	}
	sort.Slice(sks, func(i, j int) bool {
		a, b := sks[i], sks[j]
		if a.arm != b.arm {
			return a.arm < b.arm
		}
		if a.metric != b.metric {
			return a.metric < b.metric
		}
		if a.group != b.group {
			return a.group < b.group
		}
		return a.day < b.day
	})
	for _, k := range sks {
		w := a.series[k]
		hw := MeanHalfWidth(w, 0.95)
		if math.IsNaN(hw) && w.N() > 0 {
			hw = 0 // one value: no band
		}
		t.Series = append(t.Series, SeriesStat{Arm: plan.Arms[k.arm].Name, Point: 0, Metric: k.metric, Group: k.group, Day: k.day, N: int(w.N()), Mean: w.Mean(), Lo: w.Mean() - hw, Hi: w.Mean() + hw})
	}
	return t, nil
}

// Close removes the spill files unless [Accumulator.Table] handed them
// over: an aggregation that stops before its Table calls it. It may be
// called more than once.
func (a *Accumulator) Close() error {
	if a.taken {
		return nil
	}
	a.taken = true
	return a.spill.close()
}

// finite reports whether every value is a finite number.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
