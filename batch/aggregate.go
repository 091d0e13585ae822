package batch

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"time"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/version"
	"github.com/agencysim/agencysim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// Stat is the mean of a metric over the replications of one arm at one
// design point, with a 95% confidence interval (Student's t).
type Stat struct {
	Arm    string
	Point  int
	Metric string
	N      int
	Mean   float64
	SD     float64
	Lo, Hi float64
}

// Comparison is the paired difference (arm − baseline) of a metric over the
// replications both arms ran with the same random streams.
type Comparison struct {
	Arm, Baseline string
	Point         int
	Metric        string
	N             int
	BaseMean      float64
	ArmMean       float64
	Diff          float64 // mean of the per-replication differences
	DiffSD        float64
	Lo, Hi        float64 // 95% interval of Diff
	Relative      float64 // Diff / BaseMean
	// Half-widths of the 95% interval of the difference, paired (as
	// reported) and as if the arms had been run independently (Welch),
	// showing what common random numbers gained.
	PairedHalfWidth   float64
	UnpairedHalfWidth float64
}

// SeriesStat is the mean over replications of a time-series metric for one
// arm, point, group and day, with a 95% band.
type SeriesStat struct {
	Arm    string
	Point  int
	Metric string
	Group  string
	Day    float64
	N      int
	Mean   float64
	Lo, Hi float64
}

// Results are the aggregate outputs of a sweep folder: what the tables, the
// plots and the report show.
type Results struct {
	Plan        *Plan
	Expected    int // runs the sweep asks for
	Present     int // finished runs
	Failed      int // runs that failed
	Stats       []Stat
	Comparisons []Comparison
	Series      []SeriesStat
	Failures    []Failure
	Needed      map[string][]int // replications per arm and point
	Manifest    Manifest
	// Sensitivity is the screening of the varied parameters (morris and
	// oat designs): one row per arm, metric and parameter.
	Sensitivity []Sensitivity
}

// Complete reports whether every run the sweep asks for finished.
func (r *Results) Complete() bool { return r.Present == r.Expected }

// Stat returns the statistic of a metric for an arm at a point.
func (r *Results) Stat(arm string, point int, metric string) (Stat, bool) {
	for _, s := range r.Stats {
		if s.Arm == arm && s.Point == point && s.Metric == metric {
			return s, true
		}
	}
	return Stat{}, false
}

// Comparison returns the paired comparison of a metric for an arm at a
// point.
func (r *Results) Comparison(arm string, point int, metric string) (Comparison, bool) {
	for _, c := range r.Comparisons {
		if c.Arm == arm && c.Point == point && c.Metric == metric {
			return c, true
		}
	}
	return Comparison{}, false
}

// Manifest describes a sweep's results folder: what produced it and when.
type Manifest struct {
	Sweep         string           `json:"sweep"`
	SweepFileHash string           `json:"sweep_file_sha256"`
	SweepHash     string           `json:"sweep_hash"`
	Base          string           `json:"base_scenario"`
	BaseHash      string           `json:"base_scenario_sha256"`
	Versions      []string         `json:"code_versions"`
	GoVersion     string           `json:"go_version"`
	Seed          int64            `json:"seed"`
	Arms          []string         `json:"arms"`
	BaselineArm   string           `json:"baseline_arm"`
	Design        string           `json:"design"`
	Parameters    []string         `json:"parameters"`
	Points        int              `json:"points"`
	Replications  map[string][]int `json:"replications"`
	Runs          int              `json:"runs"`
	Finished      int              `json:"runs_finished"`
	Failed        int              `json:"runs_failed"`
	Complete      bool             `json:"complete"`
	Started       string           `json:"started"`
	Ended         string           `json:"ended"`
	Files         []string         `json:"files"`
}

// seriesMetrics are the time-series metrics aggregated across replications.
var seriesMetrics = map[string]bool{"trust": true, "fear": true, "reporting_rate": true}

