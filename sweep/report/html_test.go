package report

import (
	"bytes"
	"context"
	"encoding/base64"
	"html"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/agencysim/agencysim/sweep/stats"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildReport draws the plots and the report of res into a new folder and
// returns the report's text, with character references (html/template
// writes "+" as "&#43;") decoded, and the folder.
func buildReport(t *testing.T, res *Results) (string, string) {
	t.Helper()
	dir := t.TempDir()
	files, err := writePlots(dir, res)
	require.NoError(t, err)
	require.NoError(t, writeReport(dir, res, files))
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	return html.UnescapeString(string(b)), dir
}

// synthetic is the plots and report of syntheticResults, drawn once for
// the tests that only read them.
var synthetic struct {
	once      sync.Once
	dir, page string
	files     []string
	err       error
}

// syntheticReport returns the report of syntheticResults (as buildReport
// does), its folder and its plot files, drawn once.
func syntheticReport(t *testing.T) (string, string, []string) {
	t.Helper()
	synthetic.once.Do(func() {
		if synthetic.dir, synthetic.err = os.MkdirTemp("", "agencysim-report"); synthetic.err != nil {
			return
		}
		res := syntheticResults()
		if synthetic.files, synthetic.err = writePlots(synthetic.dir, res); synthetic.err != nil {
			return
		}
		if synthetic.err = writeReport(synthetic.dir, res, synthetic.files); synthetic.err != nil {
			return
		}
		var b []byte
		b, synthetic.err = os.ReadFile(filepath.Join(synthetic.dir, "report.html"))
		synthetic.page = html.UnescapeString(string(b))
	})
	require.NoError(t, synthetic.err)
	return synthetic.page, synthetic.dir, synthetic.files
}

func TestMain(m *testing.M) {
	code := m.Run()
	if synthetic.dir != "" {
		os.RemoveAll(synthetic.dir)
	}
	os.Exit(code)
}

// section returns the text of the table with the given id.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `<table id="`+id+`"`)
	require.GreaterOrEqual(t, i, 0, "table %s", id)
	j := strings.Index(page[i:], "</table>")
	require.Greater(t, j, 0)
	return page[i : i+j]
}

var dataURI = regexp.MustCompile(`src="data:image/png;base64,([A-Za-z0-9+/=]+)"`)

func TestReportSummarizesTheSweep(t *testing.T) {
	t.Parallel()
	page, _, _ := syntheticReport(t)

	assert.Contains(t, page, "<title>Sweep report: detainer-policies</title>")
	for _, a := range []string{"baseline", longArm, "never"} {
		assert.Contains(t, page, a, "the report names every arm in full")
	}
	assert.Contains(t, page, "compares 2 policy arms, <b>"+longArm+"</b> and <b>never</b>, with the baseline arm <b>baseline</b>")
	assert.Contains(t, page, "Each arm ran 10 replications")
	assert.Contains(t, page, "seed 7")
	assert.Contains(t, page, "bundled:baseline")
	assert.NotContains(t, page, "Partial results", "a complete sweep has no partial notice")
	assert.NotContains(t, page, `id="failures"`, "no failures, no failure table")
	assert.NotContains(t, page, `id="points"`, "one design point, no table of points")

	head := section(t, page, "headline")
	for _, m := range sweep.DefaultMetrics {
		assert.Contains(t, head, MetricLabel(m), m)
	}
	// Number formats: rates as percentages, money in dollars, counts with
	// thousands separators, undefined values as a dash.
	assert.Contains(t, head, "15.0%")
	assert.Contains(t, head, "$1,234,567")
	assert.Contains(t, head, "+1.50 pts", "differences of rates in percentage points")
	assert.Contains(t, head, "+$123,457")
	assert.Contains(t, head, "[−3.1 pts, +9.1 pts]", "an interval that includes zero, at the precision it needs")
	assert.Regexp(t, `<td class="l" rowspan="2">Detainers issued</td><td rowspan="2">\d{1,3}(,\d{3})* `, head)
	assert.Regexp(t, `Detainers issued</td>.*\n<tr><td class="l arm">never</td><td>–</td><td>– <span class="ci"></span></td></tr>`, head, "an undefined metric is shown as a dash")
	assert.NotContains(t, withoutImages(page), "NaN")
}

// withoutImages drops the embedded images from a page, whose base64 text
// may hold any word.
func withoutImages(page string) string { return dataURI.ReplaceAllString(page, "") }

