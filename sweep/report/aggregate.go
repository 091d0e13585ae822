package report

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"path/filepath"
	"strconv"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/agencysim/agencysim/sweep/stats"
)

// Aggregate reads every finished run of a results folder, in canonical
// order, and writes the outputs (see [Aggregator]). If another process
// holds the folder's lock (a sweep still running), it reads the runs
// finished so far without touching runs/ (Results.Writer says who
// writes). keep names metrics whose statistics Results.Stat answers for
// at every design point (see [New]).
func Aggregate(dir string, keep ...string) (*Results, error) {
	a := New(keep...)
	if err := runner.Read(dir, a); err != nil {
		return nil, err
	}
	return a.Results(), nil
}

// Merge joins the results folders of the shards of one sweep into out (see
// runner.Merge) and writes the outputs: exactly those a single-machine
// sweep writes. keep is that of [New].
func Merge(out string, shards []string, keep ...string) (*Results, error) {
	a := New(keep...)
	if err := runner.Merge(out, shards, a); err != nil {
		return nil, err
	}
	return a.Results(), nil
}

// Aggregator writes a sweep's outputs from its runs: it is the runner.Sink
// of an execution (the tables grow as runs finish), of [Aggregate] and of
// [Merge]. The outputs are runs.csv, runs.parquet, series.parquet,
// series.csv.gz, summary.csv, comparisons.csv, failures.csv (and sensitivity.csv for a
// screening design), manifest.json, the plots and report.html. They depend
// only on the runs, never on the order they finished in or on how many
// machines ran them; memory does not grow with the replications. Until
// Done, the tables are temporary files: an aborted aggregation leaves the
// folder's outputs as they were.
//
// Memory does not grow with the design points either, beyond what the
// outputs show across points: the statistics are those of a
// stats.Accumulator, which spills every run's values to temporary files
// in the results folder (removed by Done and Abort; a killed process's
// are removed by the next sweep of the folder) and keeps in memory only
// design point 0's statistics and, at every point, those of the metrics
// analysed across points (stats.KeptMetrics) and of the metrics given to
// [New].
type Aggregator struct {
	dir      string
	plan     *sweep.Plan
	keys     []string       // the metric columns
	col      map[string]int // metric key → column
	acc      *stats.Accumulator
	runsCSV  *fsutil.File
	runsRows *csv.Writer
	runsPQ   *runsParquet
	seriesPQ *seriesParquet
	seriesCS *seriesCSV
	versions map[string]bool
	res      *Results
	keep     []string
}

// New returns an Aggregator for one results folder. Results.Stat and
// Results.Comparison answer at every design point for the metrics of
// stats.KeptMetrics and for those of keep (each one of
// sweep.MetricKeys, or New's Start panics), except that a design that
// does not screen keeps its reported metrics only at the points the
// report's table of design points shows; for the other metrics only at
// design point 0 (and panic elsewhere). summary.csv and comparisons.csv
// have every metric at every point whatever keep says.
func New(keep ...string) *Aggregator { return &Aggregator{keep: keep} }

// Results returns what Done wrote; nil before.
func (a *Aggregator) Results() *Results { return a.res }

// Start implements runner.Sink: it opens the tables.
func (a *Aggregator) Start(dir string, plan *sweep.Plan) (err error) {
	defer func() {
		if err != nil {
			a.Abort()
		}
	}()
	a.dir, a.plan = dir, plan
	a.keys = sweep.MetricKeys()
	a.col = make(map[string]int, len(a.keys))
	for i, k := range a.keys {
		a.col[k] = i
	}
	a.acc = stats.NewAccumulator(plan, a.keys, stats.Options{Dir: dir, Keep: a.keep, ShownPoints: maxPointRows / max(len(plan.Arms), 1)})
	a.versions = map[string]bool{}
	a.res = &Results{Plan: plan}
	if a.runsCSV, err = fsutil.Create(filepath.Join(dir, "runs.csv")); err != nil {
		return err
	}
	a.runsRows = csv.NewWriter(a.runsCSV)
	header := append(append([]string(nil), runIDColumns...), plan.ParamKeys...)
	a.runsRows.Write(safetext.CSVRow(append(header, a.keys...)))
	if a.runsPQ, err = newRunsParquet(filepath.Join(dir, "runs.parquet"), plan, a.keys); err != nil {
		return err
	}
	if a.seriesPQ, err = newSeriesParquet(filepath.Join(dir, "series.parquet")); err != nil {
		return err
	}
	a.seriesCS, err = newSeriesCSV(filepath.Join(dir, seriesCSVFile), plan)
	return err
}

// prepared is a finished run's part of the outputs that does not depend on
// the order of the runs: its values matched to the metric columns, its
// runs.csv row and its rows of series.csv.gz, encoded.
type prepared struct {
	vals   []float64
	row    []string
	series []byte
}

