package sweep

import (
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/agencysim/agencysim/agents"
)

// This file is the one place where the sweep code learns which metrics a
// run summary has: the keys of its flattened form (agents.Summary.Flatten),
// told apart from its text fields. Everything else — loading, the record
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
	k := keys()
	var out []agents.KV
	for _, kv := range s.Flatten() {
		if kv.Text == "" && k.isMetric[kv.Key] {
			out = append(out, kv)
		}
	}
	return out
}

type keySet struct {
	numeric, metrics []string
	isMetric, text   map[string]bool
}

var keys = sync.OnceValue(func() *keySet {
	k := &keySet{isMetric: map[string]bool{}, text: map[string]bool{}}
	for _, kv := range textFilledSummary().Flatten() {
		if kv.Text != "" {
			k.text[kv.Key] = true
			continue
		}
		k.numeric = append(k.numeric, kv.Key)
		if !strings.HasPrefix(kv.Key, "run.") {
			k.metrics = append(k.metrics, kv.Key)
			k.isMetric[kv.Key] = true
		}
	}
	return k
})

// textFilledSummary is an empty run summary whose text fields hold text,
// so that flattening it tells text keys from numeric ones whatever their
// values.
func textFilledSummary() *agents.Summary {
	m, err := agents.New(nil, agents.Options{Days: 1})
	if err != nil {
		panic("sweep: default configuration does not build: " + err.Error())
	}
	s := m.Summary()
	fillText(reflect.ValueOf(s).Elem())
	return s
}

// fillText sets every text field under v to "text", except the "name" and
// "group" fields that label list entries (they become part of the keys).
func fillText(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
			if name == "name" || name == "group" {
				continue
			}
			if v.Field(i).CanSet() {
				fillText(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			fillText(v.Index(i))
		}
	case reflect.String:
		v.SetString("text")
	}
}