func TestReportMarksIntervalsThatExcludeZero(t *testing.T) {
	t.Parallel()
	page, _, _ := syntheticReport(t)
	head := section(t, page, "headline")
	// syntheticResults: every comparison of the long-named arm excludes
	// zero; for arm "never" every third metric includes zero and one is
	// undefined.
	n := len(sweep.DefaultMetrics)
	covering := 0
	for i, m := range sweep.DefaultMetrics {
		if i%3 == 0 || m == "detainers.issued" {
			covering++
		}
	}
	assert.Equal(t, 2*n-covering, strings.Count(head, `class="excl"`))
	assert.Equal(t, 2*n-covering, strings.Count(head, "◆"))
	// The first metric: only the long-named arm's interval excludes zero.
	row := head[strings.Index(head, "Reporting rate, all victims"):]
	row = row[:strings.Index(row, "</tr>")]
	assert.Equal(t, 1, strings.Count(row, "◆"))
	assert.Contains(t, page, "interval excludes zero")
	words := strings.ToLower(withoutImages(page))
	for _, word := range []string{"better", "worse", "improve", "harm"} {
		assert.NotContains(t, words, word, "neutral wording")
	}
}

func TestReportEmbedsThePlotsAndWorksOffline(t *testing.T) {
	t.Parallel()
	page, dir, _ := syntheticReport(t)

	assert.NotContains(t, page, "http://")
	assert.NotContains(t, page, "https://")
	assert.NotRegexp(t, `<(script|link)\b`, page, "no scripts or external style sheets")
	assert.NotContains(t, page, "@import")
	assert.NotContains(t, page, "url(")

	pngs, _ := filepath.Glob(filepath.Join(dir, "plots", "*.png"))
	require.NotEmpty(t, pngs)
	found := dataURI.FindAllStringSubmatch(page, -1)
	require.Len(t, found, len(pngs), "every PNG is embedded")
	for _, m := range found {
		b, err := base64.StdEncoding.DecodeString(m[1])
		require.NoError(t, err)
		_, err = png.Decode(bytes.NewReader(b))
		assert.NoError(t, err, "an embedded image is a PNG")
	}
	first, err := os.ReadFile(filepath.Join(dir, "plots", "metric-crimes.reporting_rate.png"))
	require.NoError(t, err)
	assert.Contains(t, page, base64.StdEncoding.EncodeToString(first), "the images come from the plot files")
	// Captions and links to the vector versions.
	assert.Contains(t, page, "Reporting rate, all victims: mean by arm")
	assert.Contains(t, page, `href="plots/diff-crimes.reporting_rate.svg"`)
	assert.Contains(t, page, "A filled marker means the interval excludes zero")
}

func TestReportExplainsPairing(t *testing.T) {
	t.Parallel()
	page, _, _ := syntheticReport(t)
	assert.Contains(t, page, "How to read this")
	assert.Contains(t, page, "Student-t")
	assert.Contains(t, page, "same crimes")
	gains := section(t, page, "pairing")
	// syntheticResults: the unpaired half-width is four times the paired one.
	assert.Contains(t, gains, "<td>4.00</td>")
	all := section(t, page, "all-metrics")
	assert.Contains(t, all, "<code>operations.total</code>", "the table of all metrics goes beyond the headline")
	assert.Contains(t, page, "<details>")
}

func TestReportShowsPartialResultsAndFailures(t *testing.T) {
	t.Parallel()
	res := syntheticResults()
	res.Present, res.Failed = 27, 2
	res.Failures = []runner.Failure{
		{RunSpec: sweep.RunSpec{Arm: "never", Replication: 3, Seed: 123456789}, ID: "never.p0000.r00003", Error: "agents: <boom> & bust"},
		{RunSpec: sweep.RunSpec{Arm: "baseline", Replication: 8, Seed: 42}, ID: "baseline.p0000.r00008", Error: "timeout"},
	}
	page, dir := buildReport(t, res)
	assert.Contains(t, page, "Partial results: 27 of 30 runs finished (2 failed)")
	notice := strings.Index(page, `id="partial"`)
	headline := strings.Index(page, `id="headline"`)
	require.Greater(t, notice, 0)
	assert.Less(t, notice, headline, "the notice comes before the results")

	f := section(t, page, "failures")
	assert.Contains(t, f, "never.p0000.r00003")
	assert.Contains(t, f, "123456789")
	assert.Contains(t, f, "baseline.p0000.r00008")
	assert.Contains(t, f, "agents: <boom> & bust")
	raw, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(raw), "agents: &lt;boom&gt; &amp; bust", "error texts are escaped")
}