// Aggregate reads every finished run of a results folder, in a fixed
// order, and writes the tables (runs.csv, runs.parquet, series.parquet,
// summary.csv, comparisons.csv, failures.csv, and sensitivity.csv for
// morris and oat designs), manifest.json, the plots and report.html. Its outputs depend only on the runs, never on the order
// they finished in or on how many machines ran them. Memory does not grow
// with the number of replications: runs are streamed from disk.
func Aggregate(dir string) (*Results, error) {
	plan, err := LoadPlan(dir)
	if err != nil {
		return nil, err
	}
	st := loadState(dir, plan)
	done, err := listIDs(dir, runsDir, ".json.gz")
	if err != nil {
		return nil, err
	}
	failed, err := listIDs(dir, failuresDir, ".json")
	if err != nil {
		return nil, err
	}
	res := &Results{Plan: plan, Needed: st.Reps}
	specs := SpecsOf(plan, st.Reps)
	res.Expected = len(specs)

	keys := SummaryKeys()
	paramCols := plan.ParamKeys
	runsCSV, err := newCSVFile(filepath.Join(dir, "runs.csv"))
	if err != nil {
		return nil, err
	}
	defer runsCSV.abort()
	header := append([]string{"run_id", "arm", "point", "replication", "seed", "scenario_hash"}, paramCols...)
	header = append(header, keys...)
	runsCSV.w.Write(header)

	runsPQ, err := newRunsParquet(filepath.Join(dir, "runs.parquet"), plan, keys)
	if err != nil {
		return nil, err
	}
	defer runsPQ.abort()
	seriesPQ, err := newSeriesParquet(filepath.Join(dir, "series.parquet"))
	if err != nil {
		return nil, err
	}
	defer seriesPQ.abort()

	nArms := len(plan.Arms)
	armIdx := map[string]int{}
	for i, a := range plan.Arms {
		armIdx[a.Name] = i
	}
	// Accumulators.
	stats := make([][][]sim.Welford, nArms) // arm, point, key
	pairDiff := make([][][]sim.Welford, nArms)
	pairArm := make([][][]sim.Welford, nArms)
	pairBase := make([][][]sim.Welford, nArms)
	for a := range nArms {
		stats[a] = make([][]sim.Welford, len(plan.Points))
		pairDiff[a] = make([][]sim.Welford, len(plan.Points))
		pairArm[a] = make([][]sim.Welford, len(plan.Points))
		pairBase[a] = make([][]sim.Welford, len(plan.Points))
		for p := range plan.Points {
			stats[a][p] = make([]sim.Welford, len(keys))
			pairDiff[a][p] = make([]sim.Welford, len(keys))
			pairArm[a][p] = make([]sim.Welford, len(keys))
			pairBase[a][p] = make([]sim.Welford, len(keys))
		}
	}
	type seriesKey struct {
		arm, point    int
		metric, group string
		day           float64
	}
	series := map[seriesKey]*sim.Welford{}
	versions := map[string]bool{}

	// Runs grouped by (replication, point): the arms that share streams.
	i := 0
	for i < len(specs) {
		j := i
		for j < len(specs) && specs[j].Replication == specs[i].Replication && specs[j].Point == specs[i].Point {
			j++
		}
		group := specs[i:j]
		i = j
		vals := make([][]float64, nArms) // arm → key values, nil if missing
		for _, spec := range group {
			id := spec.ID()
			if !done[id] {
				if failed[id] {
					if f, err := readFailure(dir, id); err == nil {
						res.Failures = append(res.Failures, *f)
					}
					res.Failed++
				}
				continue
			}
			rec, err := ReadRecord(dir, id)
			if err != nil {
				return nil, err
			}
			res.Present++
			versions[rec.Summary.Run.Version] = true
			flat := rec.Summary.Flatten()
			v := make([]float64, 0, len(keys))
			for _, kv := range flat {
				if kv.Text == "" && !isRunKey(kv.Key) {
					v = append(v, kv.Value)
				}
			}
			if len(v) != len(keys) {
				return nil, fmt.Errorf("batch: run %s has %d metrics, this version has %d: it was made by another code version", id, len(v), len(keys))
			}
			a := armIdx[spec.Arm]
			vals[a] = v
			for k, x := range v {
				if !math.IsNaN(x) {
					stats[a][spec.Point][k].Add(x)
				}
			}
			row := []string{id, spec.Arm, strconv.Itoa(spec.Point), strconv.Itoa(spec.Replication), strconv.FormatUint(spec.Seed, 10), rec.ScenarioHash}
			for _, pv := range plan.Points[spec.Point].Values {
				row = append(row, formatParam(pv))
			}
			for _, x := range v {
				row = append(row, formatFloat(x))
			}
			runsCSV.w.Write(row)
			if err := runsPQ.write(rec, plan.Points[spec.Point], v); err != nil {
				return nil, err
			}
			if err := seriesPQ.write(rec); err != nil {
				return nil, err
			}
			for _, pt := range rec.Series {
				if !seriesMetrics[pt.Metric] || math.IsNaN(pt.Value) {
					continue
				}
				sk := seriesKey{a, spec.Point, pt.Metric, pt.Group, pt.Day}
				w := series[sk]
				if w == nil {
					w = &sim.Welford{}
					series[sk] = w
				}
				w.Add(pt.Value)
			}
		}
		// Paired differences against the baseline (arm 0).
		base := vals[0]
		if base == nil {
			continue
		}
		pt := group[0].Point
		for a := 1; a < nArms; a++ {
			if vals[a] == nil {
				continue
			}
			for k := range keys {
				x, b := vals[a][k], base[k]
				if math.IsNaN(x) || math.IsNaN(b) {
					continue
				}
				pairDiff[a][pt][k].Add(x - b)
				pairArm[a][pt][k].Add(x)
				pairBase[a][pt][k].Add(b)
			}
		}
	}
	if err := runsCSV.commit(); err != nil {
		return nil, err
	}
	if err := runsPQ.commit(); err != nil {
		return nil, err
	}
	if err := seriesPQ.commit(); err != nil {
		return nil, err
	}

	// Statistics.
	for a, arm := range plan.Arms {
		for p := range plan.Points {
			for k, key := range keys {
				w := &stats[a][p][k]
				hw := w.CIHalfWidth(0.95)
				res.Stats = append(res.Stats, Stat{Arm: arm.Name, Point: p, Metric: key, N: int(w.N()), Mean: w.Mean(), SD: w.StdDev(), Lo: w.Mean() - hw, Hi: w.Mean() + hw})
				if a == 0 {
					continue
				}
				d := &pairDiff[a][p][k]
				dh := d.CIHalfWidth(0.95)
				bm := pairBase[a][p][k].Mean()
				res.Comparisons = append(res.Comparisons, Comparison{
					Arm: arm.Name, Baseline: plan.Arms[0].Name, Point: p, Metric: key, N: int(d.N()),
					BaseMean: bm, ArmMean: pairArm[a][p][k].Mean(),
					Diff: d.Mean(), DiffSD: d.StdDev(), Lo: d.Mean() - dh, Hi: d.Mean() + dh,
					Relative:          d.Mean() / bm,
					PairedHalfWidth:   dh,
					UnpairedHalfWidth: welchHalfWidth(&pairArm[a][p][k], &pairBase[a][p][k]),
				})
			}
		}
	}
	sks := make([]seriesKey, 0, len(series))
	for k := range series {
		sks = append(sks, k)
	}
	sort.Slice(sks, func(i, j int) bool {
		a, b := sks[i], sks[j]
		if a.arm != b.arm {
			return a.arm < b.arm
		}
		if a.point != b.point {
			return a.point < b.point
		}
		if a.metric != b.metric {
			return a.metric < b.metric
		}
		if a.group != b.group {
			return a.group < b.group
		}
		return a.day < b.day
	})
	for _, k := range sks {
		w := series[k]
		hw := w.CIHalfWidth(0.95)
		if math.IsNaN(hw) {
			hw = 0
		}
		res.Series = append(res.Series, SeriesStat{Arm: plan.Arms[k.arm].Name, Point: k.point, Metric: k.metric, Group: k.group, Day: k.day, N: int(w.N()), Mean: w.Mean(), Lo: w.Mean() - hw, Hi: w.Mean() + hw})
	}

	if err := writeSummaryCSV(dir, res); err != nil {
		return nil, err
	}
	if err := writeComparisonsCSV(dir, res); err != nil {
		return nil, err
	}
	if err := writeFailuresCSV(dir, res); err != nil {
		return nil, err
	}
	tables := []string{"runs.csv", "runs.parquet", "series.parquet", "summary.csv", "comparisons.csv", "failures.csv", "report.html"}
	res.Sensitivity = computeSensitivity(res)
	if hasSensitivity(plan) {
		if err := writeSensitivityCSV(dir, res); err != nil {
			return nil, err
		}
		tables = append(tables, sensitivityFile)
	}
	files, err := writePlots(dir, res)
	if err != nil {
		return nil, err
	}
	sensFiles, err := writeSensitivityPlots(dir, res)
	if err != nil {
		return nil, err
	}
	files = append(files, sensFiles...)
	res.Manifest = manifest(dir, plan, st, res, versions)
	res.Manifest.Files = append(tables, files...)
	if err := writeReport(dir, res, files); err != nil {
		return nil, err
	}
	if err := fsutil.WriteAtomic(filepath.Join(dir, "manifest.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res.Manifest)
	}); err != nil {
		return nil, err
	}
	return res, nil
}

