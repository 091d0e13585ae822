package stats

import "sync"

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
type Table struct {
	Stats       []Stat
	Comparisons []Comparison
	Series      []SeriesStat

	idxMu           sync.Mutex
	statIdx, cmpIdx map[statKey]int
}

// Stat returns the statistic of a metric for an arm at a point.
func (t *Table) Stat(arm string, point int, metric string) (Stat, bool) {
	t.index()
	if i, ok := t.statIdx[statKey{arm, point, metric}]; ok {
		return t.Stats[i], true
	}
	return Stat{}, false
}

// Comparison returns the paired comparison of a metric for an arm at a
// point.
func (t *Table) Comparison(arm string, point int, metric string) (Comparison, bool) {
	t.index()
	if i, ok := t.cmpIdx[statKey{arm, point, metric}]; ok {
		return t.Comparisons[i], true
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
func (t *Table) index() {
	t.idxMu.Lock()
	defer t.idxMu.Unlock()
	if t.statIdx == nil || len(t.statIdx) != len(t.Stats) {
		t.statIdx = make(map[statKey]int, len(t.Stats))
		for i, s := range t.Stats {
			if _, dup := t.statIdx[statKey{s.Arm, s.Point, s.Metric}]; !dup {
				t.statIdx[statKey{s.Arm, s.Point, s.Metric}] = i
			}
		}
	}
	if t.cmpIdx == nil || len(t.cmpIdx) != len(t.Comparisons) {
		t.cmpIdx = make(map[statKey]int, len(t.Comparisons))
		for i, c := range t.Comparisons {
			if _, dup := t.cmpIdx[statKey{c.Arm, c.Point, c.Metric}]; !dup {
				t.cmpIdx[statKey{c.Arm, c.Point, c.Metric}] = i
			}
		}
	}
}
