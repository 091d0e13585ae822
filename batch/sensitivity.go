package batch

import (
	"encoding/csv"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
)

// Sensitivity is the screening result of one varied parameter for one
// metric in one arm.
//
// For a Morris design (Morris 1991) the elementary effect of a trajectory
// step that moves parameter k is EE = (y_after − y_before) / Δ, with y the
// mean of the metric over the replications at each point (every point uses
// the same random streams, so chance mostly cancels) and Δ the change of
// the parameter as a fraction of its [low, high] range. EE is therefore in
// units of the metric per full range of the parameter, so parameters with
// different units can be compared. Mu is the mean of the effects, MuStar
// the mean of their absolute values (Campolongo, Cariboni and Saltelli
// 2007) and Sigma their standard deviation (large when the effect is
// non-linear or depends on the other parameters).
//
// For a one-at-a-time design Mu is the change of the metric between the
// parameter's lowest and highest listed value (the others at the base),
// MuStar its absolute value, Sigma undefined and N 1.
type Sensitivity struct {
	Design    string // "morris" or "oat"
	Arm       string
	Metric    string
	Param     string
	Low, High string // the range (morris) or the values compared (oat)
	Mu        float64
	MuStar    float64
	Sigma     float64
	N         int // elementary effects (trajectories) behind the figures
	Rank      int // by MuStar within arm and metric: 1 moves the metric most
}

// sensitivityFile is the table of screening results in a sweep folder.
const sensitivityFile = "sensitivity.csv"

// hasSensitivity reports whether a plan's design is a screening design.
func hasSensitivity(plan *Plan) bool {
	d := plan.Sweep.Vary.Design
	return (d == "morris" || d == "oat") && len(plan.ParamKeys) > 0
}