func isRunKey(k string) bool { return len(k) >= 4 && k[:4] == "run." }

// welchHalfWidth is the 95% half-width of the difference of two means as
// if the samples were independent.
func welchHalfWidth(a, b *sim.Welford) float64 {
	na, nb := float64(a.N()), float64(b.N())
	if na < 2 || nb < 2 {
		return math.NaN()
	}
	va, vb := a.Variance()/na, b.Variance()/nb
	se := math.Sqrt(va + vb)
	df := (va + vb) * (va + vb) / (va*va/(na-1) + vb*vb/(nb-1))
	if math.IsNaN(df) || df < 1 {
		df = 1
	}
	return tQuantile(0.975, df) * se
}

func manifest(dir string, plan *Plan, st *state, res *Results, versions map[string]bool) Manifest {
	var vs []string
	for v := range versions {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	fileHash := ""
	if b, err := os.ReadFile(plan.Source); err == nil {
		h := sha256.Sum256(b)
		fileHash = hex.EncodeToString(h[:])
	} else {
		fileHash = plan.SourceHash
	}
	bh := sha256.Sum256(plan.BaseText)
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	if len(vs) == 0 {
		vs = []string{version.String()}
	}
	return Manifest{
		Sweep: plan.Source, SweepFileHash: fileHash, SweepHash: plan.Hash,
		Base: plan.BaseName, BaseHash: hex.EncodeToString(bh[:]),
		Versions: vs, GoVersion: runtime.Version(), Seed: plan.Sweep.Seed,
		Arms: plan.armNames(), BaselineArm: plan.Arms[0].Name,
		Design: plan.Sweep.Vary.Design, Parameters: plan.ParamKeys, Points: len(plan.Points),
		Replications: st.Reps, Runs: res.Expected, Finished: res.Present, Failed: res.Failed,
		Complete: res.Complete(), Started: ts(st.Started), Ended: ts(st.Finished),
	}
}

// csvFile writes a CSV file atomically: rows go to a temporary file that
// replaces the target on commit.
type csvFile struct {
	path string
	tmp  *os.File
	w    *csv.Writer
	done bool
}

func newCSVFile(path string) (*csvFile, error) {
	f, err := fsutil.CreateTemp(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return nil, err
	}
	return &csvFile{path: path, tmp: f, w: csv.NewWriter(f)}, nil
}

func (c *csvFile) commit() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	if err := c.tmp.Sync(); err != nil {
		return err
	}
	if err := c.tmp.Close(); err != nil {
		return err
	}
	c.done = true
	return os.Rename(c.tmp.Name(), c.path)
}

