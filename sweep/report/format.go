package report

import (
	"math"
	"strings"

	"github.com/agencysim/agencysim/agents"
)

// This file is where the outputs learn how to name and write a metric:
// everything comes from its entry in the model's metric catalogue
// (agents.LookupMetric) — its label, and from its kind the scale and unit
// of the plots and the format of values, differences and intervals in the
// headline table and the report. Nothing here reads a metric's key.

// metricOf returns the catalogue entry of a metric key. A key the
// catalogue does not have (a sweep stored by another version) is a count
// labelled by its key.
func metricOf(key string) agents.Metric {
	if m, ok := agents.LookupMetric(key); ok {
		return m
	}
	return agents.Metric{Key: key, Label: key, Kind: agents.KindCount}
}

// MetricLabel returns the plain-language label of a metric key.
func MetricLabel(key string) string { return metricOf(key).Label }

// plotScale returns the factor a metric is multiplied by in the plots and
// the unit it is then read in: shares are drawn as percentages.
func plotScale(key string) (float64, string) {
	k := metricOf(key).Kind
	return k.Scale(), k.Unit()
}

// diffUnit is the unit of a difference of a metric in the plots.
func diffUnit(key string) string { return metricOf(key).Kind.DeltaUnit() }

// effectUnit describes what a screening figure of a metric is measured
// in: the unit of its differences.
func effectUnit(key string) string { return diffUnit(key) }

// isMoney reports whether a metric's axis is labelled in dollars.
func isMoney(key string) bool { return metricOf(key).Kind == agents.KindMoney }

// headlineValue formats a value of a metric for the headline table.
func headlineValue(key string, v float64) string { return metricOf(key).Format(v) }

// headlineDelta formats a difference and the half-width of its interval
// for the headline table: "−2.92 ±0.10".
func headlineDelta(key string, d, hw float64) string { return metricOf(key).FormatCI(d, hw) }

// reportValue formats a value of a metric for the report; "–" when
// undefined.
func reportValue(key string, v float64) string { return metricOf(key).Format(v) }

// reportDelta formats a difference of a metric with its sign: shares in
// percentage points ("pts").
func reportDelta(key string, v float64) string { return metricOf(key).FormatDelta(v) }

// halfWidthText formats the half-width of an interval of a difference,
// without its sign.
func halfWidthText(key string, v float64) string {
	return strings.TrimPrefix(reportDelta(key, v), "+")
}

// effectText formats a screening figure of a metric for the report:
// shares in percentage points, with their sign when signed.
func effectText(key string, v float64, signed bool) string {
	if !finite(v) {
		return "–"
	}
	if signed {
		return reportDelta(key, v)
	}
	return halfWidthText(key, math.Abs(v))
}

// ciText formats a 95% interval, or nothing when it is undefined.
func ciText(key string, lo, hi float64, format func(string, float64) string) string {
	if !finite(lo, hi) {
		return ""
	}
	return "[" + format(key, lo) + ", " + format(key, hi) + "]"
}

// finite reports whether every value is a finite number.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
