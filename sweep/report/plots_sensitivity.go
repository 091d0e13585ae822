package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/agencysim/agencysim/sweep/stats"
)

// plotSensitivity is the kind of the screening plots: μ* by parameter.
const plotSensitivity = "sensitivity"

// sensitivityPrefix starts the names of the screening plots.
const sensitivityPrefix = "sensitivity-"

// sensitivitySpecs lists the screening plots of a sweep: one per reported
// metric, when the design is a screening design.
func sensitivitySpecs(res *Results) []plotSpec {
	plan := res.Plan
	if plan == nil || len(plan.Arms) == 0 || len(res.Sensitivity) == 0 {
		return nil
	}
	design, ok := plan.Screens()
	if !ok {
		return nil
	}
	caption := design.Words(plan, replicationText(res)).Caption
	if len(plan.Arms) > 1 {
		caption += " Bars are drawn for each arm and for each arm's difference from the baseline arm (how much the parameter changes the policy's effect); parameters are sorted by their effect in the baseline arm."
	}
	var out []plotSpec
	for _, m := range stats.ScreenedMetrics(plan) {
		out = append(out, plotSpec{
			Name: sensitivityPrefix + sanitizeName(m), Kind: plotSensitivity, Metric: m,
			Title:   MetricLabel(m) + ": sensitivity to parameters",
			Caption: caption,
		})
	}
	return out
}

// sensitivityFigure draws μ* of every parameter as horizontal bars, one
// per arm, sorted by the first arm's μ* (largest at the top), with σ as a
// white dot on each bar (Morris designs).
func sensitivityFigure(res *Results, spec plotSpec) (*figure, error) {
	plan := res.Plan
	scale, _ := plotScale(spec.Metric)
	design, _ := plan.Screens()
	words := design.Words(plan, replicationText(res))
	unit := effectUnit(spec.Metric)
	if words.Shares {
		scale, unit = 1, "" // Sobol' indices: shares of variance
	}
	p := newPlot(spec.Title, withUnit(words.Axis, unit), "")
	p.X.Tick.Marker = niceTicks{money: isMoney(spec.Metric) && !words.Shares}
	p.Add(verticalGrid())

	arms := stats.Screened(plan)
	order := res.SensitivityOf(arms[0], spec.Metric) // ranked
	byArm := sensitivityByArm(res, arms, spec.Metric)
	n, k := len(order), len(arms)
	const groupWidth = 0.8
	barH := groupWidth / float64(k)
	names := make([]string, n)
	var sigmas plotter.XYs
	for r, s := range order {
		yc := float64(n - 1 - r)
		label := s.Param
		if !finite(s.MuStar) {
			label += " (no data)"
		}
		names[n-1-r] = label
		for i := range arms {
			row, ok := byArm[i][s.Param]
			if !ok || !finite(row.MuStar) {
				continue
			}
			// The first arm on top of its group.
			y0 := yc + groupWidth/2 - float64(i+1)*barH
			y1 := y0 + barH*0.9
			col, _ := armStyle(i)
			if err := addBar(p, row.MuStar*scale, y0, y1, col); err != nil {
				return nil, err
			}
			if words.Sigma() && finite(row.Sigma) {
				sigmas = append(sigmas, plotter.XY{X: row.Sigma * scale, Y: (y0 + y1) / 2})
			}
			if words.Shares && finite(row.Mu) {
				sigmas = append(sigmas, plotter.XY{X: max(0, row.Mu), Y: (y0 + y1) / 2}) // S_1
			}
		}
	}
	var legend []legendItem
	if k > 1 {
		for i, a := range arms {
			col, _ := armStyle(i)
			label := armLabel(a)
			if i == 0 {
				label += " (baseline)"
			}
			if i >= len(plan.Arms) {
				label = "difference: " + armLabel(plan.Arms[i-len(plan.Arms)+1].Name) + " − " + armLabel(plan.Arms[0].Name)
			}
			legend = append(legend, legendItem{label: label, thumbs: []plot.Thumbnailer{&plotter.Polygon{Color: col}}})
		}
	}
	if len(sigmas) > 0 {
		sc, err := plotter.NewScatter(sigmas)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: color.White, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		ring, err := plotter.NewScatter(sigmas)
		if err != nil {
			return nil, err
		}
		ring.GlyphStyle = draw.GlyphStyle{Color: color.Gray{Y: 0x20}, Radius: vg.Points(3), Shape: draw.RingGlyph{}}
		p.Add(sc, ring)
		label := "σ: spread of the changes"
		if words.Shares {
			label = "S_1: first-order index"
		}
		legend = append(legend, legendItem{label: label, thumbs: []plot.Thumbnailer{sc, ring}})
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	fixRange(&p.X, 0)
	p.X.Min = 0 // sizes of changes: the bars start at the axis
	if !(p.X.Max > 0) || math.IsNaN(p.X.Max) {
		p.X.Max = 1
	}
	h := max(plotHeight, vg.Inch+vg.Length(n)*vg.Points(float64(8+12*k)))
	if len(legend) > 0 {
		h += vg.Points(14)
	}
	return &figure{p: p, legend: legend, w: plotWidth, h: h}, nil
}