func (c *csvFile) abort() {
	if !c.done {
		c.tmp.Close()
		os.Remove(c.tmp.Name())
	}
}

func writeCSV(path string, rows func(w *csv.Writer)) error {
	return fsutil.WriteAtomic(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		rows(cw)
		cw.Flush()
		return cw.Error()
	})
}

func paramHeader(plan *Plan) []string { return plan.ParamKeys }

func paramValues(plan *Plan, point int) []string {
	var out []string
	for _, v := range plan.Points[point].Values {
		out = append(out, formatParam(v))
	}
	return out
}

func writeSummaryCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "summary.csv"), func(w *csv.Writer) {
		w.Write(append(append([]string{"arm", "point"}, paramHeader(res.Plan)...), "metric", "n", "mean", "sd", "ci95_low", "ci95_high"))
		for _, s := range res.Stats {
			row := append([]string{s.Arm, strconv.Itoa(s.Point)}, paramValues(res.Plan, s.Point)...)
			w.Write(append(row, s.Metric, strconv.Itoa(s.N), formatFloat(s.Mean), formatFloat(s.SD), formatFloat(s.Lo), formatFloat(s.Hi)))
		}
	})
}

func writeComparisonsCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "comparisons.csv"), func(w *csv.Writer) {
		w.Write(append(append([]string{"arm", "baseline_arm", "point"}, paramHeader(res.Plan)...),
			"metric", "n_pairs", "baseline_mean", "arm_mean", "diff_mean", "diff_sd", "ci95_low", "ci95_high", "relative_diff", "paired_half_width", "unpaired_half_width"))
		for _, c := range res.Comparisons {
			row := append([]string{c.Arm, c.Baseline, strconv.Itoa(c.Point)}, paramValues(res.Plan, c.Point)...)
			w.Write(append(row, c.Metric, strconv.Itoa(c.N), formatFloat(c.BaseMean), formatFloat(c.ArmMean), formatFloat(c.Diff), formatFloat(c.DiffSD),
				formatFloat(c.Lo), formatFloat(c.Hi), formatFloat(c.Relative), formatFloat(c.PairedHalfWidth), formatFloat(c.UnpairedHalfWidth)))
		}
	})
}

func writeFailuresCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "failures.csv"), func(w *csv.Writer) {
		w.Write([]string{"run_id", "arm", "point", "replication", "seed", "error"})
		for _, f := range res.Failures {
			w.Write([]string{f.ID, f.Arm, strconv.Itoa(f.Point), strconv.Itoa(f.Replication), strconv.FormatUint(f.Seed, 10), f.Error})
		}
	})
}

// formatFloat writes floats in the shortest form that reads back exactly;
// NaN (an undefined rate) is "NA", which pandas and R read as missing.
func formatFloat(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "NA"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func formatParam(v any) string {
	switch x := v.(type) {
	case nil:
		return "NA"
	case float64:
		return formatFloat(x)
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// tQuantile is the p-quantile of Student's t with df degrees of freedom.
func tQuantile(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}
