package report

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/pool"
	"github.com/agencysim/agencysim/sweep/stats"
)

// The plots folder inside a sweep folder, and the size and resolution of
// every plot.
const (
	plotsDir    = "plots"
	plotWidth   = 6 * vg.Inch
	plotHeight  = 4 * vg.Inch
	plotDPI     = 120
	plotMargin  = 6  // points of white around every figure
	maxArmLabel = 32 // longest arm name drawn in full; longer ones are shortened
)

// Kinds of plot.
const (
	plotMetric = "metric" // mean by arm with 95% intervals
	plotDiff   = "diff"   // paired difference from the baseline arm (forest plot)
	plotTrust  = "trust"  // trust over time by arm, for one group
	plotSafety = "safety" // incidents per 100 operations by arm
)

// safetyMetrics are the metrics of the safety plot, in drawing order, with
// their short legend labels.
var safetyMetrics = []struct{ key, label string }{
	{"safety.use_of_force_per_100_ops", "Use of force"},
	{"safety.injuries_per_100_ops", "Injuries (officer + civilian)"},
	{"safety.blue_on_blue_per_100_ops", "Blue-on-blue conflicts"},
}

// trustGroupOrder is the order of the community groups in the trust plots;
// other groups follow in name order.
var trustGroupOrder = []string{"citizen", "lawful_noncitizen", "undocumented"}

// trustGroupLabels names the community groups in plain language.
var trustGroupLabels = map[string]string{
	"citizen":           "citizens",
	"lawful_noncitizen": "lawful noncitizens",
	"undocumented":      "undocumented residents",
}

// armColors is the Okabe–Ito palette, which stays distinguishable for the
// common forms of colour blindness; yellow comes last as it is faint on
// white.
var armColors = []color.RGBA{
	{0x00, 0x00, 0x00, 0xff}, // black
	{0xe6, 0x9f, 0x00, 0xff}, // orange
	{0x00, 0x72, 0xb2, 0xff}, // blue
	{0x00, 0x9e, 0x73, 0xff}, // bluish green
	{0xd5, 0x5e, 0x00, 0xff}, // vermillion
	{0x56, 0xb4, 0xe9, 0xff}, // sky blue
	{0xcc, 0x79, 0xa7, 0xff}, // reddish purple
	{0xf0, 0xe4, 0x42, 0xff}, // yellow
}

// armDashes are the line dash patterns of the arms (in points), so that
// arms remain distinguishable when printed in greyscale.
var armDashes = [][]float64{
	nil,                // solid
	{6, 3},             // dashed
	{1.5, 2.5},         // dotted
	{7, 2.5, 1.5, 2.5}, // dash-dot
	{12, 4},            // long dash
	{4, 2, 1.5, 2, 1.5, 2},
	{2.5, 2.5},
	{9, 2.5, 3, 2.5},
}

// safetyColors are the fill colours of the safety metrics (Okabe–Ito,
// chosen to differ in lightness too).
var safetyColors = []color.RGBA{
	{0xe6, 0x9f, 0x00, 0xff},
	{0x00, 0x72, 0xb2, 0xff},
	{0xcc, 0x79, 0xa7, 0xff},
}

// plotSpec is one figure of a sweep: its file name (without extension),
// what it shows, and the caption the report gives it.
type plotSpec struct {
	Name    string // e.g. "diff-crimes.reporting_rate"
	Kind    string // plotMetric, plotDiff, plotTrust or plotSafety
	Metric  string // the summary key (metric and diff plots)
	Group   string // the community group (trust plots)
	Title   string
	Caption string
}

