package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/agencysim/agencysim/sweep/stats"
)

// reportTemplate is the page of report.html. It is self-contained: no
// external scripts, fonts, style sheets or images, so that it reads the
// same offline and when mailed around. It shows no times and no folder
// paths, so that the same runs always give the same report.
const reportTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sweep report: {{.Name}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;max-width:74rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.3rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .55rem;text-align:right;vertical-align:top}
th{background:#f2f2f2}th.l,td.l{text-align:left}
.scroll{overflow-x:auto}
.notice{border:2px solid #a04000;background:#fff3e0;padding:.7rem 1rem;margin:1rem 0;font-weight:600}
.excl{font-weight:700}.ci{color:#555;font-size:.85em}.na{color:#777}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(24rem,1fr));gap:1.2rem}
figure{margin:0}img{max-width:100%;height:auto;border:1px solid #e5e5e5}
figcaption{font-size:.85rem;color:#333;margin-top:.3rem}
code{font-size:.88em;word-break:break-all}
details{margin:.6rem 0}summary{cursor:pointer;font-weight:600}
td.err{text-align:left;white-space:pre-wrap;max-width:40rem}
li.short b{color:#a04000}
.meta{color:#333;font-size:.9rem;margin-top:0}
ul.findings>li{margin-bottom:.5rem}ul.findings ul{margin:.2rem 0;padding-left:1.2rem}
.finding.excl{font-weight:400}.finding.excl b.dir{color:#00427a}
table.sensitivity,table.points{font-size:.85rem}table.sensitivity th,table.sensitivity td{padding:.3rem .35rem}
td.arm{overflow-wrap:break-word}#arm-changes code{word-break:normal}#arm-changes td.val{min-width:9rem}tr.first td{border-top:1px solid #aaa}
@media print{
body{max-width:none;margin:0;padding:0;font-size:10pt;color:#000}
.figs{grid-template-columns:1fr 1fr;gap:.6rem}
figure,tr,li,.notice{break-inside:avoid}h2,h3,summary{break-after:avoid}
.scroll{overflow:visible}
table{font-size:8pt;width:100%}th,td{padding:2px 4px}.ci{font-size:7.5pt}
details::details-content{content-visibility:visible;display:contents}
details>summary{list-style:none}
a{color:inherit;text-decoration:none}
}
</style>
</head>
<body>
<h1>Sweep report: {{.Name}}</h1>
<p class="meta" id="meta">Model version{{if gt (len .M.Versions) 1}}s{{end}} {{range $i, $v := .M.Versions}}{{if $i}}, {{end}}<code>{{$v}}</code>{{end}} · base scenario <code>{{.M.Base}}</code>, SHA-256 <code>{{.ShortBaseHash}}</code> · seed {{.Seed}}{{if .Points}} · {{.M.Design}} design, {{.NPoints}} points{{end}}</p>
{{if .Partial}}<div class="notice" id="partial">Partial results: {{.Present}} of {{.Expected}} runs finished{{if .Failed}} ({{.Failed}} failed){{end}}{{if .Writer}}, while {{.Writer}} was still writing the folder{{end}}. The figures below use only the finished runs; runs that are missing or failed are not counted.</div>
{{end}}{{if .Damaged}}<div class="notice" id="damaged">{{len .Damaged}} stored run record{{if gt (len .Damaged) 1}}s were{{else}} was{{end}} damaged and left out: {{range $i, $d := .Damaged}}{{if $i}}; {{end}}<code>{{$d.ID}}</code> ({{$d.Problem}}){{end}}. Run the sweep again to redo {{if gt (len .Damaged) 1}}them{{else}}it{{end}}.</div>
{{end}}{{if .CIMissed}}<div class="notice" id="until-ci">{{.CINote}}<ul>{{range .CIMissed}}<li>{{.}}</li>{{end}}</ul></div>
{{end}}
<h2>Summary</h2>
<p>The sweep <b>{{.Name}}</b> {{if .Others}}compares {{len .Others}} policy arm{{if gt (len .Others) 1}}s{{end}}, {{range $i, $a := .Others}}{{if $i}}{{if eq $i (len $.Others | minus1)}} and {{else}}, {{end}}{{end}}<b>{{$a}}</b>{{end}}, with the baseline arm <b>{{.Baseline}}</b>{{else}}simulates one policy arm, <b>{{.Baseline}}</b>{{end}}. Each arm ran {{.Reps}}{{if .Points}} at each of {{.NPoints}} design points, {{.ArmRuns}} in all{{end}}.</p>
<p>Every arm starts from the base scenario <code>{{.Base}}</code> with seed {{.Seed}}. Replication <i>r</i> of every arm uses the same random draws, so each arm faces the same events — crimes too, except where a policy changes how many offenders are at large or residents live in the city — and differences between arms come from the policies compared rather than from chance.{{if .PointNote}} {{.PointNote}}{{end}}</p>

{{if .Findings}}<h2 id="findings">Findings</h2>
<p>What the runs show, metric by metric: each arm's paired difference from <b>{{.Baseline}}</b>{{if .Points}} at design point 0 ({{.Point0}}){{end}}, with its 95% interval. "No detectable difference" means the interval includes zero: at {{.Reps}} the runs cannot tell the difference from zero.</p>
{{$none := 0}}{{range .Findings}}{{if not .Detected}}{{$none = 1}}{{end}}{{end}}<ul class="findings">
{{range .Findings}}{{if .Detected}}{{template "findings" (findArgs . $.Baseline)}}{{end}}{{end}}</ul>
{{if $none}}<details><summary>Metrics on which no arm differs detectably from {{.Baseline}}</summary>
<ul class="findings">
{{range .Findings}}{{if not .Detected}}{{template "findings" (findArgs . $.Baseline)}}{{end}}{{end}}</ul></details>
{{end}}{{end}}
<h2 id="arms">What each arm changes</h2>
<p>Every arm is the base scenario <code>{{.Base}}</code> with the keys below set to the values given; the meanings are those of the scenario reference.{{if .Points}} The design varies {{len .ParamKeys}} further parameter{{if gt (len .ParamKeys) 1}}s{{end}} in every arm (see Design points).{{end}}</p>
<table id="arm-changes">
<thead><tr><th class="l">Arm</th><th class="l">Key</th><th class="l">Meaning</th><th class="l">Value in the arm</th></tr></thead>
<tbody>
{{range .ArmChanges}}{{$a := .}}{{if .Changes}}{{range $i, $c := .Changes}}<tr{{if eq $i 0}} class="first"{{end}}>{{if eq $i 0}}<td class="l arm" rowspan="{{len $a.Changes}}"><b>{{wbr $a.Arm}}</b>{{if eq $a.Arm $.Baseline}} (baseline){{end}}</td>{{end}}<td class="l"><code>{{$c.Key}}</code></td><td class="l">{{$c.Meaning}}</td><td class="l val"><code>{{$c.Value}}</code></td></tr>
{{end}}{{else}}<tr class="first"><td class="l arm"><b>{{wbr .Arm}}</b>{{if eq .Arm $.Baseline}} (baseline){{end}}</td><td class="l" colspan="3">nothing: the base scenario as is</td></tr>
{{end}}{{end}}</tbody></table>

<h2>Headline results</h2>
<p class="ci">{{if .Points}}Design point 0 ({{.Point0}}); the other points are under Design points.{{end}}</p>
<div class="scroll"><table id="headline">
<thead><tr><th class="l">Metric</th><th>Baseline: {{.Baseline}}<br><span class="ci">mean [95% interval]</span></th>{{if .Others}}<th class="l">Arm</th><th>Arm mean</th><th>Difference from {{.Baseline}}<br><span class="ci">paired, [95% interval]</span></th>{{end}}</tr></thead>
<tbody>
{{range .Headline}}{{$r := .}}{{if .Cells}}{{range $i, $c := .Cells}}<tr{{if eq $i 0}} class="first"{{end}}>{{if eq $i 0}}<td class="l" rowspan="{{len $r.Cells}}">{{$r.Label}}</td><td rowspan="{{len $r.Cells}}">{{$r.Base}} <span class="ci">{{$r.BaseCI}}</span></td>{{end}}<td class="l arm">{{wbr $c.Arm}}</td><td>{{$c.Mean}}</td><td{{if $c.Excludes}} class="excl"{{end}}>{{$c.Diff}} <span class="ci">{{$c.CI}}</span>{{if $c.Excludes}} ◆{{end}}</td></tr>
{{end}}{{else}}<tr class="first"><td class="l">{{.Label}}</td><td>{{.Base}} <span class="ci">{{.BaseCI}}</span></td></tr>
{{end}}{{end}}</tbody></table></div>
<p class="ci">Means over {{.Reps}} per arm{{if .Points}} at design point 0{{end}}. Differences are arm minus {{.Baseline}}, averaged over replications that share the same random draws; rates are in percent and their differences in percentage points. ◆ marks a difference whose 95% interval excludes zero; an interval that includes zero means the runs cannot tell the difference from zero at this number of replications. – means the value is undefined (for example a rate with nothing to count).</p>

{{if .Groups}}<h2 id="plots">Plots</h2>
{{if .Points}}<p class="ci">Differences, levels, trust and safety are for design point 0 ({{.Point0}}); the plots against the parameters show every design point.</p>
{{end}}{{range .Groups}}{{if .Open}}<h3>{{.Title}}</h3>
<p class="ci">{{.Note}}</p>
<div class="figs">
{{range .Figures}}{{template "figure" .}}{{end}}</div>
{{if .More}}<details><summary>{{len .More}} more: {{.Title}}</summary>
<div class="figs">
{{range .More}}{{template "figure" .}}{{end}}</div></details>
{{end}}{{else}}<details><summary>{{.Title}} ({{len .Figures}} plot{{if gt (len .Figures) 1}}s{{end}})</summary>
<p class="ci">{{.Note}}</p>
<div class="figs">
{{range .Figures}}{{template "figure" .}}{{end}}</div></details>
{{end}}{{end}}{{end}}
{{with .Sens}}<h2 id="sensitivity">Sensitivity</h2>
<p><b>Which uncertain parameters move these results most?</b> {{.Intro}}</p>
<p class="ci">{{.Reading}} The same figures, for every arm, metric and parameter, are in <code>sensitivity.csv</code>.</p>
{{if .Figures}}<div class="figs">
{{range .Figures}}{{template "figure" .}}{{end}}</div>
{{end}}{{range $i, $t := .Tables}}<details{{if lt $i 3}} open{{end}}><summary>{{$t.Label}}{{if $t.Unit}} <span class="ci">({{$t.Unit}})</span>{{end}}</summary>
<div class="scroll"><table class="sensitivity">
<thead>{{if gt (len $.Sens.Arms) 1}}<tr><th></th><th></th><th></th>{{range $.Sens.Arms}}<th colspan="{{len $.Sens.Cols}}">{{.}}</th>{{end}}</tr>
{{end}}<tr><th>Rank</th><th class="l">Parameter</th><th class="l">{{$.Sens.RangeHead}}</th>{{range $.Sens.Arms}}{{range $.Sens.Cols}}<th>{{.}}</th>{{end}}{{end}}</tr></thead>
<tbody>
{{range $t.Rows}}<tr><td>{{.Rank}}</td><td class="l"><code>{{.Param}}</code></td><td class="l">{{.Range}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table></div></details>
{{end}}{{end}}
{{if .Verdicts}}<h2 id="convergence">Was the sample large enough?</h2>
<p>Whether the runs were enough for the conclusions above, judged from the runs themselves: the intervals' widths and whether the results hold when the sample is halved.</p>
<ul>
{{range .Verdicts}}<li{{if not .Enough}} class="short"{{end}}><b>{{.Topic}}.</b> {{.Text}}</li>
{{end}}</ul>
{{end}}
<h2>How to read this</h2>
<ul>
<li><b>Arms and replications.</b> An arm is one policy setting. Each arm ran {{.Reps}}; a replication is one simulated run with its own random draws of crimes, calls and events.</li>
<li><b>Paired comparisons (common random numbers).</b> Replication <i>r</i> of every arm shares the same random draws: the same crimes happen in every arm, except those a policy adds or removes through the offenders it leaves at large or removes and the residents who leave. The difference from the baseline is computed replication by replication and then averaged, which removes most of the chance variation that two independent sets of runs would show.</li>
<li><b>95% intervals.</b> Intervals are 95% Student-t confidence intervals of the mean over replications. They describe the uncertainty from the finite number of simulated runs, not the uncertainty of the model's assumptions; see the model documentation for the sources of its parameters.</li>
<li><b>What pairing gained.</b> The table below compares the half-width of each paired interval with the half-width the same difference would have had if the arms had been run independently. A ratio of 2 means pairing made the interval twice as narrow, the equivalent of about four times as many replications.</li>
</ul>
{{if .Gains}}<details><summary>Paired and unpaired interval half-widths{{if .Points}} (design point 0){{end}}</summary>
<div class="scroll"><table id="pairing">
<thead><tr><th class="l">Metric</th><th class="l">Arm</th><th>Paired half-width</th><th>Unpaired half-width</th><th>Ratio (unpaired ÷ paired)</th></tr></thead>
<tbody>
{{range .Gains}}<tr><td class="l">{{.Label}}</td><td class="l">{{.Arm}}</td><td>{{.Paired}}</td><td>{{.Unpaired}}</td><td>{{.Ratio}}</td></tr>
{{end}}</tbody></table></div></details>
{{end}}
{{if .Points}}<h2>Design points</h2>
<p>The sweep varies {{len .ParamKeys}} parameter{{if gt (len .ParamKeys) 1}}s{{end}} over {{.NPoints}} design points; the findings, the headline table and the plots by arm above are for design point 0 ({{.Point0}}). Each table below shows one headline metric at every design point{{if .PointsCut}} (the first {{.PointsShown}} of {{.NPoints}} points; every point is in <code>summary.csv</code>){{end}}: the mean of each arm over its replications.</p>
{{if not .InlineParams}}<details><summary>The parameter values of each design point</summary>
<table id="point-values">
<thead><tr><th>Point</th><th class="l">Parameter values</th></tr></thead>
<tbody>
{{range (index .Points 0).Rows}}<tr><td>{{.Point}}</td><td class="l ci">{{range $j, $v := .Values}}{{if $j}}, {{end}}{{index $.ParamKeys $j}} = {{$v}}{{end}}</td></tr>
{{end}}</tbody></table></details>
{{end}}{{range $i, $t := .Points}}<details{{if eq $i 0}} open{{end}}><summary>{{$t.Label}}: mean by design point and arm</summary>
<div class="scroll"><table{{if eq $i 0}} id="points"{{end}} class="points">
<thead><tr><th>Point</th>{{if $.InlineParams}}{{range $.ParamKeys}}<th class="l"><code>{{.}}</code></th>{{end}}{{end}}{{range $.Arms}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range $t.Rows}}<tr><td>{{.Point}}</td>{{if $.InlineParams}}{{range .Values}}<td class="l">{{.}}</td>{{end}}{{end}}{{range .Means}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table></div></details>
{{end}}{{end}}
<h2>All metrics</h2>
<details><summary>Every metric of the run summary, mean and 95% interval by arm{{if .Points}} (design point 0){{end}}</summary>
<div class="scroll"><table id="all-metrics">
<thead><tr><th class="l">Metric</th><th class="l">Key</th>{{range .Arms}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .AllMetrics}}<tr><td class="l">{{.Label}}</td><td class="l"><code>{{.Key}}</code></td>{{range .Cells}}<td>{{.Mean}} <span class="ci">{{.CI}}</span></td>{{end}}</tr>
{{end}}</tbody></table></div></details>
{{if .Failures}}
<h2>Failed runs</h2>
<p>{{len .Failures}} run{{if gt (len .Failures) 1}}s{{end}} failed. Failed runs are not included in the results above.</p>
<div class="scroll"><table id="failures">
<thead><tr><th class="l">Run</th><th class="l">Arm</th><th>Point</th><th>Replication</th><th>Seed</th><th class="l">Error</th></tr></thead>
<tbody>
{{range .Failures}}<tr><td class="l"><code>{{.ID}}</code></td><td class="l">{{.Arm}}</td><td>{{.Point}}</td><td>{{.Replication}}</td><td>{{.Seed}}</td><td class="err">{{.Error}}</td></tr>
{{end}}</tbody></table></div>
{{end}}
<h2>Provenance</h2>
<table id="provenance">
<tbody>
<tr><th class="l">Sweep file</th><td class="l"><code>{{.M.Sweep}}</code></td></tr>
<tr><th class="l">Sweep file SHA-256</th><td class="l"><code>{{.M.SweepFileHash}}</code></td></tr>
<tr><th class="l">Sweep hash</th><td class="l"><code>{{.M.SweepHash}}</code></td></tr>
<tr><th class="l">Base scenario</th><td class="l"><code>{{.M.Base}}</code></td></tr>
<tr><th class="l">Base scenario SHA-256</th><td class="l"><code>{{.M.BaseHash}}</code></td></tr>
<tr><th class="l">Code version{{if gt (len .M.Versions) 1}}s{{end}}</th><td class="l">{{range $i, $v := .M.Versions}}{{if $i}}, {{end}}<code>{{$v}}</code>{{end}}</td></tr>
<tr><th class="l">Go version</th><td class="l"><code>{{.M.GoVersion}}</code></td></tr>
<tr><th class="l">Seed</th><td class="l">{{.M.Seed}}</td></tr>
<tr><th class="l">Arms</th><td class="l">{{range $i, $a := .M.Arms}}{{if $i}}, {{end}}{{$a}}{{end}} (baseline: {{.M.BaselineArm}})</td></tr>
{{if .M.Parameters}}<tr><th class="l">Design</th><td class="l">{{.M.Design}}: {{range $i, $p := .M.Parameters}}{{if $i}}, {{end}}<code>{{$p}}</code>{{end}} ({{.M.Points}} point{{if ne .M.Points 1}}s{{end}})</td></tr>
{{end}}<tr><th class="l">Runs</th><td class="l">{{.M.Finished}} of {{.M.Runs}} finished, {{.M.Failed}} failed</td></tr>
</tbody></table>
<p class="ci">The start and end times of the sweep and the list of files it produced are in <code>manifest.json</code> next to this report.</p>
</body>
</html>
{{define "findings"}}<li><b>{{.G.Label}}.</b><ul>{{range .G.Findings}}<li class="finding{{if .Direction}} excl{{end}}" data-arm="{{.Arm}}" data-metric="{{.Metric}}">{{if .Undefined}}Under <b>{{.Arm}}</b>, the difference from {{$.Base}} is undefined (see the table below).{{else if .Direction}}Under <b>{{.Arm}}</b> it is <b class="dir">{{.Direction}}</b> than under {{$.Base}} (difference <span class="d">{{.Diff}}</span>, 95% interval <span class="lo">{{.Lo}}</span> to <span class="hi">{{.Hi}}</span>).{{else}}Under <b>{{.Arm}}</b>: no detectable difference from {{$.Base}} (difference <span class="d">{{.Diff}}</span>, 95% interval <span class="lo">{{.Lo}}</span> to <span class="hi">{{.Hi}}</span>).{{end}}</li>{{end}}</ul></li>
{{end}}{{define "figure"}}<figure><img {{.Src}} alt="{{.Title}}"{{if .Height}} width="720" height="{{.Height}}"{{end}}><figcaption><b>{{.Title}}.</b> {{.Caption}}{{if .SVG}} Vector version: <a href="{{.SVG}}">{{.SVG}}</a>.{{end}}</figcaption></figure>
{{end}}`

// maxPointRows bounds the cells (design points × arms) of each of the
// report's tables of design points: a page of a large design stays
// readable (summary.csv has every point). The results keep the reported
// metrics at the points these tables show (see shownPoints).
const maxPointRows = 1000

// maxInlineParams is the most varied parameters that get a column each in
// the tables of design points; with more, their values are listed once,
// a point to a row, so that the tables stay narrow.
const maxInlineParams = 4

// reportPage is the data of report.html.
type reportPage struct {
	Name, PointNote   string
	Base              string
	Seed              int64
	Reps              string
	Partial           bool
	Present, Expected int
	Failed            int
	Baseline          string
	Arms, Others      []string
	Headline          []headlineRow
	Findings          []findingGroup
	ArmChanges        []armChanges
	Groups            []figureGroup
	Gains             []gainRow
	ParamKeys         []string
	Point0            string // the parameter values of design point 0
	Points            []pointTable
	PointsCut         bool // the tables show only the first PointsShown points
	PointsShown       int
	NPoints           int
	ShortBaseHash     string
	ArmRuns           string // the runs of an arm over all design points
	InlineParams      bool   // the tables of design points have a column per parameter (few parameters)
	AllMetrics        []metricRow
	Failures          []runner.Failure
	Writer            string           // the process still writing the folder, if any
	Damaged           []runner.Damaged // stored records left out
	CINote            string           // the until_ci target, when missed
	CIMissed          []string         // the arms and points that missed it
	M                 Manifest
	Sens              *sensSection
	Verdicts          []Verdict // whether the sample was large enough (converge.go)
}

// sensSection is the Sensitivity section of the report (morris and oat
// designs).
type sensSection struct {
	Intro, Reading string
	Figures        []reportFigure
	RangeHead      string
	Arms           []string
	Cols           []string // per arm
	Tables         []sensTable
}

// sensTable is the screening of one metric: parameters ranked by their
// effect in the first arm.
type sensTable struct {
	Label, Unit string
	Rows        []sensRow
}

// sensRow is one parameter of a sensTable.
type sensRow struct {
	Rank         int
	Param, Range string
	Cells        []string // Cols for every arm
}

// headlineRow is one metric of the headline table.
type headlineRow struct {
	Label, Base, BaseCI string
	Cells               []headlineCell
}

// headlineCell is one non-baseline arm of a headline row.
type headlineCell struct {
	Arm, Mean, Diff, CI string
	Excludes            bool
}

// reportFigure is a plot embedded in the report.
type reportFigure struct {
	Src            template.HTMLAttr // src="data:image/png;base64,…"
	SVG            string            // the relative path of its SVG version, if any
	Title, Caption string
	Height         int
	Kind           string // the plotSpec's
}

// gainRow compares the paired and unpaired half-widths of a difference.
type gainRow struct{ Label, Arm, Paired, Unpaired, Ratio string }

// pointTable is one headline metric at every design point.
type pointTable struct {
	Label string
	Rows  []pointRow
}

// pointRow is one design point of a pointTable: its parameter values and
// the mean of every arm.
type pointRow struct {
	Point  int
	Values []string
	Means  []string
}

// metricRow is one metric of the table of all metrics.
type metricRow struct {
	Label, Key string
	Cells      []metricCell
}

// metricCell is one arm's mean and interval of a metric.
type metricCell struct{ Mean, CI string }

// writeReport writes <dir>/report.html atomically: a self-contained page
// for policy analysts with a plain-language summary, the headline table,
// the PNG plots (embedded as data URIs, read from dir), how to read the
// comparisons, every metric by arm, the failed runs and the provenance of
// the results. plots are the plot files relative to dir, as writePlots
// returns them.
func writeReport(dir string, res *Results, plots []string) error {
	page, err := reportData(dir, res, plots)
	if err != nil {
		return err
	}
	funcs := template.FuncMap{
		"minus1": func(n int) int { return n - 1 },
		// A name that may break after its "_" and "-" in a narrow column.
		"wbr": func(name string) template.HTML {
			e := template.HTMLEscapeString(name)
			return template.HTML(strings.NewReplacer("_", "_<wbr>", "-", "-<wbr>").Replace(e))
		},
		"findArgs": func(g findingGroup, base string) any {
			return struct {
				G    findingGroup
				Base string
			}{g, base}
		},
	}
	tmpl, err := template.New("report").Funcs(funcs).Parse(reportTemplate)
	if err != nil {
		return err
	}
	return fsutil.WriteAtomic(filepath.Join(dir, "report.html"), func(w io.Writer) error {
		return tmpl.Execute(w, page)
	})
}

// reportData gathers what report.html shows.
func reportData(dir string, res *Results, plots []string) (*reportPage, error) {
	plan := res.Plan
	if plan == nil || len(plan.Arms) == 0 {
		return nil, fmt.Errorf("report: the results have no arms")
	}
	base := plan.Arms[0].Name
	pg := &reportPage{
		Name: safetext.Escape(plan.Sweep.Name), Base: safetext.Escape(plan.BaseName), Seed: plan.Sweep.Seed,
		Reps:    replicationText(res),
		Partial: !res.Complete(), Present: res.Present, Expected: res.Expected, Failed: res.Failed,
		Baseline: base, M: res.Manifest,
	}
	pg.M.Sweep, pg.M.Base = safetext.Escape(pg.M.Sweep), safetext.Escape(pg.M.Base)
	for _, f := range res.Failures {
		f.Error = escapeLines(f.Error)
		pg.Failures = append(pg.Failures, f)
	}
	if res.Writer != nil {
		pg.Writer = "another process"
		if res.Writer.PID != 0 {
			pg.Writer = res.Writer.String()
		}
	}
	for _, d := range res.Damaged {
		d.Problem = safetext.Escape(d.Problem)
		pg.Damaged = append(pg.Damaged, d)
	}
	if u := plan.Sweep.UntilCI; u.Metric != "" && len(res.CIMissed) > 0 {
		pg.CINote = CINote(plan) + " It was not reached for:"
		pg.CIMissed = CIMissText(plan, res.CIMissed)
	}
	if pg.Name == "" {
		pg.Name = "sweep"
	}
	for _, a := range plan.Arms {
		pg.Arms = append(pg.Arms, a.Name)
	}
	pg.Others = pg.Arms[1:]
	if len(plan.Points) > 1 {
		pg.PointNote = "The sweep also varies scenario parameters over " + fmt.Sprint(len(plan.Points)) +
			" design points; the headline results and plots are for design point 0 (" + pointText(plan, 0) + ")."
	}

	// The headline table and the pairing gains.
	for _, m := range plan.Metrics {
		row := headlineRow{Label: MetricLabel(m), Base: "–"}
		if s, ok := res.Stat(base, 0, m); ok {
			row.Base, row.BaseCI = reportValue(m, s.Mean), ciText(m, s.Lo, s.Hi, reportValue)
		}
		for _, a := range pg.Others {
			cell := headlineCell{Arm: a, Mean: "–", Diff: "–"}
			if s, ok := res.Stat(a, 0, m); ok {
				cell.Mean = reportValue(m, s.Mean)
			}
			if c, ok := res.Comparison(a, 0, m); ok {
				// At the precision the interval needs, as in the findings.
				at := func(key string, v float64) string { return metricOf(key).FormatDeltaAt(v, (c.Hi-c.Lo)/2) }
				cell.Diff = at(m, c.Diff)
				cell.CI = ciText(m, c.Lo, c.Hi, at)
				cell.Excludes = finite(c.Lo, c.Hi) && (c.Lo > 0 || c.Hi < 0)
				if finite(c.PairedHalfWidth, c.UnpairedHalfWidth) && c.PairedHalfWidth > 0 {
					pg.Gains = append(pg.Gains, gainRow{
						Label: MetricLabel(m), Arm: a,
						Paired:   halfWidthText(m, c.PairedHalfWidth),
						Unpaired: halfWidthText(m, c.UnpairedHalfWidth),
						Ratio:    fmt.Sprintf("%.2f", c.UnpairedHalfWidth/c.PairedHalfWidth),
					})
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		pg.Headline = append(pg.Headline, row)
	}

	// The plots, in the order given; the screening plots go to their own
	// section.
	var main, sens []string
	for _, p := range plots {
		if strings.HasPrefix(path.Base(p), sensitivityPrefix) {
			sens = append(sens, p)
		} else {
			main = append(main, p)
		}
	}
	figs, err := reportFigures(dir, res, main)
	if err != nil {
		return nil, err
	}
	pg.Groups = figureGroups(res, figs)
	pg.Findings = findings(res)
	pg.ArmChanges = armChangeTable(res)
	pg.ShortBaseHash = pg.M.BaseHash
	if len(pg.ShortBaseHash) > 16 {
		pg.ShortBaseHash = pg.ShortBaseHash[:16] + "…"
	}
	if len(res.Sensitivity) > 0 {
		sfigs, err := reportFigures(dir, res, sens)
		if err != nil {
			return nil, err
		}
		pg.Sens = sensitivityReport(res, sfigs)
	}

	pg.Verdicts = Convergence(res)

	// Design points.
	if len(plan.Points) > 1 {
		pg.ParamKeys, pg.NPoints = plan.ParamKeys, len(plan.Points)
		pg.Point0 = pointText(plan, 0)
		pg.ArmRuns = runsText(res)
		pg.InlineParams = len(plan.ParamKeys) <= maxInlineParams
		pg.PointsShown = min(len(plan.Points), shownPoints(plan))
		pg.PointsCut = pg.PointsShown < len(plan.Points)
		for _, m := range plan.Metrics {
			t := pointTable{Label: MetricLabel(m)}
			for p := range pg.PointsShown {
				row := pointRow{Point: p, Values: paramTexts(plan, p)}
				for _, a := range pg.Arms {
					v := "–"
					if s, ok := res.Stat(a, p, m); ok {
						v = reportValue(m, s.Mean)
					}
					row.Means = append(row.Means, v)
				}
				t.Rows = append(t.Rows, row)
			}
			pg.Points = append(pg.Points, t)
		}
	}

	// Every metric at design point 0, in the order of the results.
	for _, m := range res.Metrics() {
		row := metricRow{Label: MetricLabel(m), Key: m}
		for _, a := range pg.Arms {
			cell := metricCell{Mean: "–"}
			if st, ok := res.Stat(a, 0, m); ok {
				cell = metricCell{Mean: reportValue(m, st.Mean), CI: ciText(m, st.Lo, st.Hi, reportValue)}
			}
			row.Cells = append(row.Cells, cell)
		}
		pg.AllMetrics = append(pg.AllMetrics, row)
	}
	return pg, nil
}

// paramTexts returns the parameter values of a design point for people:
// control characters escaped, no CSV quoting.
func paramTexts(plan *sweep.Plan, point int) []string {
	var out []string
	for _, v := range plan.Points[point].Values {
		out = append(out, safetext.Escape(formatParam(v)))
	}
	return out
}

// escapeLines escapes the control characters of each line of a text (an
// error with a stack trace), keeping the lines.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = safetext.Escape(l)
	}
	return strings.Join(lines, "\n")
}

// CINote states a plan's until_ci target and that it was not reached
// within max_replications.
func CINote(plan *sweep.Plan) string {
	u := plan.Sweep.UntilCI
	return fmt.Sprintf("The until_ci target was missed: the 95%% interval of %s (%s) was to be within ±%s, with at most %d replications per arm and point (max_replications).",
		MetricLabel(u.Metric), u.Metric, halfWidthText(u.Metric, u.HalfWidth), u.MaxReplications)
}

// CIMissText describes each arm and point whose until_ci target was
// missed.
func CIMissText(plan *sweep.Plan, missed []sweep.CIMiss) []string {
	u := plan.Sweep.UntilCI
	var out []string
	for _, m := range missed {
		at := "arm " + m.Arm
		if len(plan.Points) > 1 {
			at += fmt.Sprintf(" at design point %d", m.Point)
		}
		hw := "undefined"
		if finite(float64(m.HalfWidth)) {
			hw = "±" + halfWidthText(u.Metric, float64(m.HalfWidth))
		}
		out = append(out, fmt.Sprintf("%s: %s with %d replications", at, hw, m.N))
	}
	return out
}

// pointText describes the parameter values of a design point.
func pointText(plan *sweep.Plan, p int) string {
	vals := paramTexts(plan, p)
	var parts []string
	for i, k := range plan.ParamKeys {
		if i < len(vals) {
			parts = append(parts, k+" = "+vals[i])
		}
	}
	if len(parts) == 0 {
		return "the base values"
	}
	return strings.Join(parts, ", ")
}

// reportFigures reads the PNG plots and pairs them with their captions
// and their SVG versions.
func reportFigures(dir string, res *Results, plots []string) ([]reportFigure, error) {
	specs := map[string]plotSpec{}
	for _, s := range allSpecs(res) {
		specs[s.Name] = s
	}
	has := map[string]bool{}
	for _, p := range plots {
		has[p] = true
	}
	var out []reportFigure
	for _, p := range plots {
		if path.Ext(p) != ".png" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		name := strings.TrimSuffix(path.Base(p), ".png")
		fig := reportFigure{
			// Base64 holds no quote, '<' or '&': the attribute is safe as is
			// (and stays a third smaller than with '+' escaped).
			Src:   template.HTMLAttr(`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(b) + `"`),
			Title: name, Height: pngHeight(b, 720),
		}
		if s, ok := specs[name]; ok {
			fig.Title, fig.Caption, fig.Kind = s.Title, s.Caption, s.Kind
		}
		if svg := strings.TrimSuffix(p, ".png") + ".svg"; has[svg] {
			fig.SVG = svg
		}
		out = append(out, fig)
	}
	return out, nil
}

// pngHeight is the height of a PNG image scaled to width w (0 if it is
// not a PNG), so that the page does not reflow while images load.
func pngHeight(b []byte, w int) int {
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width == 0 {
		return 0
	}
	return int(math.Round(float64(cfg.Height) * float64(w) / float64(cfg.Width)))
}

// sensitivityReport gathers the Sensitivity section of report.html.
func sensitivityReport(res *Results, figs []reportFigure) *sensSection {
	plan := res.Plan
	arms := stats.Screened(plan)
	design, _ := plan.Screens()
	w := design.Words(plan, replicationText(res))
	sec := &sensSection{Figures: figs, Arms: arms, Intro: w.Intro, Reading: w.Reading, RangeHead: w.RangeHead, Cols: w.Cols}
	for _, m := range stats.ScreenedMetrics(plan) {
		t := sensTable{Label: MetricLabel(m), Unit: effectUnit(m)}
		if w.Shares {
			t.Unit = "shares of variance"
			if share := noiseShareOf(res, arms[0], m); finite(share) {
				t.Unit += fmt.Sprintf("; noise share %.2f", share)
			}
		}
		byArm := sensitivityByArm(res, arms, m)
		for _, s := range res.SensitivityOf(arms[0], m) {
			row := sensRow{Rank: s.Rank, Param: s.Param, Range: formatParam(s.Low) + " – " + formatParam(s.High)}
			for i := range arms {
				x, ok := byArm[i][s.Param]
				if !ok {
					x = stats.Sensitivity{Effect: sweep.Effect{MuStar: math.NaN(), Mu: math.NaN(), Sigma: math.NaN()}}
				}
				if w.Shares {
					row.Cells = append(row.Cells, sobolCells(x)...)
					continue
				}
				row.Cells = append(row.Cells, effectText(m, x.MuStar, false), effectText(m, x.Mu, true))
				if w.Sigma() {
					row.Cells = append(row.Cells, effectText(m, x.Sigma, false))
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
func sensitivityByArm(res *Results, arms []string, metric string) []map[string]stats.Sensitivity {
	out := make([]map[string]stats.Sensitivity, len(arms))
	for i, a := range arms {
		out[i] = map[string]stats.Sensitivity{}
		for _, s := range res.SensitivityOf(a, metric) {
			out[i][s.Param] = s
		}
	}
	return out
}

// figureGroup is a group of plots of the report: the first of an open
// group are shown, the rest (More) and closed groups are behind
// <details>, so that the page opens on what matters.
type figureGroup struct {
	Title, Note string
	Open        bool
	Figures     []reportFigure
	More        []reportFigure
}

// shownPlots is how many plots of an open group are shown before the
// rest go behind <details>.
const shownPlots = 6

// figureGroups sorts the report's plots into groups, in this order: the
// differences from the baseline (the effects), trust over time and
// safety, the metrics against the design parameters, and the levels by
// arm (closed, unless there is no difference to show).
func figureGroups(res *Results, figs []reportFigure) []figureGroup {
	groups := []struct {
		g     figureGroup
		kinds []string
	}{
		{figureGroup{Title: "Differences from " + res.Plan.Arms[0].Name, Open: true,
			Note: "The effect of each arm: arm minus baseline, paired by replication, with its 95% interval. The grey line is zero: an interval that crosses it is no detectable difference."}, []string{plotDiff}},
		{figureGroup{Title: "Trust over time and safety", Open: true,
			Note: "Trust over time by arm: each value axis spans at least a fifth of the largest value it shows, and states its range, so that a small change looks small."}, []string{plotTrust, plotSafety}},
		{figureGroup{Title: "Metrics against the design parameters", Open: true,
			Note: "The mean of each arm at every design point against the value of one parameter; the other parameters vary too, so the scatter around a trend is partly theirs."}, []string{plotParam}},
		{figureGroup{Title: "Levels: mean of each arm",
			Note: levelNote}, []string{plotMetric}},
	}
	var out []figureGroup
	hasDiff := false
	for _, gr := range groups {
		g := gr.g
		for _, f := range figs {
			if slices.Contains(gr.kinds, f.Kind) {
				g.Figures = append(g.Figures, f)
			}
		}
		if len(g.Figures) == 0 {
			continue
		}
		if slices.Contains(gr.kinds, plotDiff) {
			hasDiff = true
		}
		if slices.Contains(gr.kinds, plotMetric) && !hasDiff {
			g.Open = true
		}
		if g.Open && len(g.Figures) > shownPlots {
			g.Figures, g.More = g.Figures[:shownPlots], g.Figures[shownPlots:]
		}
		out = append(out, g)
	}
	var rest []reportFigure
	for _, f := range figs {
		if !slices.Contains([]string{plotDiff, plotTrust, plotSafety, plotParam, plotMetric}, f.Kind) {
			rest = append(rest, f)
		}
	}
	if len(rest) > 0 {
		out = append(out, figureGroup{Title: "Other plots", Open: true, Figures: rest})
	}
	return out
}
