package stats

import "sync"

// TableOf returns a Table of given statistics, comparisons and series,
// every one kept: EachStat and EachComparison give them in the order
// given, Stat and Comparison the first of each arm, point and metric.
// (Tests and tools build tables with it; a sweep's come from an
// [Accumulator].)
func TableOf(stats []Stat, comparisons []Comparison, series []SeriesStat) *Table {
	return &Table{Series: series, src: &rowsTable{stats: stats, cmps: comparisons}}
}

// rowsTable is a Table's source of given rows.
type rowsTable struct {
	stats []Stat
	cmps  []Comparison

	once            sync.Once
	statIdx, cmpIdx map[statKey]int
}

type statKey struct {
	arm    string
	point  int
	metric string
}

// index builds the lookup tables of stat and comparison.
func (r *rowsTable) index() {
	r.once.Do(func() {
		r.statIdx = make(map[statKey]int, len(r.stats))
		for i, s := range r.stats {
			if _, dup := r.statIdx[statKey{s.Arm, s.Point, s.Metric}]; !dup {
				r.statIdx[statKey{s.Arm, s.Point, s.Metric}] = i
			}
		}
		r.cmpIdx = make(map[statKey]int, len(r.cmps))
		for i, c := range r.cmps {
			if _, dup := r.cmpIdx[statKey{c.Arm, c.Point, c.Metric}]; !dup {
				r.cmpIdx[statKey{c.Arm, c.Point, c.Metric}] = i
			}
		}
	})
}

func (r *rowsTable) stat(arm string, point int, metric string) (Stat, bool) {
	r.index()
	if i, ok := r.statIdx[statKey{arm, point, metric}]; ok {
		return r.stats[i], true
	}
	return Stat{}, false
}

func (r *rowsTable) comparison(arm string, point int, metric string) (Comparison, bool) {
	r.index()
	if i, ok := r.cmpIdx[statKey{arm, point, metric}]; ok {
		return r.cmps[i], true
	}
	return Comparison{}, false
}

func (r *rowsTable) eachStat(fn func(Stat) error) error {
	for _, s := range r.stats {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func (r *rowsTable) eachComparison(fn func(Comparison) error) error {
	for _, c := range r.cmps {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// metrics are those of the rows at point 0, in order.
func (r *rowsTable) metrics() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range r.stats {
		if s.Point == 0 && !seen[s.Metric] {
			seen[s.Metric] = true
			out = append(out, s.Metric)
		}
	}
	return out
}

func (r *rowsTable) keeps(string) bool { return true }
func (r *rowsTable) close() error      { return nil }
