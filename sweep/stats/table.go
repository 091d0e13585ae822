package stats

import "fmt"

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

// Table holds the statistics of a sweep's runs: by arm (plan order), point
// and metric (in the order of the metric columns); comparisons for every
// arm but the baseline; series by arm, point, metric, group and day.
//
// Stat and Comparison look up what is kept in memory (see [Accumulator]);
// EachStat and EachComparison walk every statistic, computing those not
// kept from the spill files. The zero Table is empty.
type Table struct {
	// Series are the series means (of an Accumulator: at design point 0).
	Series []SeriesStat
	src    source
}

// source is where a Table's statistics come from: an accumulation
// (accTable) or given rows (rowsTable, [TableOf]).
type source interface {
	stat(arm string, point int, metric string) (Stat, bool)
	comparison(arm string, point int, metric string) (Comparison, bool)
	eachStat(fn func(Stat) error) error
	eachComparison(fn func(Comparison) error) error
	metrics() []string
	keeps(metric string) bool
	close() error
}

// Stat returns the statistic of a metric for an arm at a point; false if
// the table has no such arm, point or metric. It panics ("stats: … is not
// kept") if the metric exists but is not kept in memory at that point:
// see [KeptMetrics] and Options.Keep.
func (t *Table) Stat(arm string, point int, metric string) (Stat, bool) {
	if t.src == nil {
		return Stat{}, false
	}
	return t.src.stat(arm, point, metric)
}

// Comparison returns the paired comparison of a metric for an arm at a
// point; false if there is none (the baseline arm, an unknown arm, point
// or metric). It panics like [Table.Stat] for a metric not kept.
func (t *Table) Comparison(arm string, point int, metric string) (Comparison, bool) {
	if t.src == nil {
		return Comparison{}, false
	}
	return t.src.comparison(arm, point, metric)
}

// Keeps reports whether Stat and Comparison answer for a metric at every
// design point.
func (t *Table) Keeps(metric string) bool { return t.src != nil && t.src.keeps(metric) }

// Metrics lists the metrics of the table at design point 0, in column
// order.
func (t *Table) Metrics() []string {
	if t.src == nil {
		return nil
	}
	return t.src.metrics()
}

// EachStat calls fn with every statistic, by arm (plan order), point and
// metric (column order), and stops at fn's first error, which it returns;
// it also returns the error of reading the spill files. It panics after
// Close.
func (t *Table) EachStat(fn func(Stat) error) error {
	if t.src == nil {
		return nil
	}
	return t.src.eachStat(fn)
}

// EachComparison calls fn with every comparison, by arm (plan order, not
// the baseline), point and metric, like [Table.EachStat].
func (t *Table) EachComparison(fn func(Comparison) error) error {
	if t.src == nil {
		return nil
	}
	return t.src.eachComparison(fn)
}

// Close removes the spill files: EachStat and EachComparison may not be
// called after it; Stat, Comparison and Series still answer. It may be
// called more than once.
func (t *Table) Close() error {
	if t.src == nil {
		return nil
	}
	return t.src.close()
}

// notKept panics for a lookup of a statistic that is not kept.
func notKept(metric string, point int) {
	panic(fmt.Sprintf("stats: metric %q is not kept at design point %d (only design point 0 keeps every metric; see stats.KeptMetrics and Options.Keep)", metric, point))
}
