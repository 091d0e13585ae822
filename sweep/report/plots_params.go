package report

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
)

// plotParam is the kind of the plots of a metric against a varied
// parameter: the mean of every arm at every design point.
const plotParam = "param"

// maxParamPlots bounds the plots of metrics against parameters: the
// first headline metrics, each against every numeric parameter.
const maxParamPlots = 24

// levelSpan is the least span of the value axis of a level plot, as a
// share of the largest value it shows, so that differences that are
// small beside the value look small.
const levelSpan = 0.2

// plotGridColor is the colour of the grid lines of a scatter plot.
var plotGridColor = color.Gray{Y: 0xe8}

// levelNote says how the level plots choose their axes.
const levelNote = "Levels, not effects: the mean of each arm with its 95% interval. Each value axis spans at least a fifth of the largest value it shows (more when the data need it), and its range is stated under the plot, so that a difference that is small beside the value looks small; the differences above are the comparisons."

// paramSpecs lists the plots of the headline metrics against the varied
// parameters of a design of several points: one per metric and numeric
// parameter, at most maxParamPlots.
func paramSpecs(res *Results) []plotSpec {
	plan := res.Plan
	if plan == nil || len(plan.Points) < 2 {
		return nil
	}
	n := paramPoints(res)
	var out []plotSpec
	drawn := map[string]bool{}
	for _, m := range plan.Metrics {
		if drawn[m] {
			continue
		}
		drawn[m] = true
		for i, k := range plan.ParamKeys {
			if !numericParam(res, i, n) {
				continue
			}
			if len(out) == maxParamPlots {
				return out
			}
			caption := fmt.Sprintf("The mean of each arm over its replications at each of %d design points, against %s; ", n, k)
			if n < len(plan.Points) {
				caption = fmt.Sprintf("The mean of each arm over its replications at the first %d of %d design points, against %s; ", n, len(plan.Points), k)
			}
			caption += "the other varied parameters differ from point to point. The value axis spans at least a fifth of the largest value shown."
			out = append(out, plotSpec{
				Name: "param-" + sanitizeName(m) + "-" + sanitizeName(k), Kind: plotParam, Metric: m, Group: k,
				Title:   MetricLabel(m) + " against " + k,
				Caption: caption,
			})
		}
	}
	return out
}

// paramPoints is the number of design points whose statistics the
// results keep for the reported metrics: every point of a screening
// design, else those the report's tables show.
func paramPoints(res *Results) int {
	if _, ok := res.Plan.Screens(); ok {
		return len(res.Plan.Points)
	}
	return min(len(res.Plan.Points), shownPoints(res.Plan))
}

// shownPoints is how many design points the report's tables show (the
// results keep the reported metrics at those points).
func shownPoints(plan *sweep.Plan) int {
	return maxPointRows / max(len(plan.Arms), 1)
}

// numericParam reports whether parameter i is a number at some of the
// first n design points.
func numericParam(res *Results, i, n int) bool {
	for _, pt := range res.Plan.Points[:n] {
		if i < len(pt.Values) {
			if _, ok := paramNumber(pt.Values[i]); ok {
				return true
			}
		}
	}
	return false
}

// paramNumber returns a parameter value as a number.
func paramNumber(v any) (float64, bool) {
	if v == nil {
		return 0, false
	}
	if s, ok := v.(string); ok {
		x, err := strconv.ParseFloat(s, 64)
		return x, err == nil
	}
	return schema.ToFloat(v)
}

// paramFigure draws the mean of a metric at every design point against
// one parameter, a marker per point and arm.
func paramFigure(res *Results, spec plotSpec) (*figure, error) {
	plan := res.Plan
	scale, unit := plotScale(spec.Metric)
	col := -1
	for i, k := range plan.ParamKeys {
		if k == spec.Group {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("no varied parameter %q", spec.Group)
	}
	p := newPlot(spec.Title, spec.Group, withUnit("Mean over replications", unit))
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{money: isMoney(spec.Metric)}
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = plotGridColor, plotGridColor
	p.Add(g)
	n := paramPoints(res)
	var legend []legendItem
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.PlusGlyph{}, draw.CrossGlyph{}, draw.RingGlyph{}}
	for ai, a := range plan.Arms {
		var xys plotter.XYs
		for pi := range n {
			x, ok := paramNumber(plan.Points[pi].Values[col])
			if !ok {
				continue
			}
			if s, ok := res.Stat(a.Name, pi, spec.Metric); ok && finite(s.Mean) {
				xys = append(xys, plotter.XY{X: x, Y: s.Mean * scale})
			}
		}
		if len(xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		c, _ := armStyle(ai)
		sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: shapes[ai%len(shapes)]}
		p.Add(sc)
		label := armLabel(a.Name)
		if ai == 0 {
			label += " (baseline)"
		}
		legend = append(legend, legendItem{label: label, thumbs: []plot.Thumbnailer{sc}})
	}
	fixRange(&p.X)
	fixRange(&p.Y)
	floorSpan(&p.Y)
	p.Y.Label.Text += " — axis " + axisRange(p.Y, isMoney(spec.Metric))
	return &figure{p: p, legend: legend, w: plotWidth, h: plotHeight}, nil
}

// floorSpan widens an axis to at least levelSpan times the largest value
// it shows, around its middle; an axis of values that are all positive
// does not go below zero.
func floorSpan(ax *plot.Axis) {
	big := math.Max(math.Abs(ax.Min), math.Abs(ax.Max))
	need := levelSpan * big
	if !finite(big) || big == 0 || ax.Max-ax.Min >= need {
		return
	}
	mid := (ax.Min + ax.Max) / 2
	lo, hi := mid-need/2, mid+need/2
	if ax.Min >= 0 && lo < 0 {
		lo, hi = 0, need
	}
	ax.Min, ax.Max = lo, hi
}

// axisRange states the range of an axis: "0.535 to 0.655".
func axisRange(ax plot.Axis, money bool) string {
	f := func(v float64) string {
		s := strconv.FormatFloat(v, 'g', 3, 64)
		if money {
			return "$" + s
		}
		return s
	}
	return f(ax.Min) + " to " + f(ax.Max)
}
