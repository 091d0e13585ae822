package batch

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
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
	// Damaged lists the stored records that failed their check: they are
	// not aggregated (their runs count as missing) and, unless Writer is
	// set, were moved aside so that the next 'sweep' does them again.
	Damaged []Damaged
	// Writer, if not nil, is the process that held the folder's lock
	// while it was read (a sweep still running): the results are those of
	// the runs finished so far, and nothing in runs/ was touched.
	Writer *LockHolder
	// CIMissed lists, under until_ci, the arms and points whose 95%
	// interval is wider than the target.
	CIMissed []CIMiss

	idxMu           sync.Mutex
	statIdx, cmpIdx map[statKey]int
}

// Complete reports whether every run the sweep asks for finished.
func (r *Results) Complete() bool { return r.Present == r.Expected }

// Stat returns the statistic of a metric for an arm at a point.
func (r *Results) Stat(arm string, point int, metric string) (Stat, bool) {
	r.index()
	if i, ok := r.statIdx[statKey{arm, point, metric}]; ok {
		return r.Stats[i], true
	}
	return Stat{}, false
}

// Comparison returns the paired comparison of a metric for an arm at a
// point.
func (r *Results) Comparison(arm string, point int, metric string) (Comparison, bool) {
	r.index()
	if i, ok := r.cmpIdx[statKey{arm, point, metric}]; ok {
		return r.Comparisons[i], true
	}
	return Comparison{}, false
}

type statKey struct {
	arm    string
	point  int
	metric string
}

// index builds the lookup tables of Stat and Comparison (again, if the
// lists changed): a large design asks for millions of them.
func (r *Results) index() {
	r.idxMu.Lock()
	defer r.idxMu.Unlock()
	if r.statIdx == nil || len(r.statIdx) != len(r.Stats) {
		r.statIdx = make(map[statKey]int, len(r.Stats))
		for i, s := range r.Stats {
			if _, dup := r.statIdx[statKey{s.Arm, s.Point, s.Metric}]; !dup {
				r.statIdx[statKey{s.Arm, s.Point, s.Metric}] = i
			}
		}
	}
	if r.cmpIdx == nil || len(r.cmpIdx) != len(r.Comparisons) {
		r.cmpIdx = make(map[statKey]int, len(r.Comparisons))
		for i, c := range r.Comparisons {
			if _, dup := r.cmpIdx[statKey{c.Arm, c.Point, c.Metric}]; !dup {
				r.cmpIdx[statKey{c.Arm, c.Point, c.Metric}] = i
			}
		}
	}
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
	Damaged       int              `json:"runs_damaged"`
	Complete      bool             `json:"complete"`
	UntilCI       *ManifestCI      `json:"until_ci,omitempty"`
	Started       string           `json:"started"`
	Ended         string           `json:"ended"`
	Files         []string         `json:"files"`
}

// ManifestCI is the until_ci target of a sweep and whether it was met.
type ManifestCI struct {
	Metric          string   `json:"metric"`
	HalfWidth       float64  `json:"half_width"`
	MaxReplications int      `json:"max_replications"`
	Met             bool     `json:"met"`
	Missed          []CIMiss `json:"missed"`
}

// seriesMetrics are the time-series metrics aggregated across replications.
var seriesMetrics = map[string]bool{"trust": true, "fear": true, "reporting_rate": true}

// Aggregate reads every finished run of a results folder, in a fixed
// order, and writes the tables (runs.csv, runs.parquet, series.parquet,
// summary.csv, comparisons.csv, failures.csv, and sensitivity.csv for
// morris and oat designs), manifest.json, the plots and report.html. Its
// outputs depend only on the runs, never on the order they finished in or
// on how many machines ran them. Memory does not grow with the number of
// replications: runs are streamed from disk.
//
// Every record is checked as it is read (see [DamagedError]): a damaged
// one is never aggregated, and is moved aside (runs/damaged/) to be done
// again. If another process holds the folder's lock (a sweep still
// running), Aggregate reads the runs finished so far without touching
// runs/ (Results.Writer says who writes); otherwise it holds the lock
// while it works.
func Aggregate(dir string) (*Results, error) {
	if _, err := LoadPlan(dir); err != nil {
		return nil, err
	}
	lock, err := lockFolder(dir)
	var busy *BusyError
	switch {
	case errors.As(err, &busy):
		return aggregate(dir, busy.Holder, false)
	case err != nil:
		return nil, err
	}
	defer lock.unlock()
	removeTemps(dir)
	return aggregate(dir, nil, true)
}

