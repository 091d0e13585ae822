package report

import (
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/agencysim/agencysim/sweep/stats"
)

// Results are the aggregate outputs of a sweep folder: what the tables, the
// plots and the report show. The statistics (Series, the lookups Stat and
// Comparison of what is kept in memory, see [New]) come from the embedded
// stats.Table; its walks (EachStat, EachComparison) end with Done, which
// writes them to summary.csv and comparisons.csv.
type Results struct {
	Plan     *sweep.Plan
	Expected int // runs the sweep asks for
	Present  int // finished runs
	Failed   int // runs that failed
	*stats.Table
	Failures []runner.Failure
	Needed   map[string][]int // replications per arm and point
	Manifest Manifest
	// Sensitivity is the screening of the varied parameters (screening
	// designs): one row per arm, metric and parameter.
	Sensitivity []stats.Sensitivity
	// Damaged lists the stored records that failed their check: they are
	// not aggregated (their runs count as missing) and, unless Writer is
	// set, were moved aside so that the next 'sweep' does them again.
	Damaged []runner.Damaged
	// Writer, if not nil, is the process that held the folder's lock
	// while it was read (a sweep still running): the results are those of
	// the runs finished so far, and nothing in runs/ was touched.
	Writer *runner.LockHolder
	// CIMissed lists, under until_ci, the arms and points whose 95%
	// interval is wider than the target.
	CIMissed []sweep.CIMiss
}

// Complete reports whether every run the sweep asks for finished.
func (r *Results) Complete() bool { return r.Present == r.Expected }

// SensitivityOf returns the screening rows of one arm and metric, ranked.
func (r *Results) SensitivityOf(arm, metric string) []stats.Sensitivity {
	return stats.Of(r.Sensitivity, arm, metric)
}