// plotSpecs lists the figures drawn for a sweep's results, in a fixed
// order: for each headline metric its means and its differences from the
// baseline, then trust over time by group, then safety.
func plotSpecs(res *Results) []plotSpec {
	plan := res.Plan
	if plan == nil || len(plan.Arms) == 0 {
		return nil
	}
	base := plan.Arms[0].Name
	var out []plotSpec
	drawn := map[string]bool{}
	for _, m := range plan.Metrics {
		if drawn[sanitizeName(m)] {
			continue // listed twice
		}
		drawn[sanitizeName(m)] = true
		label := MetricLabel(m)
		out = append(out, plotSpec{
			Name: "metric-" + sanitizeName(m), Kind: plotMetric, Metric: m,
			Title:   label + ": mean by arm",
			Caption: "The mean of each arm over its replications; the bars are 95% confidence intervals of the mean.",
		})
		if len(plan.Arms) > 1 {
			out = append(out, plotSpec{
				Name: "diff-" + sanitizeName(m), Kind: plotDiff, Metric: m,
				Title: label + ": difference from " + armLabel(base),
				Caption: fmt.Sprintf("The paired difference of each arm from the baseline arm (%s): arm minus baseline, with its 95%% interval. "+
					"A filled marker means the interval excludes zero; an open marker means it includes zero.", base),
			})
		}
	}
	for _, g := range trustGroups(res) {
		out = append(out, plotSpec{
			Name: "trust-" + sanitizeName(g), Kind: plotTrust, Group: g,
			Title: "Trust in police over time, " + groupLabel(g),
			Caption: fmt.Sprintf("Trust in police of %s (0 = none, 1 = full) by simulated day: the line is the mean over replications of each arm, the shaded band its 95%% confidence interval.",
				groupLabel(g)),
		})
	}
	hasSafety := false
	for _, sm := range safetyMetrics {
		for _, a := range plan.Arms {
			if _, ok := res.Stat(a.Name, 0, sm.key); ok {
				hasSafety = true
			}
		}
	}
	if hasSafety {
		out = append(out, plotSpec{
			Name: "safety", Kind: plotSafety,
			Title: "Safety incidents per 100 operations",
			Caption: "Use of force, injuries (officers and civilians) and blue-on-blue conflicts per 100 operations, " +
				"mean of each arm with 95% confidence intervals.",
		})
	}
	return out
}

// trustGroups lists the groups with a trust series at design point 0, the
// usual groups first.
func trustGroups(res *Results) []string {
	seen := map[string]bool{}
	var others []string
	for _, s := range res.Series {
		if s.Metric != "trust" || s.Point != 0 || seen[s.Group] {
			continue
		}
		seen[s.Group] = true
	}
	var out []string
	for _, g := range trustGroupOrder {
		if seen[g] {
			out = append(out, g)
			delete(seen, g)
		}
	}
	for g := range seen {
		others = append(others, g)
	}
	sort.Strings(others)
	return append(out, others...)
}

// groupLabel names a community group in plain language.
func groupLabel(g string) string {
	if l, ok := trustGroupLabels[g]; ok {
		return l
	}
	return strings.ReplaceAll(g, "_", " ")
}

// sanitizeName turns a key into a file name made of [a-z0-9._-].
func sanitizeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// writePlots draws the sweep's plots for design point 0 into <dir>/plots,
// each as PNG and SVG — the figures of plotSpecs, then the screening
// plots — and returns their paths relative to dir in that order (PNG
// before SVG). The same results always give byte-identical files.
func writePlots(dir string, res *Results) ([]string, error) {
	return writeFigures(dir, res, allSpecs(res))
}

// allSpecs lists every figure of a sweep's results: those by arm, the
// metrics against the parameters and the screening plots.
func allSpecs(res *Results) []plotSpec {
	return append(append(plotSpecs(res), paramSpecs(res)...), sensitivitySpecs(res)...)
}