// aggregate is Aggregate for a folder whose lock is held (by the caller
// when own is set; by writer, if known, otherwise).
func aggregate(dir string, writer *LockHolder, own bool) (*Results, error) {
	plan, err := LoadPlan(dir)
	if err != nil {
		return nil, err
	}
	st := loadState(dir, plan)
	done, err := listIDs(dir, runsDir, recordSuffix)
	if err != nil {
		return nil, err
	}
	failed, err := listIDs(dir, failuresDir, failureSuffix)
	if err != nil {
		return nil, err
	}
	res := &Results{Plan: plan, Needed: st.Reps}
	if !own {
		res.Writer = writer
		if writer == nil {
			res.Writer = &LockHolder{}
		}
	}
	forEachSpec(plan, st.Reps, func(int, RunSpec) bool { res.Expected++; return true })
	if res.Expected == 0 {
		return nil, fmt.Errorf("batch: %s: the sweep has no runs", safetext.Escape(dir))
	}
	checker := newChecker(plan)
	damaged := func(id string, d *DamagedError) error {
		dm := Damaged{ID: id, Path: d.Path, Problem: d.Problem}
		if own {
			to, err := moveAside(d.Path)
			if err != nil {
				return fmt.Errorf("batch: cannot move the damaged record %s aside: %w", d.Path, err)
			}
			dm.MovedTo = to
		}
		res.Damaged = append(res.Damaged, dm)
		return nil
	}

	keys := SummaryKeys()
	paramCols := plan.ParamKeys
	runsCSV, err := newCSVFile(filepath.Join(dir, "runs.csv"))
	if err != nil {
		return nil, err
	}
	defer runsCSV.abort()
	header := append([]string{"run_id", "arm", "point", "replication", "seed", "scenario_hash"}, paramCols...)
	header = append(header, keys...)
	runsCSV.w.Write(safetext.CSVRow(header))

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
			if a > 0 {
				pairDiff[a][p] = make([]sim.Welford, len(keys))
				pairArm[a][p] = make([]sim.Welford, len(keys))
				pairBase[a][p] = make([]sim.Welford, len(keys))
			}
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
	var group []RunSpec
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		defer func() { group = group[:0] }()
		vals := make([][]float64, nArms) // arm → key values, nil if missing
		for _, spec := range group {
			id := spec.ID()
			if !done[id] {
				if !failed[id] {
					continue
				}
				f, err := checker.readFailure(dir, id)
				var d *DamagedError
				switch {
				case errors.As(err, &d):
					if err := damaged(id, d); err != nil {
						return err
					}
				case errors.Is(err, fs.ErrNotExist):
					// Removed since the listing: a retry succeeded.
				case err != nil:
					return err
				default:
					res.Failures = append(res.Failures, *f)
					res.Failed++
				}
				continue
			}
			rec, err := checker.read(dir, id)
			var d *DamagedError
			if errors.As(err, &d) {
				if err := damaged(id, d); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
			res.Present++
			versions[rec.Summary.Run.Version] = true
			v := make([]float64, 0, len(keys))
			for _, kv := range rec.Summary.Flatten() {
				if kv.Text == "" && !isTextKey(kv.Key) && !isRunKey(kv.Key) {
					v = append(v, kv.Value)
				}
			}
			a := armIdx[spec.Arm]
			vals[a] = v
			for k, x := range v {
				if !math.IsNaN(x) && !math.IsInf(x, 0) {
					stats[a][spec.Point][k].Add(x)
				}
			}
			row := []string{csvText(id), csvText(spec.Arm), strconv.Itoa(spec.Point), strconv.Itoa(spec.Replication), strconv.FormatUint(spec.Seed, 10), csvText(rec.ScenarioHash)}
			for _, pv := range plan.Points[spec.Point].Values {
				row = append(row, csvParam(pv))
			}
			for _, x := range v {
				row = append(row, formatFloat(x))
			}
			runsCSV.w.Write(row)
			if err := runsPQ.write(rec, plan.Points[spec.Point], v); err != nil {
				return err
			}
			if err := seriesPQ.write(rec); err != nil {
				return err
			}
			for _, pt := range rec.Series {
				if !seriesMetrics[pt.Metric] {
					continue
				}
				sk := seriesKey{a, spec.Point, pt.Metric, pt.Group, pt.Day}
				w := series[sk]
				if w == nil {
					w = &sim.Welford{}
					series[sk] = w
				}
				// An undefined value is left out; a day where every run's is
				// undefined stays, with no mean: a gap in the plots.
				if !math.IsNaN(pt.Value) && !math.IsInf(pt.Value, 0) {
					w.Add(pt.Value)
				}
			}
		}
		// Paired differences against the baseline (arm 0).
		base := vals[0]
		if base == nil {
			return nil
		}
		pt := group[0].Point
		for a := 1; a < nArms; a++ {
			if vals[a] == nil {
				continue
			}
			for k := range keys {
				x, b := vals[a][k], base[k]
				if !finite(x, b) {
					continue
				}
				pairDiff[a][pt][k].Add(x - b)
				pairArm[a][pt][k].Add(x)
				pairBase[a][pt][k].Add(b)
			}
		}
		return nil
	}
	var ferr error
	forEachSpec(plan, st.Reps, func(_ int, spec RunSpec) bool {
		if len(group) > 0 && (spec.Replication != group[0].Replication || spec.Point != group[0].Point) {
			if ferr = flush(); ferr != nil {
				return false
			}
		}
		group = append(group, spec)
		return true
	})
	if ferr == nil {
		ferr = flush()
	}
	if ferr != nil {
		return nil, ferr
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
		if math.IsNaN(hw) && w.N() > 0 {
			hw = 0 // one value: no band
		}
		res.Series = append(res.Series, SeriesStat{Arm: plan.Arms[k.arm].Name, Point: k.point, Metric: k.metric, Group: k.group, Day: k.day, N: int(w.N()), Mean: w.Mean(), Lo: w.Mean() - hw, Hi: w.Mean() + hw})
	}
	res.CIMissed = ciMissed(res)

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

// ciMissed lists the arms and points whose 95% interval of the until_ci
// metric is wider than the target (or undefined).
func ciMissed(res *Results) []CIMiss {
	u := res.Plan.Sweep.UntilCI
	if u.Metric == "" {
		return nil
	}
	var out []CIMiss
	for _, a := range res.Plan.Arms {
		for p := range res.Plan.Points {
			s, _ := res.Stat(a.Name, p, u.Metric)
			hw := (s.Hi - s.Lo) / 2
			if !(hw <= u.HalfWidth) {
				out = append(out, CIMiss{Arm: a.Name, Point: p, N: s.N, HalfWidth: agents.Value(hw)})
			}
		}
	}
	return out
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
		Damaged: len(res.Damaged), Complete: res.Complete(), UntilCI: manifestCI(plan, res),
		Started: ts(st.Started), Ended: ts(st.Finished),
	}
}

