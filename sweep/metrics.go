package sweep

import (
	"slices"
	"sync"

	"github.com/agencysim/agencysim/agents"
)

// This file is the one place where the sweep code learns which metrics a
// run summary has: the model's metric catalogue (agents.Metrics) and its
// run fields (agents.RunKeys). Everything else — loading, the record
// check, aggregation, the outputs — asks these functions, and matches a
// run's values to the metrics by key.

// MetricKeys lists the numeric metrics of a run summary, in order: the
// metrics a sweep accepts, aggregates and writes to its tables (the run.*
// keys, which describe the run, are not among them).
func MetricKeys() []string { return slices.Clone(keys().metrics) }

// SummaryKeys lists every numeric key of a flattened run summary, the run.*
// keys included, in order: what a stored summary holds.
func SummaryKeys() []string { return slices.Clone(keys().numeric) }

// IsMetric reports whether key is one of [MetricKeys].
func IsMetric(key string) bool { return keys().isMetric[key] }

// IsTextKey reports whether a flattened run-summary key holds text (the
// scenario's name, say) rather than a number, whatever its value.
func IsTextKey(key string) bool { return keys().text[key] }

// Metrics returns the values of the numeric metrics of a run summary (its
// [MetricKeys]), by key. An undefined value is NaN.
func Metrics(s *agents.Summary) []agents.KV {
	ms := agents.Metrics()
	out := make([]agents.KV, len(ms))
	for i, m := range ms {
		out[i] = agents.KV{Key: m.Key, Value: s.Value(m.ID)}
	}
	return out
}

type keySet struct {
	numeric, metrics []string
	isMetric, text   map[string]bool
}

var keys = sync.OnceValue(func() *keySet {
	k := &keySet{isMetric: map[string]bool{}, text: map[string]bool{}}
	for _, r := range agents.RunKeys() {
		if r.Text {
			k.text[r.Key] = true
			continue
		}
		k.numeric = append(k.numeric, r.Key)
	}
	for _, m := range agents.Metrics() {
		k.numeric = append(k.numeric, m.Key)
		k.metrics = append(k.metrics, m.Key)
		k.isMetric[m.Key] = true
	}
	return k
})