// writeFigures draws the figures of specs into <dir>/plots, PNG and SVG,
// in parallel, and returns their paths relative to dir in the order of
// specs (PNG before SVG).
func writeFigures(dir string, res *Results, specs []plotSpec) ([]string, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(filepath.Join(dir, plotsDir), 0o755); err != nil {
		return nil, err
	}
	formats := []string{"png", "svg"}
	err := pool.Run(context.Background(), runtime.GOMAXPROCS(0), pool.Indices(len(specs)), func(i int) error {
		spec := specs[i]
		fig, err := buildFigure(res, spec)
		if err != nil {
			return fmt.Errorf("report: plot %s: %w", spec.Name, err)
		}
		for _, format := range formats {
			b, err := fig.render(format)
			if err != nil {
				return fmt.Errorf("report: plot %s: %w", spec.Name, err)
			}
			if err := fsutil.WriteAtomic(filepath.Join(dir, plotsDir, spec.Name+"."+format), func(w io.Writer) error {
				_, err := w.Write(b)
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var files []string
	for _, spec := range specs {
		for _, format := range formats {
			files = append(files, plotsDir+"/"+spec.Name+"."+format)
		}
	}
	return files, nil
}

// buildFigure draws the plot a spec describes.
func buildFigure(res *Results, spec plotSpec) (*figure, error) {
	switch spec.Kind {
	case plotMetric:
		return metricFigure(res, spec)
	case plotDiff:
		return diffFigure(res, spec)
	case plotTrust:
		return trustFigure(res, spec)
	case plotSafety:
		return safetyFigure(res, spec)
	case plotSensitivity:
		return sensitivityFigure(res, spec)
	case plotParam:
		return paramFigure(res, spec)
	}
	return nil, fmt.Errorf("unknown kind of plot %q", spec.Kind)
}

// figure is a plot with an optional legend drawn below it, outside the
// data area, so that long names never cover the data.
type figure struct {
	p      *plot.Plot
	legend []legendItem
	w, h   vg.Length
}

// legendItem is one entry of a figure's legend.
type legendItem struct {
	label  string
	thumbs []plot.Thumbnailer
}

// sansFont is the typeface of every text in the plots.
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// newPlot returns a plot with the house style: sans-serif text, a title
// and axis labels.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansFont, 12)
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sansFont, 10)
		ax.Tick.Label.Font = font.From(sansFont, 9)
		ax.Label.Padding = vg.Points(4)
	}
	p.Legend.TextStyle.Font = font.From(sansFont, 9)
	avail := plotWidth - 2*plotMargin
	if p.Title.TextStyle.Width(title) > avail {
		// Too wide: break after the colon, then shrink if need be.
		p.Title.Text = strings.Replace(title, ": ", ":\n", 1)
	}
	fitWidth(&p.Title.TextStyle, p.Title.Text, avail)
	fitWidth(&p.X.Label.TextStyle, xLabel, avail)
	return p
}

// fitWidth shrinks a text style's font, down to 7 points, until txt is no
// wider than avail.
func fitWidth(sty *text.Style, txt string, avail vg.Length) {
	for sty.Font.Size > 7 && sty.Width(txt) > avail {
		sty.Font.Size -= 0.5
	}
}

// legendStyle returns the legend of a figure in the house style.
func legendStyle() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = font.From(sansFont, 9)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(26)
	l.Padding = vg.Points(3)
	return l
}

// render draws the figure in format "png" or "svg".
//
// A PNG canvas starts white (vgimg's background), so only the SVG's
// background is drawn, and the PNG is compressed at png.BestSpeed: the
// figures are flat colours and lines, for which the default level's
// longer match search makes files barely smaller (a few per cent) at
// several times the cost (the figures were most of the time a sweep spends
// after its last run; issue 16). Nor is the plot's own white background
// drawn on the PNG: it would change no pixel of the white canvas, and
// rasterising it was a fifth of the figures' time (TestPNGNeedsNoPlotBackground).
func (f *figure) render(format string) ([]byte, error) {
	return f.renderWith(format, format != "png")
}

// renderWith is render, drawing the plot's background or not.
func (f *figure) renderWith(format string, background bool) ([]byte, error) {
	var (
		dc  draw.Canvas
		img *vgimg.Canvas
		svg *vgsvg.Canvas
	)
	if !background {
		bg := f.p.BackgroundColor
		f.p.BackgroundColor = nil
		defer func() { f.p.BackgroundColor = bg }()
	}
	switch format {
	case "png":
		img = vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(plotDPI))
		dc = draw.New(img)
	case "svg":
		svg = vgsvg.New(f.w, f.h)
		dc = draw.New(svg)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
	default:
		return nil, fmt.Errorf("unknown format %q", format)
	}
	area := draw.Crop(dc, plotMargin, -plotMargin, plotMargin, -plotMargin)
	if len(f.legend) > 0 {
		h := f.drawLegend(area)
		area = draw.Crop(area, 0, 0, h+vg.Points(6), 0)
	}
	f.p.Draw(area)
	var buf bytes.Buffer
	if img != nil {
		enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: pngBuffers{}}
		if err := enc.Encode(&buf, img.Image()); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	if _, err := svg.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pngBuffers recycles the PNG encoder's compressor (about a megabyte, a
// new one per figure otherwise) across figures and sweeps.
type pngBuffers struct{}

var pngBufferPool sync.Pool

func (pngBuffers) Get() *png.EncoderBuffer {
	b, _ := pngBufferPool.Get().(*png.EncoderBuffer)
	return b // nil makes the encoder allocate one
}

func (pngBuffers) Put(b *png.EncoderBuffer) { pngBufferPool.Put(b) }

// drawLegend draws the legend at the bottom of c, in as many columns as
// fit, entries left to right then top to bottom, and returns its height.
func (f *figure) drawLegend(c draw.Canvas) vg.Length {
	l := legendStyle()
	var colW vg.Length
	for _, it := range f.legend {
		if w := l.TextStyle.Width(it.label); w > colW {
			colW = w
		}
	}
	colW += l.ThumbnailWidth + l.TextStyle.Width("  ") + vg.Points(12)
	width := c.Max.X - c.Min.X
	cols := int(width / colW)
	cols = max(1, min(cols, len(f.legend)))
	rows := (len(f.legend) + cols - 1) / cols
	entryH := l.TextStyle.Height("Mg")
	height := vg.Length(rows)*(entryH+l.Padding) + l.TextStyle.FontExtents().Descent
	for col := range cols {
		leg := legendStyle()
		for i := col; i < len(f.legend); i += cols {
			leg.Add(f.legend[i].label, f.legend[i].thumbs...)
		}
		left := vg.Length(col) * colW
		sub := draw.Crop(c, left, 0, 0, 0)
		sub.Max.Y = c.Min.Y + height
		leg.Draw(sub)
	}
	return height
}

// armLabel shortens an arm name that would not fit next to an axis,
// keeping its beginning and its end.
func armLabel(name string) string {
	r := []rune(name)
	if len(r) <= maxArmLabel {
		return name
	}
	half := (maxArmLabel - 1) / 2
	return string(r[:half]) + "…" + string(r[len(r)-half:])
}

// withUnit appends a unit in parentheses to a label.
func withUnit(label, unit string) string {
	if unit == "" {
		return label
	}
	return label + " (" + unit + ")"
}

// niceTicks places about five labelled ticks at round values (multiples
// of 1, 2, 2.5 or 5 times a power of ten), with the same number of
// decimals on every label, and an unlabelled tick halfway between. Large
// numbers are labelled compactly (250k, 1.5M) and money in dollars.
type niceTicks struct{ money bool }

// Ticks implements plot.Ticker.
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo, hi) || !(hi > lo) {
		return nil // the axis sanitizes its range before asking
	}
	step, dec := niceStep((hi - lo) / 5)
	big := math.Max(math.Abs(lo), math.Abs(hi)) >= 10000
	var ticks []plot.Tick
	for k := math.Floor(lo / step); k*step <= hi; k++ {
		if v := k * step; v >= lo {
			if math.Abs(v) < step*1e-9 {
				v = 0
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: tickLabel(v, dec, t.money, big)})
		}
		if m := (k + 0.5) * step; m >= lo && m <= hi {
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	return ticks
}