func manifestCI(plan *Plan, res *Results) *ManifestCI {
	u := plan.Sweep.UntilCI
	if u.Metric == "" {
		return nil
	}
	return &ManifestCI{Metric: u.Metric, HalfWidth: u.HalfWidth, MaxReplications: u.MaxReplications,
		Met: len(res.CIMissed) == 0, Missed: append([]CIMiss{}, res.CIMissed...)}
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

func paramHeader(plan *Plan) []string {
	return safetext.CSVRow(append([]string(nil), plan.ParamKeys...))
}

func paramValues(plan *Plan, point int) []string {
	var out []string
	for _, v := range plan.Points[point].Values {
		out = append(out, csvParam(v))
	}
	return out
}

// writeSummaryCSV writes <dir>/summary.csv: per arm, point and metric, the
// mean with its 95% interval.
func writeSummaryCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "summary.csv"), func(w *csv.Writer) {
		w.Write(append(append([]string{"arm", "point"}, paramHeader(res.Plan)...), "metric", "n", "mean", "sd", "ci95_low", "ci95_high"))
		for _, s := range res.Stats {
			row := append([]string{csvText(s.Arm), strconv.Itoa(s.Point)}, paramValues(res.Plan, s.Point)...)
			w.Write(append(row, csvText(s.Metric), strconv.Itoa(s.N), formatFloat(s.Mean), formatFloat(s.SD), formatFloat(s.Lo), formatFloat(s.Hi)))
		}
	})
}

func writeComparisonsCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "comparisons.csv"), func(w *csv.Writer) {
		w.Write(append(append([]string{"arm", "baseline_arm", "point"}, paramHeader(res.Plan)...),
			"metric", "n_pairs", "baseline_mean", "arm_mean", "diff_mean", "diff_sd", "ci95_low", "ci95_high", "relative_diff", "paired_half_width", "unpaired_half_width"))
		for _, c := range res.Comparisons {
			row := append([]string{csvText(c.Arm), csvText(c.Baseline), strconv.Itoa(c.Point)}, paramValues(res.Plan, c.Point)...)
			w.Write(append(row, csvText(c.Metric), strconv.Itoa(c.N), formatFloat(c.BaseMean), formatFloat(c.ArmMean), formatFloat(c.Diff), formatFloat(c.DiffSD),
				formatFloat(c.Lo), formatFloat(c.Hi), formatFloat(c.Relative), formatFloat(c.PairedHalfWidth), formatFloat(c.UnpairedHalfWidth)))
		}
	})
}

func writeFailuresCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "failures.csv"), func(w *csv.Writer) {
		w.Write([]string{"run_id", "arm", "point", "replication", "seed", "error"})
		for _, f := range res.Failures {
			w.Write([]string{csvText(f.ID), csvText(f.Arm), strconv.Itoa(f.Point), strconv.Itoa(f.Replication), strconv.FormatUint(f.Seed, 10), csvText(f.Error)})
		}
	})
}

// tQuantile is the p-quantile of Student's t with df degrees of freedom.
func tQuantile(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}
