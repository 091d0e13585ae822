package report

import (
	"encoding/csv"
	"io"
	"path/filepath"
	"strconv"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/stats"
)

// sensitivityFile is the table of screening results in a sweep folder.
const sensitivityFile = "sensitivity.csv"

// writeTables writes the tables of the statistics: summary.csv,
// comparisons.csv, failures.csv, and sensitivity.csv when there is a
// screening.
func writeTables(dir string, res *Results) error {
	if err := writeSummaryCSV(dir, res); err != nil {
		return err
	}
	if err := writeComparisonsCSV(dir, res); err != nil {
		return err
	}
	if err := writeFailuresCSV(dir, res); err != nil {
		return err
	}
	if _, ok := res.Plan.Screens(); ok {
		if res.Plan.SobolRows() > 0 {
			return writeSobolCSV(dir, res)
		}
		return writeSensitivityCSV(dir, res)
	}
	return nil
}

func writeCSV(path string, rows func(w *csv.Writer) error) error {
	return fsutil.WriteAtomic(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := rows(cw); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
}

func paramHeader(plan *sweep.Plan) []string {
	return safetext.CSVRow(append([]string(nil), plan.ParamKeys...))
}

// pointParams returns paramValues of the plan, formatted once for a run
// of rows of the same point (the tables' rows come point by point).
func pointParams(plan *sweep.Plan) func(point int) []string {
	last, vals := -1, []string(nil)
	return func(point int) []string {
		if point != last {
			last, vals = point, paramValues(plan, point)
		}
		return vals
	}
}

func paramValues(plan *sweep.Plan, point int) []string {
	var out []string
	for _, v := range plan.Points[point].Values {
		out = append(out, csvParam(v))
	}
	return out
}

// writeSummaryCSV writes <dir>/summary.csv: per arm, point and metric, the
// mean with its 95% interval.
func writeSummaryCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "summary.csv"), func(w *csv.Writer) error {
		w.Write(append(append([]string{"arm", "point"}, paramHeader(res.Plan)...), "metric", "n", "mean", "sd", "ci95_low", "ci95_high"))
		params := pointParams(res.Plan)
		return res.EachStat(func(s stats.Stat) error {
			row := append([]string{CSVText(s.Arm), strconv.Itoa(s.Point)}, params(s.Point)...)
			return w.Write(append(row, CSVText(s.Metric), strconv.Itoa(s.N), CSVNumber(s.Mean), CSVNumber(s.SD), CSVNumber(s.Lo), CSVNumber(s.Hi)))
		})
	})
}

// writeComparisonsCSV writes <dir>/comparisons.csv: per arm (but the
// baseline), point and metric, the paired difference from the baseline.
func writeComparisonsCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "comparisons.csv"), func(w *csv.Writer) error {
		w.Write(append(append([]string{"arm", "baseline_arm", "point"}, paramHeader(res.Plan)...),
			"metric", "n_pairs", "baseline_mean", "arm_mean", "diff_mean", "diff_sd", "ci95_low", "ci95_high", "relative_diff", "paired_half_width", "unpaired_half_width"))
		params := pointParams(res.Plan)
		return res.EachComparison(func(c stats.Comparison) error {
			row := append([]string{CSVText(c.Arm), CSVText(c.Baseline), strconv.Itoa(c.Point)}, params(c.Point)...)
			return w.Write(append(row, CSVText(c.Metric), strconv.Itoa(c.N), CSVNumber(c.BaseMean), CSVNumber(c.ArmMean), CSVNumber(c.Diff), CSVNumber(c.DiffSD),
				CSVNumber(c.Lo), CSVNumber(c.Hi), CSVNumber(c.Relative), CSVNumber(c.PairedHalfWidth), CSVNumber(c.UnpairedHalfWidth)))
		})
	})
}

func writeFailuresCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, "failures.csv"), func(w *csv.Writer) error {
		w.Write([]string{"run_id", "arm", "point", "replication", "seed", "error"})
		for _, f := range res.Failures {
			w.Write([]string{CSVText(f.ID), CSVText(f.Arm), strconv.Itoa(f.Point), strconv.Itoa(f.Replication), strconv.FormatUint(f.Seed, 10), CSVText(f.Error)})
		}
		return nil
	})
}

// writeSensitivityCSV writes <dir>/sensitivity.csv: one row per arm,
// metric and parameter.
func writeSensitivityCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, sensitivityFile), func(w *csv.Writer) error {
		w.Write([]string{"arm", "metric", "parameter", "mu", "mu_star", "sigma", "n", "rank", "low", "high", "design"})
		for _, s := range res.Sensitivity {
			w.Write([]string{CSVText(s.Arm), CSVText(s.Metric), CSVText(s.Param), CSVNumber(s.Mu), CSVNumber(s.MuStar), CSVNumber(s.Sigma),
				strconv.Itoa(s.N), strconv.Itoa(s.Rank), CSVText(formatParam(s.Low)), CSVText(formatParam(s.High)), CSVText(s.Design)})
		}
		return nil
	})
}