// niceStep rounds a tick spacing up to 1, 2, 2.5 or 5 times a power of
// ten, and returns it with the decimals its labels need.
func niceStep(raw float64) (float64, int) {
	e := math.Floor(math.Log10(raw))
	pow := math.Pow(10, e)
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*pow >= raw*(1-1e-9) {
			dec := max(0, -int(e))
			if m == 2.5 {
				dec++
			}
			if m == 10 {
				dec = max(0, dec-1)
			}
			return m * pow, dec
		}
	}
	return 10 * pow, max(0, -int(e)-1)
}

// tickLabel formats a tick value: with dec decimals, or compactly (1.5M,
// 250k) for large numbers; money with a dollar sign.
func tickLabel(v float64, dec int, money, big bool) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	if money {
		sign += "$"
	}
	compact := func(x float64, unit string) string {
		return sign + strconv.FormatFloat(x, 'g', 4, 64) + unit
	}
	switch {
	case big && v >= 1e9:
		return compact(v/1e9, "B")
	case big && v >= 1e6:
		return compact(v/1e6, "M")
	case big && v >= 1e3:
		return compact(v/1e3, "k")
	}
	return sign + strconv.FormatFloat(v, 'f', dec, 64)
}

// armStyle returns the colour and line dashes of arm i.
func armStyle(i int) (color.RGBA, []vg.Length) {
	var dashes []vg.Length
	for _, d := range armDashes[i%len(armDashes)] {
		dashes = append(dashes, vg.Points(d))
	}
	return armColors[i%len(armColors)], dashes
}