// Prepare implements runner.Preparer: the matching and formatting of a
// finished run, on the worker that ran it (nil for a failed run).
func (a *Aggregator) Prepare(r runner.Run) any {
	if r.Failure != nil {
		return nil
	}
	return a.prepare(r)
}

func (a *Aggregator) prepare(r runner.Run) *prepared {
	v := r.Values
	vals := make([]float64, len(a.keys))
	for i := range vals {
		vals[i] = math.NaN()
	}
	for _, kv := range v.Metrics {
		if i, ok := a.col[kv.Key]; ok {
			vals[i] = kv.Value
		}
	}
	spec, id := r.Spec, r.Spec.ID()
	row := make([]string, 0, 6+len(a.plan.ParamKeys)+len(vals))
	row = append(row, CSVText(id), CSVText(spec.Arm), strconv.Itoa(spec.Point), strconv.Itoa(spec.Replication), strconv.FormatUint(spec.Seed, 10), CSVText(v.ScenarioHash))
	for _, pv := range a.plan.Points[spec.Point].Values {
		row = append(row, csvParam(pv))
	}
	for _, x := range vals {
		row = append(row, CSVNumber(x))
	}
	return &prepared{vals: vals, row: row, series: a.seriesCS.encode(id, spec, v.Series)}
}

// Run implements runner.Sink: a failed run is listed; a finished run's
// values, matched to the metric columns by key (by Prepare, or here for a
// run that was not prepared), go into the tables and the statistics.
func (a *Aggregator) Run(r runner.Run) error {
	if r.Failure != nil {
		a.res.Failures = append(a.res.Failures, *r.Failure)
		a.res.Failed++
		return nil
	}
	a.res.Present++
	v := r.Values
	a.versions[v.Version] = true
	p, _ := r.Prepared.(*prepared)
	if p == nil {
		p = a.prepare(r)
	}
	spec, id := r.Spec, r.Spec.ID()
	a.runsRows.Write(p.row)
	if err := a.runsPQ.write(id, spec, v.ScenarioHash, a.plan.Points[spec.Point], a.keys, p.vals); err != nil {
		return err
	}
	if err := a.seriesPQ.write(id, spec, v.Series); err != nil {
		return err
	}
	if err := a.seriesCS.write(p.series); err != nil {
		return err
	}
	return a.acc.Add(spec, p.vals, v.Series)
}

// Abort implements runner.Sink: the tables and the spill files are
// dropped.
func (a *Aggregator) Abort() {
	if a.acc != nil {
		a.acc.Close()
	}
	if a.res != nil && a.res.Table != nil {
		a.res.Table.Close()
	}
	if a.runsCSV != nil {
		a.runsCSV.Abort()
	}
	if a.runsPQ != nil {
		a.runsPQ.abort()
	}
	if a.seriesPQ != nil {
		a.seriesPQ.abort()
	}
	if a.seriesCS != nil {
		a.seriesCS.abort()
	}
}

// Done implements runner.Sink: it commits the tables and writes the
// statistics, the plots, the report and the manifest.
func (a *Aggregator) Done(f *runner.Folder) (err error) {
	defer func() {
		if err != nil {
			a.Abort()
		}
	}()
	res := a.res
	res.Expected, res.Needed, res.Damaged, res.Writer = f.Expected, f.Reps, f.Damaged, f.Writer
	a.runsRows.Flush()
	if err := a.runsRows.Error(); err != nil {
		return err
	}
	for _, commit := range []func() error{a.runsCSV.Commit, a.runsPQ.commit, a.seriesPQ.commit, a.seriesCS.commit} {
		if err := commit(); err != nil {
			return err
		}
	}
	if res.Table, err = a.acc.Table(); err != nil {
		return err
	}
	// The spill files go when the outputs are written; the lookups stay.
	defer func() {
		if cerr := res.Table.Close(); err == nil {
			err = cerr
		}
	}()
	res.CIMissed = stats.CIMissed(a.plan, res.Table)
	res.Sensitivity = stats.Screen(a.plan, res.Table)
	outputs := []string{"runs.csv", "runs.parquet", "series.parquet", seriesCSVFile, "summary.csv", "comparisons.csv", "failures.csv", "report.html"}
	if err := writeTables(a.dir, res); err != nil {
		return err
	}
	if _, ok := a.plan.Screens(); ok {
		outputs = append(outputs, sensitivityFile)
	}
	plots, err := writePlots(a.dir, res)
	if err != nil {
		return err
	}
	res.Manifest = manifest(a.plan, f, res, a.versions)
	res.Manifest.Files = append(outputs, plots...)
	if err := writeReport(a.dir, res, plots); err != nil {
		return err
	}
	return fsutil.WriteAtomic(filepath.Join(a.dir, "manifest.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res.Manifest)
	})
}
