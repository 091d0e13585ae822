package stats

import (
	"sync"

	"github.com/agencysim/agencysim/sweep"
)

// accTable is a Table's source of an accumulation: the kept statistics in
// memory (see layout) and every run's values in the spill files, folded
// one block of points and one arm at a time when every statistic is
// walked.
type accTable struct {
	plan  *sweep.Plan
	keys  []string
	lay   layout
	stats [][]moments
	pairs [][]pair
	arm   map[string]int
	key   map[string]int

	mu    sync.Mutex // one walk of the spill files at a time
	spill *spill
}

// find resolves an arm, point and metric; ok is false if any is unknown,
// and it panics if the metric is not kept at the point.
func (t *accTable) find(arm string, point int, metric string) (ai, slot int, ok bool) {
	ai, ok1 := t.arm[arm]
	k, ok2 := t.key[metric]
	if !ok1 || !ok2 || point < 0 || point >= len(t.plan.Points) {
		return 0, 0, false
	}
	slot, kept := t.lay.slot(point, k)
	if !kept {
		notKept(metric, point)
	}
	return ai, slot, true
}

func (t *accTable) stat(arm string, point int, metric string) (Stat, bool) {
	ai, slot, ok := t.find(arm, point, metric)
	if !ok {
		return Stat{}, false
	}
	return statOf(arm, point, metric, &t.stats[ai][slot]), true
}

func (t *accTable) comparison(arm string, point int, metric string) (Comparison, bool) {
	ai, slot, ok := t.find(arm, point, metric)
	if !ok || ai == 0 {
		return Comparison{}, false
	}
	return comparisonOf(arm, t.plan.Arms[0].Name, point, metric, &t.pairs[ai][slot]), true
}

func (t *accTable) metrics() []string { return t.keys }

func (t *accTable) keeps(metric string) bool {
	k, ok := t.key[metric]
	return ok && t.lay.everywhere(k)
}

func (t *accTable) close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.spill.close()
}

func (t *accTable) eachStat(fn func(Stat) error) error {
	return t.walk(false, func(ai, p, k int, st []moments, _ []pair) error {
		return fn(statOf(t.plan.Arms[ai].Name, p, t.keys[k], &st[k]))
	})
}

func (t *accTable) eachComparison(fn func(Comparison) error) error {
	base := t.plan.Arms[0].Name
	return t.walk(true, func(ai, p, k int, _ []moments, pr []pair) error {
		return fn(comparisonOf(t.plan.Arms[ai].Name, base, p, t.keys[k], &pr[k]))
	})
}

// walk folds, for every arm (but the baseline if pairs) and every block of
// points, the block's runs from the spill file, and calls fn for every
// point and metric of the block with the point's statistics (st, or pr if
// pairs), by arm, point and metric. The runs of a file are in canonical
// order, so that the values are added in the order the Accumulator added
// them: the same bits.
func (t *accTable) walk(pairs bool, fn func(ai, p, k int, st []moments, pr []pair) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	nk, np := len(t.keys), len(t.plan.Points)
	first := 0
	if pairs {
		first = 1
	}
	var st []moments
	var pr []pair
	base := make([]float64, nk)
	for ai := first; ai < len(t.plan.Arms); ai++ {
		for b := range t.spill.blocks() {
			lo, hi := t.spill.points(b, np)
			if pairs {
				pr = resize(pr, (hi-lo)*nk)
			} else {
				st = resize(st, (hi-lo)*nk)
			}
			haveBase, groupRep, groupPt := false, -1, -1
			err := t.spill.each(b, func(arm, point, rep int, vals []float64) {
				if rep != groupRep || point != groupPt {
					haveBase, groupRep, groupPt = false, rep, point
				}
				off := (point - lo) * nk
				switch {
				case pairs && arm == 0:
					copy(base, vals)
					haveBase = true
				case pairs && arm == ai && haveBase:
					for k, x := range vals {
						if b := base[k]; finite(x, b) {
							pr[off+k].add(x, b)
						}
					}
				case !pairs && arm == ai:
					for k, x := range vals {
						if finite(x) {
							st[off+k].add(x)
						}
					}
				}
			})
			if err != nil {
				return err
			}
			for p := lo; p < hi; p++ {
				off := (p - lo) * nk
				for k := range nk {
					var err error
					if pairs {
						err = fn(ai, p, k, nil, pr[off:off+nk])
					} else {
						err = fn(ai, p, k, st[off:off+nk], nil)
					}
					if err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// resize returns a zeroed slice of n elements, reusing s's memory.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}
