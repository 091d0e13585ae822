package report

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/browsertest"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
)

// reportWidth is the screen width the report must fit without scrolling
// sideways.
const reportWidth = 1280

// The report of a grid sweep with four arms, one of them with a long name,
// opened in headless Chromium on a 1,280 px wide screen: nothing scrolls
// sideways, and every finding names its arm and metric and states the
// difference and interval that comparisons.csv holds for design point 0,
// in the words its interval calls for.
func TestReportFitsTheScreenAndItsFindingsMatchComparisons(t *testing.T) {
	t.Parallel()
	chromium := browsertest.FindChromium(t)
	plan := sweeptest.MustPlan(t, "name: layout\ndays: 15\nreplications: 3\n"+
		"arms: {baseline: {}, never: {policies.detainers: never}, jail_287g: {agreements.g287.model: jail_enforcement},\n"+
		"  a-very-long-arm-name-for-a-task-force-agreement-with-outreach: {agreements.g287.model: task_force, policies.outreach: 0.8}}\n"+
		"vary: {design: grid, params: {reporting.fear_slope: [1.5, 3.0]}}\n")
	dir := t.TempDir()
	_, res := execute(t, plan, runner.Options{Out: dir})

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b := browsertest.Launch(t, chromium)
	page := b.OpenPage(ctx, t)
	require.NoError(t, page.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": reportWidth, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil))
	require.NoError(t, page.Call(ctx, "Page.navigate", map[string]any{"url": "file://" + filepath.Join(dir, "report.html")}, nil))
	for page.Eval(ctx, t, "document.readyState") != "complete" {
		select {
		case <-ctx.Done():
			t.Fatalf("the report did not load: %s", page.Console())
		case <-time.After(50 * time.Millisecond):
		}
	}

	var layout struct {
		Width, Overflowing int
		Wide               []string
	}
	page.EvalJSON(ctx, t, `JSON.stringify((() => {
		const wide = [...document.querySelectorAll(".scroll")].filter(e => e.scrollWidth > e.clientWidth + 1)
			.map(e => (e.firstElementChild.id || e.firstElementChild.className) + " " + e.scrollWidth + ">" + e.clientWidth);
		return {width: document.scrollingElement.scrollWidth, overflowing: wide.length, wide};
	})())`, &layout)
	assert.LessOrEqual(t, layout.Width, reportWidth, "the page scrolls sideways")
	assert.Zero(t, layout.Overflowing, "tables that scroll sideways: %v", layout.Wide)

	var found []struct {
		Arm, Metric, Text, D, Lo, Hi string
	}
	page.EvalJSON(ctx, t, `JSON.stringify([...document.querySelectorAll("li.finding")].map(li => ({
		arm: li.dataset.arm, metric: li.dataset.metric, text: li.textContent,
		d: li.querySelector(".d")?.textContent ?? "", lo: li.querySelector(".lo")?.textContent ?? "", hi: li.querySelector(".hi")?.textContent ?? ""})))`, &found)
	require.Len(t, found, len(plan.Metrics)*(len(plan.Arms)-1), "a finding per headline metric and arm")

	// comparisons.csv, parsed on its own, at design point 0.
	type cmp struct{ diff, lo, hi float64 }
	want := map[string]cmp{}
	rows := sweeptest.ReadCSV(t, filepath.Join(dir, "comparisons.csv"))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return math.NaN()
		}
		return x
	}
	for _, r := range rows[1:] {
		if r[col["point"]] == "0" {
			want[r[col["arm"]]+" "+r[col["metric"]]] = cmp{num(r[col["diff_mean"]]), num(r[col["ci95_low"]]), num(r[col["ci95_high"]])}
		}
	}
	checked := 0
	for _, f := range found {
		w, ok := want[f.Arm+" "+f.Metric]
		require.True(t, ok, "finding %q: no row in comparisons.csv", f.Text)
		assert.Contains(t, f.Text, f.Arm)
		assert.Contains(t, f.Text, "baseline")
		if !finite(w.diff, w.lo, w.hi) {
			assert.Contains(t, f.Text, "undefined")
			continue
		}
		kind := metricOf(f.Metric).Kind
		for _, x := range []struct {
			shown string
			want  float64
		}{{f.D, w.diff}, {f.Lo, w.lo}, {f.Hi, w.hi}} {
			got, tol := parseShown(t, x.shown, kind)
			assert.InDelta(t, x.want, got, tol, "%s: %q in %q", f.Metric, x.shown, f.Text)
		}
		switch {
		case w.lo > 0:
			assert.Contains(t, f.Text, "is higher than under baseline")
		case w.hi < 0:
			assert.Contains(t, f.Text, "is lower than under baseline")
		default:
			assert.Contains(t, f.Text, "no detectable difference")
		}
		checked++
	}
	t.Logf("page %d px wide; %d findings, %d with numbers checked against comparisons.csv", layout.Width, len(found), checked)
	assert.Greater(t, checked, len(found)/2, "most findings have numbers")

	text := page.Eval(ctx, t, "document.body.innerText")
	assert.Contains(t, text, "design point 0 (reporting.fear_slope = 1.5)", "the tables say which point they show")
	assert.Contains(t, text, "policies.outreach", "what each arm changes")
	assert.Contains(t, text, "seed "+strconv.FormatInt(plan.Sweep.Seed, 10))
	assert.Contains(t, text, res.Manifest.BaseHash[:16], "the scenario's hash")
	assert.Equal(t, "0", page.Eval(ctx, t, "String(document.scripts.length)"), "no scripts")
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), "@media print")
}

// parseShown reads a difference as the report writes it ("−0.47 pts",
// "+$8,349", "+0.00211") back into the metric's own scale, with the
// rounding error its decimals allow.
func parseShown(t *testing.T, s string, kind agents.MetricKind) (float64, float64) {
	t.Helper()
	c := strings.NewReplacer("−", "-", "+", "", "$", "", ",", "", " pts", "").Replace(s)
	v, err := strconv.ParseFloat(c, 64)
	require.NoError(t, err, "%q", s)
	dec := 0
	if i := strings.IndexByte(c, '.'); i >= 0 {
		dec = len(c) - i - 1
	}
	sc := kind.Scale()
	return v / sc, (0.5*math.Pow10(-dec) + 1e-9) / sc
}
