package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/stats"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// longArm is an arm name too long to draw in full.
const longArm = "joint-task-force-with-full-287g-and-detainers-honored-always"

// syntheticResults builds the results of a sweep in memory: three arms
// (the second with a long name), one design point, the default headline
// metrics plus one other, trust series for three groups, and some
// undefined (NaN) values.
func syntheticResults() *Results {
	arms := []sweep.Arm{{Name: "baseline"}, {Name: longArm}, {Name: "never"}}
	plan := &sweep.Plan{
		Sweep:    sweep.Sweep{Name: "detainer-policies", Replications: 10, Seed: 7},
		Source:   "sweeps/detainers.yaml",
		BaseName: "bundled:baseline",
		Arms:     arms,
		Points:   []sweep.Point{{Index: 0}},
		Metrics:  sweep.DefaultMetrics,
		Hash:     "abc123sweephash",
	}
	res := &Results{Plan: plan, Expected: 30, Present: 30, Needed: map[string][]int{}}
	var rows []stats.Stat
	var cmps []stats.Comparison
	var series []stats.SeriesStat
	metrics := append(append([]string(nil), sweep.DefaultMetrics...), "operations.total")
	nan := math.NaN()
	for ai, a := range arms {
		res.Needed[a.Name] = []int{10}
		for mi, m := range metrics {
			mean := syntheticMean(m, ai, mi)
			lo, hi := mean*0.95, mean*1.05
			switch {
			case a.Name == "never" && m == "detainers.issued":
				mean, lo, hi = nan, nan, nan // an undefined metric
			case a.Name == "never" && m == "safety.blue_on_blue_per_100_ops":
				lo, hi = nan, nan // a mean without an interval
			}
			rows = append(rows, stats.Stat{Arm: a.Name, Metric: m, N: 10, Mean: mean, SD: mean / 10, Lo: lo, Hi: hi})
			if ai == 0 {
				continue
			}
			base := syntheticMean(m, 0, mi)
			d := mean - base
			c := stats.Comparison{Arm: a.Name, Baseline: "baseline", Metric: m, N: 10, BaseMean: base, ArmMean: mean,
				Diff: d, Lo: d - math.Abs(d)/2, Hi: d + math.Abs(d)/2, Relative: d / base,
				PairedHalfWidth: math.Abs(d) / 2, UnpairedHalfWidth: 2 * math.Abs(d)}
			if a.Name == "never" && mi%3 == 0 {
				// An interval that includes zero.
				c.Lo, c.Hi = d-2*math.Abs(d)-0.001, d+2*math.Abs(d)+0.001
			}
			if a.Name == "never" && m == "detainers.issued" {
				c.Diff, c.Lo, c.Hi = nan, nan, nan
			}
			cmps = append(cmps, c)
		}
	}
	for ai, a := range arms {
		for gi, g := range []string{"citizen", "lawful_noncitizen", "undocumented"} {
			for day := 0.0; day <= 60; day += 5 {
				mean := 0.6 - 0.05*float64(gi) - 0.001*float64(ai)*day
				hw := 0.01 + 0.0005*day
				s := stats.SeriesStat{Arm: a.Name, Metric: "trust", Group: g, Day: day, N: 10, Mean: mean, Lo: mean - hw, Hi: mean + hw}
				if ai == 2 && day == 30 {
					s.Mean, s.Lo, s.Hi = nan, nan, nan // a gap in the series
				}
				series = append(series, s)
			}
		}
	}
	res.Table = stats.TableOf(rows, cmps, series)
	res.Manifest = Manifest{
		Sweep: plan.Source, SweepFileHash: "f11e5eedf11e5eed", SweepHash: plan.Hash,
		Base: plan.BaseName, BaseHash: "ba5eba5eba5e", Versions: []string{"v0.1.0"}, GoVersion: "go1.26.0",
		Seed: 7, Arms: []string{"baseline", longArm, "never"}, BaselineArm: "baseline", Design: "none",
		Points: 1, Runs: 30, Finished: 30, Started: "2030-01-02T03:04:05Z", Ended: "2030-01-02T04:05:06Z",
	}
	return res
}

// syntheticMean is a plausible mean of metric m for arm a.
func syntheticMean(m string, a, i int) float64 {
	shift := 1 + 0.1*float64(a)
	switch metricOf(m).Kind {
	case agents.KindShare:
		return math.Min(0.95, (0.15+0.03*float64(i%7))*shift)
	case agents.KindLevel:
		return 0.45 + 0.02*float64(a)
	case agents.KindMoney:
		return 1234567 * shift
	}
	if strings.HasPrefix(m, "safety.") {
		return (2 + float64(i%3)) * shift
	}
	return (100 + 37*float64(i)) * shift
}

// expectedPlotNames lists the plots of syntheticResults, without extension,
// in the order writePlots writes them.
func expectedPlotNames() []string {
	var out []string
	for _, m := range sweep.DefaultMetrics {
		out = append(out, "metric-"+m, "diff-"+m)
	}
	return append(out, "trust-citizen", "trust-lawful_noncitizen", "trust-undocumented", "safety")
}

