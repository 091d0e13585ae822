package stats

import (
	"fmt"
	"math"
	"slices"
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
	// ShownPoints, if positive, keeps the reported metrics (beyond Keep
	// and the until_ci metric) only at the first ShownPoints design
	// points when the plan's design does not screen: those a report
	// shows. A screening design keeps them at every point.
	ShownPoints int
}

// KeptMetrics are the metrics a [Table] of the plan keeps at every design
// point, beyond the Options' Keep: the screened metrics (the plan's
// reported metrics, [ScreenedMetrics]) and the until_ci metric. At design
// point 0 every metric is kept. (Options.ShownPoints may keep the
// reported metrics of a design that does not screen at fewer points.)
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
// at point 0, then at each point below shown the metrics kept there
// (those kept everywhere and the shown ones), then at each further point
// those kept everywhere.
type layout struct {
	nk, points, shown int
	early             []int // metric → rank among those kept below shown, or -1
	all               []int // metric → rank among those kept everywhere, or -1
	nearly, nall      int
}

// newLayout keeps the metrics every at every point and the metrics shown
// at the points below shownPoints (at every point if shownPoints ≤ 0).
func newLayout(keys []string, points int, every, shown []string, shownPoints int) layout {
	if shownPoints <= 0 || shownPoints > points {
		shownPoints = points
	}
	l := layout{nk: len(keys), points: points, shown: max(shownPoints, 1), early: make([]int, len(keys)), all: make([]int, len(keys))}
	want := map[string]bool{}
	for _, m := range every {
		want[m] = true
	}
	wantShown := map[string]bool{}
	for _, m := range shown {
		wantShown[m] = true
	}
	if l.shown == points {
		for m := range wantShown {
			want[m] = true
		}
	}
	for k, key := range keys {
		l.early[k], l.all[k] = -1, -1
		if want[key] || wantShown[key] {
			l.early[k] = l.nearly
			l.nearly++
		}
		if want[key] {
			l.all[k] = l.nall
			l.nall++
		}
		delete(want, key)
		delete(wantShown, key)
	}
	for _, m := range append(every, shown...) {
		if want[m] || wantShown[m] {
			panic(fmt.Sprintf("stats: kept metric %q is not one of the metrics", m))
		}
	}
	return l
}

// size is the number of slots.
func (l *layout) size() int {
	return l.nk + (l.shown-1)*l.nearly + max(l.points-l.shown, 0)*l.nall
}

// slot returns the slot of metric k at a point, if kept.
func (l *layout) slot(point, k int) (int, bool) {
	switch {
	case point == 0:
		return k, true
	case point < l.shown:
		r := l.early[k]
		return l.nk + (point-1)*l.nearly + r, r >= 0
	default:
		r := l.all[k]
		return l.nk + (l.shown-1)*l.nearly + (point-l.shown)*l.nall + r, r >= 0
	}
}

// everywhere reports whether metric k is kept at every point.
func (l *layout) everywhere(k int) bool { return l.all[k] >= 0 }

// NewAccumulator returns an accumulator of the plan's runs for the metrics
// keys (the columns of the values given to Add). It panics if a metric of
// opt.Keep is not among keys.
func NewAccumulator(plan *sweep.Plan, keys []string, opt Options) *Accumulator {
	n := len(plan.Arms)
	// A reported metric the runs lack has nothing to keep.
	var every, shown []string
	for _, m := range ScreenedMetrics(plan) {
		if slices.Contains(keys, m) {
			shown = append(shown, m)
		}
	}
	if m := plan.Sweep.UntilCI.Metric; m != "" && slices.Contains(keys, m) {
		every = append(every, m)
	}
	every = append(every, opt.Keep...)
	shownPoints := opt.ShownPoints
	if _, ok := plan.Screens(); ok {
		shownPoints = 0
	}
	a := &Accumulator{plan: plan, keys: keys, lay: newLayout(keys, len(plan.Points), every, shown, shownPoints), stats: make([][]moments, n), pairs: make([][]pair, n),
		series: map[seriesKey]*sim.Welford{}, group: make([][]float64, n), spill: newSpill(opt.Dir, len(plan.Points), len(keys))}
	for i := range n {
		a.stats[i] = make([]moments, a.lay.size())
		if i > 0 {
			a.pairs[i] = make([]pair, a.lay.size())
		}
	}
	return a
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