// interval is one row of a dot-and-whisker plot.
type interval struct {
	label  string
	mean   float64
	lo, hi float64
	style  int // arm style index
}

// dotWhisker draws rows of means with horizontal 95% intervals, the first
// row at the top. Rows without a mean are labelled "(no data)". With
// openIfCoversZero, a row whose interval includes zero gets an open marker.
func dotWhisker(p *plot.Plot, rows []interval, scale float64, openIfCoversZero bool) error {
	n := len(rows)
	names := make([]string, n)
	for i, r := range rows {
		y := float64(n - 1 - i)
		label := r.label
		if !finite(r.mean) {
			label += " (no data)"
		}
		names[n-1-i] = label
		if !finite(r.mean) {
			continue
		}
		col, _ := armStyle(r.style)
		if finite(r.lo, r.hi) {
			eb, err := plotter.NewXErrorBars(errRows{{x: r.mean * scale, y: y, low: (r.mean - r.lo) * scale, high: (r.hi - r.mean) * scale}})
			if err != nil {
				return err
			}
			eb.LineStyle.Color = col
			eb.LineStyle.Width = vg.Points(1.5)
			eb.CapWidth = vg.Points(8)
			p.Add(eb)
		}
		sc, err := plotter.NewScatter(plotter.XYs{{X: r.mean * scale, Y: y}})
		if err != nil {
			return err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		if openIfCoversZero && !(finite(r.lo, r.hi) && (r.lo > 0 || r.hi < 0)) {
			// The interval includes zero (or is unknown): an open marker
			// on a white disc, so the interval line does not cross it.
			bg, err := plotter.NewScatter(plotter.XYs{{X: r.mean * scale, Y: y}})
			if err != nil {
				return err
			}
			bg.GlyphStyle = draw.GlyphStyle{Color: color.White, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
			p.Add(bg)
			sc.GlyphStyle.Shape = draw.RingGlyph{}
		}
		p.Add(sc)
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	return nil
}

// errRows are points with horizontal error magnitudes.
type errRows []struct{ x, y, low, high float64 }

// Len implements plotter.XYer.
func (e errRows) Len() int { return len(e) }

// XY implements plotter.XYer.
func (e errRows) XY(i int) (float64, float64) { return e[i].x, e[i].y }

// XError implements plotter.XErrorer.
func (e errRows) XError(i int) (float64, float64) { return e[i].low, e[i].high }

// figureHeight is the height of a figure with rows of arms: the standard
// height, taller when there are many rows.
func figureHeight(rows int) vg.Length {
	return max(plotHeight, vg.Inch+vg.Length(rows)*vg.Points(22))
}

// fixRange makes sure an axis has a sensible range when nothing was drawn
// on it, and leaves room around the data.
func fixRange(ax *plot.Axis, include ...float64) {
	for _, v := range include {
		ax.Min, ax.Max = math.Min(ax.Min, v), math.Max(ax.Max, v)
	}
	if math.IsInf(ax.Min, 0) || math.IsInf(ax.Max, 0) {
		ax.Min, ax.Max = 0, 1
		return
	}
	pad := 0.05 * (ax.Max - ax.Min)
	ax.Min -= pad
	ax.Max += pad
}

// metricFigure draws the mean of a metric by arm with 95% intervals.
func metricFigure(res *Results, spec plotSpec) (*figure, error) {
	scale, unit := plotScale(spec.Metric)
	reps := replicationText(res)
	p := newPlot(spec.Title, withUnit("Mean over "+reps+", with 95% interval", unit), "")
	var rows []interval
	for i, a := range res.Plan.Arms {
		label := armLabel(a.Name)
		if i == 0 {
			label += " (baseline)"
		}
		r := interval{label: label, mean: math.NaN(), lo: math.NaN(), hi: math.NaN(), style: i}
		if s, ok := res.Stat(a.Name, 0, spec.Metric); ok {
			r.mean, r.lo, r.hi = s.Mean, s.Lo, s.Hi
		}
		rows = append(rows, r)
	}
	p.X.Tick.Marker = niceTicks{money: isMoney(spec.Metric)}
	p.Add(verticalGrid())
	if err := dotWhisker(p, rows, scale, false); err != nil {
		return nil, err
	}
	fixRange(&p.X)
	floorSpan(&p.X)
	p.X.Label.Text += " — axis " + axisRange(p.X, isMoney(spec.Metric))
	fitWidth(&p.X.Label.TextStyle, p.X.Label.Text, plotWidth-2*plotMargin)
	return &figure{p: p, w: plotWidth, h: figureHeight(len(rows))}, nil
}

// diffFigure draws the paired difference of a metric from the baseline
// arm for every other arm, with a vertical line at zero.
func diffFigure(res *Results, spec plotSpec) (*figure, error) {
	scale, _ := plotScale(spec.Metric)
	p := newPlot(spec.Title, withUnit("Arm minus baseline, paired, with 95% interval", diffUnit(spec.Metric)), "")
	var rows []interval
	for i, a := range res.Plan.Arms[1:] {
		r := interval{label: armLabel(a.Name), mean: math.NaN(), lo: math.NaN(), hi: math.NaN(), style: i + 1}
		if c, ok := res.Comparison(a.Name, 0, spec.Metric); ok {
			r.mean, r.lo, r.hi = c.Diff, c.Lo, c.Hi
		}
		rows = append(rows, r)
	}
	p.X.Tick.Marker = niceTicks{money: isMoney(spec.Metric)}
	p.Add(verticalGrid())
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -1}, {X: 0, Y: float64(len(rows))}})
	if err != nil {
		return nil, err
	}
	zero.LineStyle = draw.LineStyle{Color: color.Gray{Y: 0x55}, Width: vg.Points(1)}
	p.Add(zero)
	if err := dotWhisker(p, rows, scale, true); err != nil {
		return nil, err
	}
	fixRange(&p.X, 0)
	return &figure{p: p, w: plotWidth, h: figureHeight(len(rows))}, nil
}