func TestReportListsDesignPoints(t *testing.T) {
	t.Parallel()
	res := syntheticResults()
	res.Plan.ParamKeys = []string{"policies.outreach", "agreements.g287.model"}
	res.Plan.Points = []sweep.Point{{Index: 0, Values: []any{0.2, "none"}}, {Index: 1, Values: []any{0.5, "task_force"}}}
	rows, cmps := rowsOf(t, res)
	for _, s := range rows {
		s.Point = 1
		s.Mean *= 2
		rows = append(rows, s)
	}
	res.Table = stats.TableOf(rows, cmps, res.Series)
	page, _ := buildReport(t, res)
	pts := section(t, page, "points")
	assert.Contains(t, pts, "<code>policies.outreach</code>")
	assert.Contains(t, pts, "task_force")
	assert.Contains(t, pts, "0.5")
	assert.Equal(t, 2, strings.Count(pts, "<tr><td>"), "one row per point, a column per arm")
	assert.Equal(t, len(res.Plan.Metrics), strings.Count(page, `class="points"`), "a table per headline metric")
	assert.Contains(t, page, "$2,469,134", "the means of point 1")
	assert.Contains(t, page, "design point 0 (policies.outreach = 0.2, agreements.g287.model = none)")
	assert.Contains(t, page, "varies 2 parameters over 2 design points")
}

func TestReportShowsProvenanceWithoutTimes(t *testing.T) {
	t.Parallel()
	page, _, _ := syntheticReport(t)
	prov := section(t, page, "provenance")
	for _, v := range []string{"f11e5eedf11e5eed", "abc123sweephash", "ba5eba5eba5e", "v0.1.0", "sweeps/detainers.yaml", "go1.26.0"} {
		assert.Contains(t, prov, v)
	}
	// The same runs give the same report, whenever they ran.
	assert.NotContains(t, page, "2030-01-02")
}

func TestReportIsByteIdenticalAcrossRuns(t *testing.T) {
	t.Parallel()
	a, _, _ := syntheticReport(t)
	b, _ := buildReport(t, syntheticResults())
	assert.True(t, a == b, "the same results give the same report")

	res := syntheticResults()
	res.Manifest.Started = "2040-01-01T00:00:00Z"
	c, _ := buildReport(t, res)
	assert.True(t, a == c, "the report does not depend on when the sweep ran")
}

func TestReportFailsWhenAPlotIsMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	err := writeReport(dir, syntheticResults(), []string{"plots/metric-nope.png"})
	require.Error(t, err)
	_, statErr := os.Stat(filepath.Join(dir, "report.html"))
	assert.True(t, os.IsNotExist(statErr), "no half-written report")
}

// TestAggregateReportShowsTheManifest runs a tiny sweep: the report that
// Aggregate writes shows the manifest of the same aggregation.
func TestAggregateReportShowsTheManifest(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs a sweep")
	}
	sw := filepath.Join(t.TempDir(), "sweep.yaml")
	require.NoError(t, os.WriteFile(sw, []byte("name: tiny\ndays: 20\nreplications: 2\narms:\n  baseline: {}\n  never: {policies.detainers: never}\n"), 0o644))
	plan, err := sweep.Load(sw, nil)
	require.NoError(t, err)
	out := t.TempDir()
	_, err = runner.Execute(context.Background(), plan, runner.Options{Out: out})
	require.NoError(t, err)
	res, err := Aggregate(out)
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(out, "report.html"))
	require.NoError(t, err)
	page := string(b)
	require.NotEmpty(t, res.Manifest.SweepHash)
	assert.Contains(t, page, res.Manifest.SweepHash)
	assert.Contains(t, page, res.Manifest.BaseHash)
	assert.Contains(t, page, res.Manifest.SweepFileHash)
	assert.Contains(t, section(t, page, "provenance"), "4 of 4 finished, 0 failed", "the manifest's counts")
	for _, f := range res.Manifest.Files {
		_, err := os.Stat(filepath.Join(out, f))
		assert.NoError(t, err, "manifest file %s exists", f)
	}
	assert.Contains(t, res.Manifest.Files, "plots/safety.png")
}
