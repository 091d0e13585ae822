package runner

import (
	"sync"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sim"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/stats"
)

// ciTally keeps, under until_ci, the interval of the metric of every arm
// and point: each run's value is counted once, in replication order, so
// that deciding a round costs the runs of that round only.
type ciTally struct {
	metric string
	mu     sync.Mutex
	vals   map[string]float64       // finished runs not counted yet: ID → value
	w      map[string][]sim.Welford // arm → point
	next   map[string][]int         // arm → point → the next replication to count
}

func newCITally(plan *sweep.Plan) *ciTally {
	t := &ciTally{metric: plan.Sweep.UntilCI.Metric, vals: map[string]float64{}, w: map[string][]sim.Welford{}, next: map[string][]int{}}
	for _, a := range plan.Arms {
		t.w[a.Name] = make([]sim.Welford, len(plan.Points))
		t.next[a.Name] = make([]int, len(plan.Points))
	}
	return t
}

// value notes the metric's value of a finished run.
func (t *ciTally) value(id string, v *Values) {
	for _, kv := range v.Metrics {
		if kv.Key == t.metric {
			t.mu.Lock()
			t.vals[id] = kv.Value
			t.mu.Unlock()
			return
		}
	}
}

// count adds the replications below n of an arm at a point that are not
// counted yet (a run that failed is left out) and returns the half-width
// of the 95% interval.
func (t *ciTally) count(arm string, pt, n int) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := &t.w[arm][pt]
	for rep := t.next[arm][pt]; rep < n; rep++ {
		id := sweep.RunSpec{Arm: arm, Point: pt, Replication: rep}.ID()
		v, ok := t.vals[id]
		if !ok {
			continue
		}
		delete(t.vals, id)
		if v == v {
			w.Add(v)
		}
	}
	t.next[arm][pt] = max(t.next[arm][pt], n)
	return stats.MeanHalfWidth(w, 0.95)
}

// extendUntilCI adds replications to each arm and point whose interval for
// the until_ci metric is still too wide; it reports whether it added any.
func (x *executor) extendUntilCI(st *state) (bool, error) {
	ci := x.plan.Sweep.UntilCI
	if st.Met == nil {
		st.Met = map[string][]bool{}
	}
	if st.HalfWidth == nil {
		st.HalfWidth = map[string][]agents.Value{}
	}
	more := false
	for _, a := range x.plan.Arms {
		if len(st.Met[a.Name]) != len(x.plan.Points) {
			st.Met[a.Name] = make([]bool, len(x.plan.Points))
		}
		if len(st.HalfWidth[a.Name]) != len(x.plan.Points) {
			st.HalfWidth[a.Name] = make([]agents.Value, len(x.plan.Points))
		}
		for pt := range x.plan.Points {
			n := st.Reps[a.Name][pt]
			hw := x.ci.count(a.Name, pt, n)
			met := hw == hw && hw <= ci.HalfWidth
			st.Met[a.Name][pt] = met
			st.HalfWidth[a.Name][pt] = agents.Value(hw)
			if !met && n < ci.MaxReplications {
				st.Reps[a.Name][pt] = min(ci.MaxReplications, n+ci.Step)
				more = true
			}
		}
	}
	return more, saveState(x.opt.Out, st)
}