func TestWritePlotsWritesPNGAndSVGForEveryPlot(t *testing.T) {
	t.Parallel()
	_, dir, files := syntheticReport(t)

	var want []string
	for _, n := range expectedPlotNames() {
		want = append(want, "plots/"+n+".png", "plots/"+n+".svg")
	}
	assert.Equal(t, want, files, "one PNG and one SVG per plot, in a fixed order")

	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.Less(t, len(b), 400_000, "%s is reasonably small", f)
		switch filepath.Ext(f) {
		case ".png":
			img, err := png.Decode(bytes.NewReader(b))
			require.NoError(t, err, f)
			assert.Equal(t, image.Rect(0, 0, 720, 480), img.Bounds(), "%s is 6x4 inches at 120 dpi", f)
			assert.Greater(t, distinctColors(img), 10, "%s is not blank", f)
		case ".svg":
			root := parseSVG(t, b)
			assert.Equal(t, "svg", root, f)
		}
	}
}

func TestPlotsAreByteIdenticalAcrossRuns(t *testing.T) {
	t.Parallel()
	_, a, fa := syntheticReport(t)
	b := t.TempDir()
	fb, err := writePlots(b, syntheticResults())
	require.NoError(t, err)
	require.Equal(t, fa, fb)
	// And again into the same folder, over the first files.
	fc, err := writePlots(b, syntheticResults())
	require.NoError(t, err)
	require.Equal(t, fa, fc)
	for _, f := range fa {
		x, err := os.ReadFile(filepath.Join(a, f))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, f))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(x, y), "%s differs between two runs", f)
	}
}

func TestPlotsUseReadableLabels(t *testing.T) {
	t.Parallel()
	_, dir, _ := syntheticReport(t)
	text := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, "plots", name))
		require.NoError(t, err)
		return svgText(t, b)
	}

	m := text("metric-crimes.by_group.undocumented.rate.svg")
	assert.Contains(t, m, "Reporting rate, undocumented victims: mean by arm")
	assert.Contains(t, m, "baseline (baseline)")
	assert.Contains(t, m, "(%)", "rates are drawn as percentages")
	assert.NotContains(t, m, longArm, "a long arm name is shortened")
	assert.Contains(t, m, armLabel(longArm))
	assert.Less(t, len([]rune(armLabel(longArm))), len(longArm))

	d := text("diff-crimes.by_group.undocumented.rate.svg")
	assert.Contains(t, d, "difference from baseline")
	assert.Contains(t, d, "percentage points")
	assert.NotContains(t, d, "baseline (baseline)", "the forest plot shows only the compared arms")

	// An undefined metric is drawn as "no data", not as a point at zero.
	assert.Contains(t, text("metric-detainers.issued.svg"), "never (no data)")
	assert.Contains(t, text("diff-detainers.issued.svg"), "never (no data)")
	assert.Contains(t, text("metric-costs.jail_cost.svg"), "$", "money is labelled in dollars")

	tr := text("trust-undocumented.svg")
	assert.Contains(t, tr, "Trust in police over time, undocumented residents")
	assert.Contains(t, tr, "Simulated day")
	for _, l := range []string{"baseline (baseline)", armLabel(longArm), "never"} {
		assert.Contains(t, tr, l, "the legend names every arm")
	}

	s := text("safety.svg")
	for _, l := range []string{"Use of force", "Injuries", "Blue-on-blue conflicts", "Incidents per 100 operations"} {
		assert.Contains(t, s, l)
	}
}

func TestPlotTitlesThatAreTooWideAreWrapped(t *testing.T) {
	t.Parallel()
	res := syntheticResults()
	// The long-named arm becomes the baseline: the titles of the forest
	// plots name it.
	res.Plan.Arms[0], res.Plan.Arms[1] = res.Plan.Arms[1], res.Plan.Arms[0]
	dir := t.TempDir()
	_, err := writePlots(dir, res)
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(dir, "plots", "diff-safety.blue_on_blue_per_100_ops.svg"))
	require.NoError(t, err)
	lines := strings.Split(svgText(t, b), "\n")
	assert.Equal(t, "Blue-on-blue conflicts per 100 operations:", lines[0], "the title breaks after its colon")
	assert.Equal(t, "difference from "+armLabel(longArm), lines[1])
}

func TestTrustPlotUsesThePaletteAndDashes(t *testing.T) {
	t.Parallel()
	_, dir, _ := syntheticReport(t)
	b, err := os.ReadFile(filepath.Join(dir, "plots", "trust-citizen.png"))
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	for i := range 3 {
		assert.True(t, hasColor(img, armColors[i]), "arm %d is drawn in its Okabe–Ito colour", i)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "plots", "trust-citizen.svg"))
	require.NoError(t, err)
	assert.Contains(t, string(svg), "stroke-dasharray", "arms differ by dash pattern too")
}