// sensitivityMetrics are the metrics screened: the sweep's reported
// metrics, each once.
func sensitivityMetrics(plan *Plan) []string {
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

// computeSensitivity screens every varied parameter for every reported
// metric in every arm, from the means of res.Stats. Rows are ordered by
// arm (plan order), metric (plan order) and rank.
func computeSensitivity(res *Results) []Sensitivity {
	plan := res.Plan
	if plan == nil || !hasSensitivity(plan) {
		return nil
	}
	metrics := sensitivityMetrics(plan)
	type key struct {
		arm, point int
		metric     string
	}
	want := map[string]bool{}
	for _, m := range metrics {
		want[m] = true
	}
	armIdx := map[string]int{}
	for i, a := range plan.Arms {
		armIdx[a.Name] = i
	}
	means := map[key]float64{}
	for _, s := range res.Stats {
		if want[s.Metric] && s.N > 0 {
			means[key{armIdx[s.Arm], s.Point, s.Metric}] = s.Mean
		}
	}
	mean := func(a, p int, m string) float64 {
		if v, ok := means[key{a, p, m}]; ok {
			return v
		}
		return math.NaN()
	}
	var out []Sensitivity
	for ai, name := range sensitivityArms(plan) {
		// The arms, then each other arm's difference from the baseline.
		y := func(p int, m string) float64 { return mean(ai, p, m) }
		if ai >= len(plan.Arms) {
			a := ai - len(plan.Arms) + 1
			y = func(p int, m string) float64 { return mean(a, p, m) - mean(0, p, m) }
		}
		for _, m := range metrics {
			var rows []Sensitivity
			at := func(p int) float64 { return y(p, m) }
			switch plan.Sweep.Vary.Design {
			case "morris":
				rows = morrisEffects(plan, at)
			case "oat":
				rows = oatEffects(plan, at)
			}
			rankSensitivity(rows)
			for i := range rows {
				rows[i].Arm, rows[i].Metric = name, m
			}
			out = append(out, rows...)
		}
	}
	return out
}

// sensitivityArms names what is screened: every arm, then every other
// arm's difference from the baseline arm ("<arm> minus <baseline>"), so
// that the sensitivity of a policy's effect can be read too.
func sensitivityArms(plan *Plan) []string {
	names := plan.armNames()
	for _, a := range plan.Arms[1:] {
		names = append(names, diffArmName(a.Name, plan.Arms[0].Name))
	}
	return names
}

// diffArmName names the difference of an arm from the baseline arm.
func diffArmName(arm, base string) string { return arm + " minus " + base }

// morrisEffects computes μ, μ* and σ of every parameter from the metric's
// mean at each design point.
func morrisEffects(plan *Plan, y func(point int) float64) []Sensitivity {
	info := plan.MorrisInfo()
	k := len(plan.ParamKeys)
	lo, hi := paramRanges(plan)
	effects := make([][]float64, k)
	for i, st := range info.Steps {
		if st.Param < 0 || st.Param >= k || i == 0 || i >= len(plan.Points) {
			continue
		}
		// The change as a share of the range: from the values the runs
		// used (integer parameters are rounded), else from the design.
		dx := st.Change
		xb, ok1 := toFloat(plan.Points[i-1].Values[st.Param])
		xa, ok2 := toFloat(plan.Points[i].Values[st.Param])
		if ok1 && ok2 && hi[st.Param] > lo[st.Param] {
			dx = (xa - xb) / (hi[st.Param] - lo[st.Param])
		}
		if dx == 0 {
			continue // rounding left the parameter where it was
		}
		ee := (y(i) - y(i-1)) / dx
		if math.IsNaN(ee) || math.IsInf(ee, 0) {
			continue
		}
		effects[st.Param] = append(effects[st.Param], ee)
	}
	rows := make([]Sensitivity, k)
	for j, key := range plan.ParamKeys {
		r := Sensitivity{Design: "morris", Param: key, Low: formatFloat(lo[j]), High: formatFloat(hi[j]),
			Mu: math.NaN(), MuStar: math.NaN(), Sigma: math.NaN(), N: len(effects[j])}
		if n := len(effects[j]); n > 0 {
			var sum, abs float64
			for _, e := range effects[j] {
				sum += e
				abs += math.Abs(e)
			}
			r.Mu, r.MuStar = sum/float64(n), abs/float64(n)
			if n > 1 {
				var ss float64
				for _, e := range effects[j] {
					ss += (e - r.Mu) * (e - r.Mu)
				}
				r.Sigma = math.Sqrt(ss / float64(n-1))
			}
		}
		rows[j] = r
	}
	return rows
}

// paramRanges returns the [low, high] range of every parameter of a
// Morris design, as the sweep file gives it.
func paramRanges(plan *Plan) (lo, hi []float64) {
	ranges := map[string][]any{}
	for _, lf := range leaves(plan.Sweep.Vary.Params, "") {
		if l, ok := lf.value.([]any); ok {
			ranges[lf.path] = l
		}
	}
	lo = make([]float64, len(plan.ParamKeys))
	hi = make([]float64, len(plan.ParamKeys))
	for j, key := range plan.ParamKeys {
		lo[j], hi[j] = math.NaN(), math.NaN()
		if l := ranges[key]; len(l) >= 2 {
			lo[j], _ = toFloat(l[0])
			hi[j], _ = toFloat(l[len(l)-1])
		}
	}
	return lo, hi
}

// oatEffects computes, for every parameter of a one-at-a-time design, the
// change of the metric between its lowest and highest listed value (the
// first and last when the values are not numbers; the base point and the
// value when only one is listed).
func oatEffects(plan *Plan, y func(point int) float64) []Sensitivity {
	rows := make([]Sensitivity, len(plan.ParamKeys))
	for j, key := range plan.ParamKeys {
		var pts []int
		for p, pt := range plan.Points {
			if oatPointOf(pt) == j {
				pts = append(pts, p)
			}
		}
		r := Sensitivity{Design: "oat", Param: key, Mu: math.NaN(), MuStar: math.NaN(), Sigma: math.NaN(), Low: "NA", High: "NA"}
		if len(pts) > 0 {
			low, high := pts[0], pts[len(pts)-1]
			numeric := true
			for _, p := range pts {
				if _, ok := toFloat(plan.Points[p].Values[j]); !ok {
					numeric = false
				}
			}
			if numeric {
				val := func(p int) float64 { v, _ := toFloat(plan.Points[p].Values[j]); return v }
				for _, p := range pts {
					if val(p) < val(low) {
						low = p
					}
					if val(p) > val(high) {
						high = p
					}
				}
			}
			r.High = formatParam(plan.Points[high].Values[j])
			if len(pts) == 1 && len(plan.Points) > 0 && oatPointOf(plan.Points[0]) == -1 {
				low = 0 // one value: compare it with the base
				r.Low = "base"
			} else {
				r.Low = formatParam(plan.Points[low].Values[j])
			}
			if low != high {
				r.Mu = y(high) - y(low)
				r.MuStar = math.Abs(r.Mu)
				if !math.IsNaN(r.Mu) {
					r.N = 1
				}
			}
		}
		rows[j] = r
	}
	return rows
}

// oatPointOf returns the parameter a one-at-a-time point sets, -1 for the
// base point and -2 for a point that sets several.
func oatPointOf(pt Point) int {
	set := -1
	for j, v := range pt.Values {
		if v != nil {
			if set >= 0 {
				return -2
			}
			set = j
		}
	}
	return set
}

// rankSensitivity sorts rows by μ* (largest first, undefined last, ties in
// parameter order) and numbers them; equal μ* share a rank.
func rankSensitivity(rows []Sensitivity) {
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

// writeSensitivityCSV writes <dir>/sensitivity.csv: one row per arm,
// metric and parameter.
func writeSensitivityCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, sensitivityFile), func(w *csv.Writer) {
		w.Write([]string{"arm", "metric", "parameter", "mu", "mu_star", "sigma", "n", "rank", "low", "high", "design"})
		for _, s := range res.Sensitivity {
			w.Write([]string{csvText(s.Arm), csvText(s.Metric), csvText(s.Param), formatFloat(s.Mu), formatFloat(s.MuStar), formatFloat(s.Sigma),
				strconv.Itoa(s.N), strconv.Itoa(s.Rank), csvText(s.Low), csvText(s.High), csvText(s.Design)})
		}
	})
}