// verticalGrid returns light vertical grid lines.
func verticalGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Horizontal.Color = nil
	g.Vertical.Color = color.Gray{Y: 0xe0}
	g.Vertical.Width = vg.Points(0.5)
	return g
}

// trustFigure draws trust over time for one group: a line (mean) and a
// shaded 95% band per arm.
func trustFigure(res *Results, spec plotSpec) (*figure, error) {
	p := newPlot(spec.Title, "Simulated day", "Trust in police (0 = none, 1 = full)")
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{}
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 0xe8}
	g.Horizontal.Color = color.Gray{Y: 0xe8}
	p.Add(g)
	type armSeries struct {
		bands []*plotter.Polygon
		lines []*plotter.Line
	}
	all := make([]armSeries, len(res.Plan.Arms))
	var legend []legendItem
	for i, a := range res.Plan.Arms {
		var pts []stats.SeriesStat
		for _, s := range res.Series {
			if s.Arm == a.Name && s.Point == 0 && s.Metric == "trust" && s.Group == spec.Group {
				pts = append(pts, s)
			}
		}
		sort.SliceStable(pts, func(x, y int) bool { return pts[x].Day < pts[y].Day })
		col, dashes := armStyle(i)
		fill := color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x38}
		lineStyle := draw.LineStyle{Color: col, Width: vg.Points(1.6), Dashes: dashes}
		// Lines and bands break where a value is missing.
		for _, seg := range segments(pts, func(s stats.SeriesStat) bool { return finite(s.Day, s.Mean) }) {
			xys := make(plotter.XYs, len(seg))
			for k, s := range seg {
				xys[k] = plotter.XY{X: s.Day, Y: s.Mean}
			}
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, err
			}
			l.LineStyle = lineStyle
			all[i].lines = append(all[i].lines, l)
		}
		for _, seg := range segments(pts, func(s stats.SeriesStat) bool { return finite(s.Day, s.Lo, s.Hi) }) {
			ring := make(plotter.XYs, 0, 2*len(seg))
			for _, s := range seg {
				ring = append(ring, plotter.XY{X: s.Day, Y: s.Lo})
			}
			for k := len(seg) - 1; k >= 0; k-- {
				ring = append(ring, plotter.XY{X: seg[k].Day, Y: seg[k].Hi})
			}
			poly, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, err
			}
			poly.Color = fill
			poly.LineStyle = draw.LineStyle{} // no outline
			all[i].bands = append(all[i].bands, poly)
		}
		label := armLabel(a.Name)
		if i == 0 {
			label += " (baseline)"
		}
		if len(all[i].lines) == 0 {
			label += " (no data)"
		}
		thumbLine := &plotter.Line{LineStyle: lineStyle, FillColor: nil}
		thumbBand := &plotter.Polygon{Color: fill}
		legend = append(legend, legendItem{label: label, thumbs: []plot.Thumbnailer{thumbBand, thumbLine}})
	}
	// Every band first, then every line, so no band hides a line.
	for _, s := range all {
		for _, b := range s.bands {
			p.Add(b)
		}
	}
	for _, s := range all {
		for _, l := range s.lines {
			p.Add(l)
		}
	}
	fixRange(&p.Y)
	floorSpan(&p.Y)
	p.Y.Label.Text += " — axis " + axisRange(p.Y, false)
	if math.IsInf(p.X.Min, 0) || math.IsInf(p.X.Max, 0) {
		p.X.Min, p.X.Max = 0, 1
	}
	if p.X.Min > 0 && p.X.Min <= 0.1*p.X.Max {
		p.X.Min = 0 // the axis starts at day 0
	}
	return &figure{p: p, legend: legend, w: plotWidth, h: plotHeight}, nil
}

