package report

import (
	"encoding/csv"
	"math"
	"path/filepath"
	"strconv"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/stats"
)

// The Sobol' indices of a sobol design (sweep/design_sobol.go) in the
// outputs: sensitivity.csv with one row per arm (and arm's difference from
// the baseline), metric, parameter and sample size (N/4, N/2 and N base
// rows: the convergence view), and the report's Sensitivity section, whose
// figures are shares of variance rather than changes in the metric's
// units.

// sobolHeader is the header of sensitivity.csv for a sobol design.
var sobolHeader = []string{"arm", "metric", "parameter", "n_base", "s1", "s1_ci95_low", "s1_ci95_high", "st", "st_ci95_low", "st_ci95_high",
	"rank", "noise_share", "low", "high", "design", "estimators"}

// sobolEstimators names the estimators in every row (users of other tools
// could not tell which one a figure came from: SALib #620).
const sobolEstimators = "S1: Saltelli et al. 2010 (b); ST: Jansen 1999; 95% percentile bootstrap, 1000 resamples of base rows"

// writeSobolCSV writes <dir>/sensitivity.csv for a sobol design: per arm,
// metric and parameter, the indices at N/4, N/2 and N base rows. rank is
// by ST at N rows, in every row; noise_share (the variance between
// replications over the total) is the same for every parameter of an arm
// and metric.
func writeSobolCSV(dir string, res *Results) error {
	return writeCSV(filepath.Join(dir, sensitivityFile), func(w *csv.Writer) error {
		w.Write(sobolHeader)
		for _, s := range res.Sensitivity {
			if s.Sobol == nil {
				continue
			}
			for _, e := range []sweep.SobolEstimate{s.Sobol.Quarter, s.Sobol.Half, s.Sobol.SobolEstimate} {
				w.Write([]string{CSVText(s.Arm), CSVText(s.Metric), CSVText(s.Param), strconv.Itoa(e.N),
					CSVNumber(e.S1), CSVNumber(e.S1Lo), CSVNumber(e.S1Hi), CSVNumber(e.ST), CSVNumber(e.STLo), CSVNumber(e.STHi),
					strconv.Itoa(s.Rank), CSVNumber(s.Sobol.NoiseShare), CSVText(formatParam(s.Low)), CSVText(formatParam(s.High)), CSVText(s.Design), sobolEstimators})
			}
		}
		return nil
	})
}

// shareText formats an index with its interval for the report:
// "0.31 [0.27, 0.35]"; "–" when undefined.
func shareText(v, lo, hi float64) string {
	if !finite(v) {
		return "–"
	}
	out := strconv.FormatFloat(v, 'f', 2, 64)
	if finite(lo, hi) {
		out += " [" + strconv.FormatFloat(lo, 'f', 2, 64) + ", " + strconv.FormatFloat(hi, 'f', 2, 64) + "]"
	}
	return out
}

// sobolCells are a row's cells of the report's table: S_T and S_1 with
// their intervals.
func sobolCells(x stats.Sensitivity) []string {
	if x.Sobol == nil {
		return []string{"–", "–"}
	}
	e := x.Sobol.SobolEstimate
	return []string{shareText(e.ST, e.STLo, e.STHi), shareText(e.S1, e.S1Lo, e.S1Hi)}
}

// noiseShareOf is the noise share of a metric in a screened arm (NaN if
// unknown).
func noiseShareOf(res *Results, arm, metric string) float64 {
	for _, s := range res.SensitivityOf(arm, metric) {
		if s.Sobol != nil {
			return s.Sobol.NoiseShare
		}
	}
	return math.NaN()
}
