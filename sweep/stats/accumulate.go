package stats

import (
	"math"
	"sort"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep"
)

// SeriesMetrics are the time-series metrics whose mean over replications
// is kept (the trust plots draw them).
var SeriesMetrics = map[string]bool{"trust": true, "fear": true, "reporting_rate": true}

// Accumulator folds the finished runs of a sweep, given in canonical order
// (see sweep.Plan.EachRun), into a [Table]. Its memory grows with the arms,
// points and metrics, never with the replications.
type Accumulator struct {
	plan   *sweep.Plan
	keys   []string
	stats  [][][]sim.Welford // arm, point, key
	pairs  [][][]pair        // arm (not the baseline), point, key
	series map[seriesKey]*sim.Welford

	// The runs of the current group: one replication at one point (they
	// share random streams); values by arm, nil if missing.
	group    []([]float64)
	groupRep int
	groupPt  int
	inGroup  bool
}

// pair accumulates the paired differences of an arm from the baseline,
// and the two sides.
type pair struct{ diff, arm, base sim.Welford }

type seriesKey struct {
	arm, point    int
	metric, group string
	day           float64
}

// NewAccumulator returns an accumulator of the plan's runs for the metrics
// keys (the columns of the values given to Add).
func NewAccumulator(plan *sweep.Plan, keys []string) *Accumulator {
	n := len(plan.Arms)
	a := &Accumulator{plan: plan, keys: keys, stats: make([][][]sim.Welford, n), pairs: make([][][]pair, n),
		series: map[seriesKey]*sim.Welford{}, group: make([][]float64, n)}
	for i := range n {
		a.stats[i] = make([][]sim.Welford, len(plan.Points))
		if i > 0 {
			a.pairs[i] = make([][]pair, len(plan.Points))
		}
		for p := range plan.Points {
			a.stats[i][p] = make([]sim.Welford, len(keys))
			if i > 0 {
				a.pairs[i][p] = make([]pair, len(keys))
			}
		}
	}
	return a
}

// Add folds a finished run: its metric values (one per key, NaN where
// undefined) and its time series. Runs must come in canonical order; vals
// is kept until the run's group (its replication at its point) is done.
func (a *Accumulator) Add(spec sweep.RunSpec, vals []float64, series []agents.Point) {
	if len(vals) != len(a.keys) {
		panic("stats: a run's values do not match the metrics")
	}
	if a.inGroup && (spec.Replication != a.groupRep || spec.Point != a.groupPt) {
		a.flush()
	}
	a.inGroup, a.groupRep, a.groupPt = true, spec.Replication, spec.Point
	arm := spec.ArmIndex
	a.group[arm] = vals
	for k, x := range vals {
		if finite(x) {
			a.stats[arm][spec.Point][k].Add(x)
		}
	}
	for _, pt := range series {
		if !SeriesMetrics[pt.Metric] {
			continue
		}
		sk := seriesKey{arm, spec.Point, pt.Metric, pt.Group, pt.Day}
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
			x, b := vals[k], base[k]
			if !finite(x, b) {
				continue
			}
			p := &a.pairs[arm][pt][k]
			p.diff.Add(x - b)
			p.arm.Add(x)
			p.base.Add(b)
		}
	}
}

// Table returns the statistics of the runs added. No run may be added
// after it.
func (a *Accumulator) Table() *Table {
	if a.inGroup {
		a.flush()
	}
	plan := a.plan
	t := &Table{}
	for ai, arm := range plan.Arms {
		for p := range plan.Points {
			for k, key := range a.keys {
				w := &a.stats[ai][p][k]
				hw := MeanHalfWidth(w, 0.95)
				t.Stats = append(t.Stats, Stat{Arm: arm.Name, Point: p, Metric: key, N: int(w.N()), Mean: w.Mean(), SD: w.StdDev(), Lo: w.Mean() - hw, Hi: w.Mean() + hw})
				if ai == 0 {
					continue
				}
				pr := &a.pairs[ai][p][k]
				dh := MeanHalfWidth(&pr.diff, 0.95)
				bm := pr.base.Mean()
				t.Comparisons = append(t.Comparisons, Comparison{
					Arm: arm.Name, Baseline: plan.Arms[0].Name, Point: p, Metric: key, N: int(pr.diff.N()),
					BaseMean: bm, ArmMean: pr.arm.Mean(),
					Diff: pr.diff.Mean(), DiffSD: pr.diff.StdDev(), Lo: pr.diff.Mean() - dh, Hi: pr.diff.Mean() + dh,
					Relative:          pr.diff.Mean() / bm,
					PairedHalfWidth:   dh,
					UnpairedHalfWidth: WelchHalfWidth(&pr.arm, &pr.base),
				})
			}
		}
	}
	sks := make([]seriesKey, 0, len(a.series))
	for k := range a.series {
		sks = append(sks, k)
	}
	sort.Slice(sks, func(i, j int) bool {
		a, b := sks[i], sks[j]
		if a.arm != b.arm {
			return a.arm < b.arm
		}
		if a.point != b.point {
			return a.point < b.point
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
		t.Series = append(t.Series, SeriesStat{Arm: plan.Arms[k.arm].Name, Point: k.point, Metric: k.metric, Group: k.group, Day: k.day, N: int(w.N()), Mean: w.Mean(), Lo: w.Mean() - hw, Hi: w.Mean() + hw})
	}
	return t
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