// segments splits points into runs of consecutive points that pass ok.
func segments(pts []stats.SeriesStat, ok func(stats.SeriesStat) bool) [][]stats.SeriesStat {
	var out [][]stats.SeriesStat
	var cur []stats.SeriesStat
	for _, s := range pts {
		if !ok(s) {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, s)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// safetyFigure draws the safety incidents per 100 operations by arm:
// horizontal bars grouped by arm, one per incident kind, with 95%
// intervals.
func safetyFigure(res *Results, spec plotSpec) (*figure, error) {
	p := newPlot(spec.Title, "Incidents per 100 operations (mean, with 95% interval)", "")
	p.X.Tick.Marker = niceTicks{}
	p.Add(verticalGrid())
	arms := res.Plan.Arms
	n := len(arms)
	k := len(safetyMetrics)
	const groupWidth = 0.8
	barH := groupWidth / float64(k)
	names := make([]string, n)
	var legend []legendItem
	for j, sm := range safetyMetrics {
		col := safetyColors[j%len(safetyColors)]
		thumb := &plotter.Polygon{Color: col}
		legend = append(legend, legendItem{label: sm.label, thumbs: []plot.Thumbnailer{thumb}})
	}
	for i, a := range arms {
		yc := float64(n - 1 - i)
		label := armLabel(a.Name)
		if i == 0 {
			label += " (baseline)"
		}
		drawn := false
		for j, sm := range safetyMetrics {
			s, ok := res.Stat(a.Name, 0, sm.key)
			if !ok || !finite(s.Mean) {
				continue
			}
			drawn = true
			// The first metric on top of its group.
			y0 := yc + groupWidth/2 - float64(j+1)*barH
			y1 := y0 + barH*0.9
			if err := addBar(p, s.Mean, y0, y1, safetyColors[j%len(safetyColors)]); err != nil {
				return nil, err
			}
			if finite(s.Lo, s.Hi) {
				eb, err := plotter.NewXErrorBars(errRows{{x: s.Mean, y: (y0 + y1) / 2, low: s.Mean - s.Lo, high: s.Hi - s.Mean}})
				if err != nil {
					return nil, err
				}
				eb.LineStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
				eb.CapWidth = vg.Points(4)
				p.Add(eb)
			}
		}
		if !drawn {
			label += " (no data)"
		}
		names[n-1-i] = label
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	dataMin := p.X.Min
	fixRange(&p.X, 0)
	if !(dataMin < 0) {
		p.X.Min = 0 // the bars start at the axis
	}
	return &figure{p: p, legend: legend, w: plotWidth, h: figureHeight(n * 2)}, nil
}

// addBar draws a horizontal bar from 0 to x between y0 and y1, with a thin
// dark outline.
func addBar(p *plot.Plot, x, y0, y1 float64, col color.Color) error {
	bar, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: y0}, {X: x, Y: y0}, {X: x, Y: y1}, {X: 0, Y: y1}})
	if err != nil {
		return err
	}
	bar.Color = col
	bar.LineStyle = draw.LineStyle{Color: color.Gray{Y: 0x40}, Width: vg.Points(0.4)}
	p.Add(bar)
	return nil
}

// replicationText describes the replications per arm at design point 0,
// e.g. "20 replications" or "20–40 replications".
func replicationText(res *Results) string {
	lo, hi := replicationRange(res)
	if lo == hi {
		if lo == 1 {
			return "1 replication"
		}
		return fmt.Sprintf("%d replications", lo)
	}
	return fmt.Sprintf("%d–%d replications", lo, hi)
}

// replicationRange returns the fewest and most replications of an arm at
// design point 0, from res.Needed or else the sweep.
func replicationRange(res *Results) (int, int) {
	lo, hi := -1, -1
	for _, a := range res.Plan.Arms {
		r, ok := res.Needed[a.Name]
		if !ok || len(r) == 0 {
			continue
		}
		if lo < 0 || r[0] < lo {
			lo = r[0]
		}
		if r[0] > hi {
			hi = r[0]
		}
	}
	if lo < 0 {
		return res.Plan.Sweep.Replications, res.Plan.Sweep.Replications
	}
	return lo, hi
}
