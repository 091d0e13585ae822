package stats

import (
	"math"
	"sort"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sweep"
)

// Sensitivity is the screening of one varied parameter for one metric in
// one arm (or one arm's difference from the baseline arm, see [Screened]):
// a sweep.Effect with where it belongs and its rank.
type Sensitivity struct {
	Design string // the screening design's name
	Arm    string
	Metric string
	sweep.Effect
	Rank int // by MuStar within arm and metric: 1 moves the metric most
}

// Screen screens every varied parameter for every reported metric in every
// arm (see [Screened]), from the means of t, when the plan's design is a
// screening design (sweep.Screening); otherwise it returns nil. Rows are
// ordered by arm, metric (plan order) and rank.
func Screen(plan *sweep.Plan, t *Table) []Sensitivity {
	design, ok := plan.Screens()
	if !ok {
		return nil
	}
	metrics := ScreenedMetrics(plan)
	type key struct {
		arm, point int
		metric     string
	}
	means := map[key]float64{}
	for ai, a := range plan.Arms {
		for p := range plan.Points {
			for _, m := range metrics {
				if s, ok := t.Stat(a.Name, p, m); ok && s.N > 0 {
					means[key{ai, p, m}] = s.Mean
				}
			}
		}
	}
	mean := func(a, p int, m string) float64 {
		if v, ok := means[key{a, p, m}]; ok {
			return v
		}
		return math.NaN()
	}
	var out []Sensitivity
	for ai, name := range Screened(plan) {
		// The arms, then each other arm's difference from the baseline.
		y := func(p int, m string) float64 { return mean(ai, p, m) }
		if ai >= len(plan.Arms) {
			a := ai - len(plan.Arms) + 1
			y = func(p int, m string) float64 { return mean(a, p, m) - mean(0, p, m) }
		}
		for _, m := range metrics {
			var rows []Sensitivity
			effects := design.Effects(plan, func(p int) float64 { return y(p, m) })
			if len(effects) > 0 && effects[0].Sobol != nil {
				share := noiseShare(plan, t, ai, m, y)
				for _, e := range effects {
					e.Sobol.NoiseShare = share
				}
			}
			for _, e := range effects {
				rows = append(rows, Sensitivity{Design: design.Name(), Arm: name, Metric: m, Effect: e})
			}
			rank(rows)
			out = append(out, rows...)
		}
	}
	return out
}

// ScreenedMetrics are the metrics screened: the sweep's reported metrics,
// each once.
func ScreenedMetrics(plan *sweep.Plan) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range plan.Metrics {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// Screened names what is screened: every arm, then every other arm's
// difference from the baseline arm ("<arm> minus <baseline>"), so that the
// sensitivity of a policy's effect can be read too.
func Screened(plan *sweep.Plan) []string {
	names := plan.ArmNames()
	for _, a := range plan.Arms[1:] {
		names = append(names, a.Name+" minus "+plan.Arms[0].Name)
	}
	return names
}

// rank sorts rows by μ* (largest first, undefined last, ties in parameter
// order) and numbers them; equal μ* share a rank.
func rank(rows []Sensitivity) {
	sort.SliceStable(rows, func(a, b int) bool {
		x, y := rows[a].MuStar, rows[b].MuStar
		if math.IsNaN(y) {
			return !math.IsNaN(x)
		}
		return x > y
	})
	for i := range rows {
		rows[i].Rank = i + 1
		if i > 0 && rows[i].MuStar == rows[i-1].MuStar {
			rows[i].Rank = rows[i-1].Rank
		}
	}
}

// Of returns the screening rows of one arm and metric, ranked.
func Of(rows []Sensitivity, arm, metric string) []Sensitivity {
	var out []Sensitivity
	for _, s := range rows {
		if s.Arm == arm && s.Metric == metric {
			out = append(out, s)
		}
	}
	return out
}

// CIMissed lists the arms and points whose 95% interval of the plan's
// until_ci metric is wider than the target (or undefined); nil without
// until_ci.
func CIMissed(plan *sweep.Plan, t *Table) []sweep.CIMiss {
	u := plan.Sweep.UntilCI
	if u.Metric == "" {
		return nil
	}
	var out []sweep.CIMiss
	for _, a := range plan.Arms {
		for p := range plan.Points {
			s, _ := t.Stat(a.Name, p, u.Metric)
			hw := (s.Hi - s.Lo) / 2
			if !(hw <= u.HalfWidth) {
				out = append(out, sweep.CIMiss{Arm: a.Name, Point: p, N: s.N, HalfWidth: agents.Value(hw)})
			}
		}
	}
	return out
}

// noiseShare is the share of a metric's variance between replications
// (sweep.NoiseShare) in screened arm ai: of the arm's runs, or of the
// paired differences of an arm from the baseline (their sd over the
// replications that share random streams).
func noiseShare(plan *sweep.Plan, t *Table, ai int, m string, y func(int, string) float64) float64 {
	means, sds := make([]float64, len(plan.Points)), make([]float64, len(plan.Points))
	for p := range plan.Points {
		means[p], sds[p] = y(p, m), math.NaN()
		if ai < len(plan.Arms) {
			if s, ok := t.Stat(plan.Arms[ai].Name, p, m); ok && s.N > 1 {
				sds[p] = s.SD
			}
		} else if c, ok := t.Comparison(plan.Arms[ai-len(plan.Arms)+1].Name, p, m); ok && c.N > 1 {
			sds[p] = c.DiffSD
		}
	}
	return sweep.NoiseShare(means, sds)
}
