package calibration

import "github.com/agencysim/agencysim/agents"

// baseline makes a fact one metric of the baseline arm (see fact.metric).
func baseline(id agents.MetricID) *agents.Metric {
	m := agents.MetricOf(id)
	return &m
}

func init() {
	for i := range facts {
		if m := facts[i].metric; m != nil {
			if facts[i].value != nil || facts[i].ratio != nil || facts[i].diff != nil {
				panic("calibration: fact " + facts[i].id + " has a metric and a computation")
			}
			id := m.ID
			facts[i].value = func(in *inputs) float64 { return in.s[armBase].Value(id) }
		}
	}
}

// MetricTarget is a fact of the check that is one run-record metric of the
// baseline scenario, with its published range: the cheap targets of
// 'agencysim calibrate' (targets: check-model-baseline, one ordinary run
// per point and replication; targets: check-model takes every fact with a
// range, [RangeFacts], from [Replicate]).
type MetricTarget struct {
	ID, Name  string // the fact's identifier and name, as check-model prints them
	Metric    string // the run-record metric key
	Low, High float64
	Source    string
	Grade     string
}

// LeftOut is a fact that is not one metric of the baseline scenario (it
// compares the check's arms, or computes a figure from several metrics):
// Why says what it needs.
type LeftOut struct {
	ID, Name, Why string
}

// MetricTargets returns the facts that are one metric of the baseline
// scenario, in the check's order, and the others with what each needs.
// Facts whose target is a detectable direction, not a range, are left out
// too.
func MetricTargets() ([]MetricTarget, []LeftOut) {
	var in []MetricTarget
	var out []LeftOut
	for _, f := range facts {
		if f.metric == nil || f.detect != 0 {
			out = append(out, LeftOut{ID: f.id, Name: f.name, Why: f.how})
			continue
		}
		in = append(in, MetricTarget{ID: f.id, Name: f.name, Metric: f.metric.Key, Low: f.low, High: f.high, Source: f.source, Grade: f.grade})
	}
	return in, out
}