func TestWritePlotsCopesWithOneArmAndNoData(t *testing.T) {
	t.Parallel()
	res := syntheticResults()
	res.Plan.Arms = res.Plan.Arms[:1]
	rows, _ := rowsOf(t, res)
	for i := range rows {
		rows[i].Mean, rows[i].Lo, rows[i].Hi = math.NaN(), math.NaN(), math.NaN()
	}
	res.Table = stats.TableOf(rows, nil, res.Series)
	for i := range res.Series {
		res.Series[i].Mean = math.NaN()
	}
	dir := t.TempDir()
	files, err := writePlots(dir, res)
	require.NoError(t, err)
	for _, f := range files {
		assert.NotContains(t, f, "diff-", "no differences with a single arm")
	}
	assert.Contains(t, files, "plots/metric-clearance.rate.png")
	assert.Contains(t, files, "plots/safety.svg")
	b, err := os.ReadFile(filepath.Join(dir, "plots", "metric-clearance.rate.svg"))
	require.NoError(t, err)
	assert.Contains(t, svgText(t, b), "baseline (baseline) (no data)")
}

func TestPlotTicksAreRoundAndConsistent(t *testing.T) {
	t.Parallel()
	labels := func(tk niceTicks, lo, hi float64) []string {
		var out []string
		for _, x := range tk.Ticks(lo, hi) {
			if x.Label != "" {
				out = append(out, x.Label)
			}
		}
		return out
	}
	assert.Equal(t, []string{"-7.5", "-5.0", "-2.5", "0.0", "2.5"}, labels(niceTicks{}, -9.2, 3.1))
	assert.Equal(t, []string{"0.400", "0.425", "0.450", "0.475"}, labels(niceTicks{}, 0.385, 0.49))
	assert.Equal(t, []string{"0", "100", "200", "300"}, labels(niceTicks{}, 0, 365))
	assert.Equal(t, []string{"$1.2M", "$1.25M", "$1.3M"}, labels(niceTicks{money: true}, 1.17e6, 1.31e6))
	// Degenerate ranges do not fail.
	assert.NotPanics(t, func() { niceTicks{}.Ticks(1, 1) })
	assert.NotPanics(t, func() { niceTicks{}.Ticks(math.NaN(), 1) })
}

func TestPlotFileNamesAreSanitized(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "crimes.by_group.undocumented.rate", sanitizeName("crimes.by_group.undocumented.rate"))
	assert.Equal(t, "a_b_c-d_.x", sanitizeName("A b/c-d?.x"))
	assert.Equal(t, "_", sanitizeName(""))
}

// distinctColors counts the colours of an image (up to 1000).
func distinctColors(img image.Image) int {
	seen := map[color.RGBA]bool{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, a := img.At(x, y).RGBA()
			seen[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}] = true
			if len(seen) >= 1000 {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// hasColor reports whether some pixel is within a small distance of c.
func hasColor(img image.Image, c color.RGBA) bool {
	bd := img.Bounds()
	near := func(a uint32, b uint8) bool { return math.Abs(float64(a>>8)-float64(b)) <= 12 }
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(b, c.B) {
				return true
			}
		}
	}
	return false
}

// parseSVG checks that b is well-formed XML and returns the name of its
// root element.
func parseSVG(t *testing.T, b []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	return root
}

// svgText returns the text content of an SVG document, one element per
// line.
func svgText(t *testing.T, b []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var sb strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if cd, ok := tok.(xml.CharData); ok {
			if s := strings.TrimSpace(string(cd)); s != "" {
				sb.WriteString(s)
				sb.WriteByte('\n')
			}
		}
	}
	return sb.String()
}

// rowsOf returns every statistic and comparison of res's table, in order.
func rowsOf(t *testing.T, res *Results) ([]stats.Stat, []stats.Comparison) {
	var rows []stats.Stat
	var cmps []stats.Comparison
	require.NoError(t, res.EachStat(func(s stats.Stat) error { rows = append(rows, s); return nil }))
	require.NoError(t, res.EachComparison(func(c stats.Comparison) error { cmps = append(cmps, c); return nil }))
	return rows, cmps
}

// TestPNGNeedsNoPlotBackground holds render's shortcut to its claim: on
// the white PNG canvas the plot's white background changes no byte, for
// every kind of figure, of several arms or of one, whatever its height.
func TestPNGNeedsNoPlotBackground(t *testing.T) {
	t.Parallel()
	one := syntheticResults()
	one.Plan.Arms = one.Plan.Arms[:1]
	for _, res := range []*Results{syntheticResults(), one} {
		for _, spec := range allSpecs(res) {
			fig, err := buildFigure(res, spec)
			require.NoError(t, err, spec.Name)
			bg := fig.p.BackgroundColor
			require.NotNil(t, bg, "%s: the plot has a background to leave out", spec.Name)
			with, err := fig.renderWith("png", true)
			require.NoError(t, err, spec.Name)
			without, err := fig.render("png")
			require.NoError(t, err, spec.Name)
			assert.True(t, bytes.Equal(with, without), "%s: the PNG differs without the plot's background", spec.Name)
			assert.Equal(t, bg, fig.p.BackgroundColor, "%s: render gives the background back", spec.Name)
		}
	}
}
