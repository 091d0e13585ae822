package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/agencysim/agencysim/sweep/stats"
)

// sobolConvergence judges the Sobol' indices of each arm (and difference)
// and metric from the convergence view, the indices at N/2 and N base
// rows (Sarrazin, Pianosi and Wagener 2016, Environ. Model. Softw. 79:
// a narrow interval of every total index and a ranking that holds across
// the last sample sizes). The sample was large enough when
//   - the parameters are in the same order of S_T at N/2 and at N rows
//     (parameters whose S_T is below sobolInert at both do not count: the
//     order of inert parameters is no conclusion),
//   - every S_T interval has a half-width of at most sobolHalfWidth, and
//   - no S_T moved by more than sobolDrift between N/2 and N rows.
//
// Intervals shrink as 1/√N, so a widest half-width h asks for about
// N·(h/sobolHalfWidth)² base rows, rounded up to a power of two (the
// Sobol' sequence's balanced sizes).
type sobolConvergence struct{}

// The thresholds of sobolConvergence, in shares of variance.
const (
	sobolHalfWidth = 0.05
	sobolDrift     = 0.05
	sobolInert     = 0.05
)

func (sobolConvergence) verdicts(res *Results) []Verdict {
	plan := res.Plan
	if plan == nil {
		return nil
	}
	if _, ok := plan.Screens(); !ok {
		return nil
	}
	var out []Verdict
	for _, arm := range stats.Screened(plan) {
		for _, m := range stats.ScreenedMetrics(plan) {
			var rows []stats.Sensitivity
			for _, s := range res.SensitivityOf(arm, m) {
				if s.Sobol != nil {
					rows = append(rows, s)
				}
			}
			if len(rows) == 0 {
				continue
			}
			out = append(out, sobolVerdict(arm, m, rows))
		}
	}
	return out
}

// sobolVerdict judges one arm's and metric's indices.
func sobolVerdict(arm, metric string, rows []stats.Sensitivity) Verdict {
	v := Verdict{Topic: fmt.Sprintf("Sobol' indices of %s (%s)", MetricLabel(metric), arm)}
	n, half := rows[0].Sobol.N, rows[0].Sobol.Half.N
	widest, widestParam := 0.0, ""
	drift, driftParam := 0.0, ""
	for _, s := range rows {
		e, h := s.Sobol.SobolEstimate, s.Sobol.Half
		if !finite(e.ST, e.STLo, e.STHi, h.ST) {
			v.Text = verdictText(false, fmt.Sprintf("the total index of %s is undefined with %d base rows (a result undefined at many points, or too few rows)", s.Param, e.N),
				"increase points and check that the metric is defined over the ranges")
			return v
		}
		if hw := (e.STHi - e.STLo) / 2; hw > widest {
			widest, widestParam = hw, s.Param
		}
		if d := math.Abs(e.ST - h.ST); d > drift {
			drift, driftParam = d, s.Param
		}
	}
	order := func(st func(stats.Sensitivity) float64) []string {
		idx := slices.Clone(rows)
		slices.SortStableFunc(idx, func(a, b stats.Sensitivity) int {
			x, y := st(a), st(b)
			switch {
			case x > y:
				return -1
			case x < y:
				return 1
			}
			return 0
		})
		var names []string
		for _, s := range idx {
			if s.Sobol.ST >= sobolInert || s.Sobol.Half.ST >= sobolInert {
				names = append(names, s.Param)
			}
		}
		return names
	}
	atN := order(func(s stats.Sensitivity) float64 { return s.Sobol.ST })
	atHalf := order(func(s stats.Sensitivity) float64 { return s.Sobol.Half.ST })
	sameOrder := slices.Equal(atN, atHalf)
	noise, noiseWhy := "", ""
	if share := rows[0].Sobol.NoiseShare; finite(share) {
		noise, noiseWhy = fmt.Sprintf(" (noise share %.2f)", share), fmt.Sprintf("the noise share is %.2f", share)
		if share > 0.5 {
			noise = fmt.Sprintf(" (noise share %.2f: most of the variance is between replications, and more replications per point would show the parameters' part more sharply)", share)
			noiseWhy = fmt.Sprintf("the noise share is %.2f: most of the variance is between replications, and more replications per point would show the parameters' part more sharply", share)
		}
	}
	v.Enough = sameOrder && widest <= sobolHalfWidth && drift <= sobolDrift
	if v.Enough {
		v.Text = verdictText(true, fmt.Sprintf("the order of the parameters is the same at %d and %d base rows and every total index is known to ±%.2f, none moving by more than %.2f between them%s",
			half, n, widest, sobolDrift, noise))
		return v
	}
	var why []string
	if !sameOrder {
		why = append(why, fmt.Sprintf("the order of the parameters changes between %d and %d base rows (%s at %d, %s at %d)", half, n,
			strings.Join(atHalf, " > "), half, strings.Join(atN, " > "), n))
	}
	if widest > sobolHalfWidth {
		why = append(why, fmt.Sprintf("the total index of %s is known only to ±%.2f (the criterion: ±%.2f)", widestParam, widest, sobolHalfWidth))
	}
	if drift > sobolDrift {
		why = append(why, fmt.Sprintf("the total index of %s moved by %.2f between %d and %d base rows", driftParam, drift, half, n))
	}
	need := 2 * n
	if k := timesMore(widest, sobolHalfWidth); k > 1 {
		need = max(need, nextPow2(float64(n)*k))
	}
	if noiseWhy != "" {
		why = append(why, noiseWhy)
	}
	v.Text = verdictText(false, append(why, fmt.Sprintf("increase points to at least %d", need))...)
	return v
}