// SensitivityOf returns the screening rows of one arm and metric, ranked.
func (r *Results) SensitivityOf(arm, metric string) []Sensitivity {
	var out []Sensitivity
	for _, s := range r.Sensitivity {
		if s.Arm == arm && s.Metric == metric {
			out = append(out, s)
		}
	}
	return out
}

// sensitivityUnit describes what μ* of a metric is measured in.
func sensitivityUnit(metric string) string {
	if u := diffUnit(metric); u != "" {
		return u
	}
	if metricKind(metric) == "trust" {
		return "trust, 0–1 scale"
	}
	return ""
}

// sensitivityValue formats a screening figure of a metric for the report:
// shares in percentage points, with their sign when signed.
func sensitivityValue(metric string, v float64, signed bool) string {
	if !finite(v) {
		return "–"
	}
	if signed {
		return reportDelta(metric, v)
	}
	return halfWidthText(metric, math.Abs(v))
}

// sensitivityDesignText describes the screening design in words.
func sensitivityDesignText(plan *Plan) string {
	if plan.Sweep.Vary.Design == "oat" {
		return fmt.Sprintf("a one-at-a-time design over %d parameters", len(plan.ParamKeys))
	}
	return fmt.Sprintf("a Morris screening design: %d trajectories over %d parameters, %d levels", plan.Sweep.Vary.Trajectories, len(plan.ParamKeys), plan.Sweep.Vary.Levels)
}

// sensitivityReport gathers the Sensitivity section of report.html.
func sensitivityReport(res *Results, figs []reportFigure) *sensSection {
	plan := res.Plan
	arms := sensitivityArms(plan)
	sec := &sensSection{Figures: figs, Arms: arms}
	reps := replicationText(res)
	if plan.Sweep.Vary.Design == "oat" {
		sec.Intro = fmt.Sprintf("The sweep varied %d parameters one at a time, each over the values listed in the sweep file while the others kept the base scenario's values. "+
			"For each result, the table ranks the parameters by how much the result changes between the parameter's lowest and highest value. "+
			"Each point ran %s with the same random draws, so the changes come from the parameters rather than from chance.", len(plan.ParamKeys), reps)
		sec.Reading = "Change: the result at the highest value minus the result at the lowest (negative: the result falls as the parameter rises); size: its absolute value. " +
			"One-at-a-time changes show each parameter's effect at the base values of the others only."
		sec.RangeHead = "Values compared"
		sec.Cols = []string{"size", "change"}
	} else {
		sec.Intro = fmt.Sprintf("The sweep screened %d uncertain parameters with %s. "+
			"Each trajectory starts from a random combination of parameter values and moves one parameter at a time, recording how much each result changes; "+
			"each point ran %s with the same random draws, so the changes come from the parameters rather than from chance. "+
			"Parameters with a large μ* are the assumptions a result depends on most; where they are uncertain, better evidence on them would narrow the result most. "+
			"Parameters with μ* near zero barely move the result over the ranges tried.",
			len(plan.ParamKeys), sensitivityDesignText(plan), reps)
		sec.Reading = "μ* (mu-star): the mean size of the change in the result when the parameter moves across its whole range, in the result's own units (Campolongo et al. 2007). " +
			"μ: the mean signed change (negative: the result falls as the parameter rises). " +
			"σ: the spread of the changes between starting points; a σ comparable to μ* means the effect is not linear or depends on the other parameters. " +
			"These figures describe how the model responds over the ranges in the sweep file, not how likely any value is."
		sec.RangeHead = "Range"
		sec.Cols = []string{"μ*", "μ", "σ"}
	}
	for _, m := range sensitivityMetrics(plan) {
		t := sensTable{Label: MetricLabel(m), Unit: sensitivityUnit(m)}
		byArm := sensitivityByArm(res, arms, m)
		for _, s := range res.SensitivityOf(arms[0], m) {
			row := sensRow{Rank: s.Rank, Param: s.Param, Range: s.Low + " – " + s.High}
			for i := range arms {
				x, ok := byArm[i][s.Param]
				if !ok {
					x = Sensitivity{MuStar: math.NaN(), Mu: math.NaN(), Sigma: math.NaN()}
				}
				row.Cells = append(row.Cells, sensitivityValue(m, x.MuStar, false), sensitivityValue(m, x.Mu, true))
				if plan.Sweep.Vary.Design != "oat" {
					row.Cells = append(row.Cells, sensitivityValue(m, x.Sigma, false))
				}
			}
			t.Rows = append(t.Rows, row)
		}
		sec.Tables = append(sec.Tables, t)
	}
	return sec
}

// sensitivityByArm indexes the screening rows of a metric by arm (in the
// order given) and parameter.
func sensitivityByArm(res *Results, arms []string, metric string) []map[string]Sensitivity {
	out := make([]map[string]Sensitivity, len(arms))
	for i, a := range arms {
		out[i] = map[string]Sensitivity{}
		for _, s := range res.SensitivityOf(a, metric) {
			out[i][s.Param] = s
		}
	}
	return out
}
