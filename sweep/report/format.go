package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file holds every rule by which the outputs name and format a
// metric: its label, and from its kind (a share, trust, money or a plain
// number) how its values, differences and intervals are written in the
// headline table and the report, scaled and labelled in the plots. Two
// functions read the metric's key — MetricLabel and kindOf — and are the
// seam where a catalogue of metrics can take over; everything else asks
// them.

// metricLabels names the headline metrics in plain language.
var metricLabels = map[string]string{
	"crimes.reporting_rate":                  "Reporting rate, all victims",
	"crimes.by_group.undocumented.rate":      "Reporting rate, undocumented victims",
	"crimes.by_group.lawful_noncitizen.rate": "Reporting rate, lawful noncitizen victims",
	"crimes.by_group.citizen.rate":           "Reporting rate, citizen victims",
	"crimes.violent.rate":                    "Reporting rate, violent crime",
	"crimes.property.rate":                   "Reporting rate, property crime",
	"witnesses.cooperation_rate":             "Witness cooperation",
	"clearance.rate":                         "Clearance rate (of reported crimes)",
	"clearance.violent_yield":                "Violent victimizations cleared",
	"clearance.property_yield":               "Property victimizations cleared",
	"response.mean_minutes":                  "Response time, mean (min)",
	"response.p90_minutes":                   "Response time, 90th percentile (min)",
	"detainers.issued":                       "Detainers issued",
	"detainers.honored":                      "Detainers honored",
	"detainers.declined":                     "Detainers declined",
	"detainers.wrongful":                     "Wrongful detainers",
	"detainers.transfers":                    "Transfers to ICE custody",
	"immigration_arrests.total":              "Immigration arrests",
	"operations.total":                       "Operations",
	"safety.use_of_force_per_100_ops":        "Use of force per 100 operations",
	"safety.injuries_per_100_ops":            "Injuries per 100 operations",
	"safety.blue_on_blue_per_100_ops":        "Blue-on-blue conflicts per 100 operations",
	"trust.undocumented.mean":                "Trust in police, undocumented (mean)",
	"trust.lawful_noncitizen.mean":           "Trust in police, lawful noncitizens (mean)",
	"trust.citizen.mean":                     "Trust in police, citizens (mean)",
	"costs.jail_cost":                        "Jail cost ($)",
	"costs.jail_bed_days":                    "Jail bed-days",
	"costs.immigration_officer_hours":        "Officer-hours on immigration tasks",
	"costs.litigation_exposure":              "Litigation exposure ($)",
}

// MetricLabel returns a plain-language label for a metric key.
func MetricLabel(key string) string {
	if l, ok := metricLabels[key]; ok {
		return l
	}
	return strings.ReplaceAll(strings.ReplaceAll(key, "_", " "), ".", " · ")
}

// kind is how a metric's values are read, which decides how they are
// written.
type kind int

const (
	number kind = iota // a count, a time, anything else
	share              // a rate or share in [0, 1], shown in percent
	trust              // trust on its 0–1 scale
	money              // US dollars
)

// kindOf classifies a metric by its key.
func kindOf(key string) kind {
	switch {
	case strings.HasSuffix(key, "rate") || strings.HasSuffix(key, "_yield") || strings.HasSuffix(key, ".share") || strings.HasSuffix(key, "utilization"):
		return share
	case strings.HasPrefix(key, "trust.") && !strings.HasSuffix(key, "fear_end"):
		return trust
	case strings.HasPrefix(key, "costs.jail_cost") || strings.HasPrefix(key, "costs.litigation"):
		return money
	}
	return number
}

// plotScale returns the factor a metric is multiplied by in the plots and the
// unit it is then read in: shares are drawn as percentages.
func plotScale(key string) (float64, string) {
	switch kindOf(key) {
	case share:
		return 100, "%"
	case trust:
		return 1, "0 = no trust, 1 = full trust"
	case money:
		return 1, "US dollars"
	}
	return 1, ""
}

// diffUnit is the unit of a difference of a metric in the plots.
func diffUnit(key string) string {
	switch kindOf(key) {
	case share:
		return "percentage points"
	case money:
		return "US dollars"
	}
	return ""
}

// effectUnit describes what a screening figure of a metric is measured in.
func effectUnit(key string) string {
	if u := diffUnit(key); u != "" {
		return u
	}
	if kindOf(key) == trust {
		return "trust, 0–1 scale"
	}
	return ""
}

// isMoney reports whether a metric's axis is labelled in dollars.
func isMoney(key string) bool { return kindOf(key) == money }

// headlineValue formats a value of a metric for the headline table.
func headlineValue(key string, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	switch kindOf(key) {
	case share:
		return fmt.Sprintf("%.1f%%", 100*v)
	case trust:
		return fmt.Sprintf("%.3f", v)
	case money:
		return "$" + thousands(v)
	}
	if math.Abs(v) >= 100 {
		return thousands(v)
	}
	return fmt.Sprintf("%.3g", v)
}

// headlineDelta formats a difference and the half-width of its interval
// for the headline table, with as many decimals as the half-width
// warrants (two significant digits), shares in percentage points:
// "−2.92 ±0.10".
func headlineDelta(key string, d, hw float64) string {
	if math.IsNaN(d) {
		return "–"
	}
	k := kindOf(key)
	sc := 1.0
	if k == share {
		sc = 100
	}
	d, hw = d*sc, hw*sc
	// Two significant digits of the half-width, at most 2 decimals (4 for
	// trust, which lives on [0, 1] and whose paired intervals are narrow).
	maxDec := 2
	if k == trust {
		maxDec = 4
	}
	dec := maxDec
	if hw > 0 && !math.IsNaN(hw) {
		dec = min(maxDec, max(0, 1-int(math.Floor(math.Log10(hw)))))
	}
	sign := "+"
	if d < 0 {
		sign = "−"
		d = -d
	}
	if math.IsNaN(hw) {
		return sign + strconv.FormatFloat(d, 'g', 3, 64)
	}
	f := func(x float64) string {
		if k == money || (dec == 0 && x >= 1000) {
			return thousands(x)
		}
		return strconv.FormatFloat(x, 'f', dec, 64)
	}
	cur := ""
	if k == money {
		cur = "$"
	}
	return sign + cur + f(d) + " ±" + cur + f(hw)
}

// reportValue formats a value of a metric for the report: rates and
// shares as percentages with one decimal, trust on its 0–1 scale, money in
// dollars, large numbers with thousands separators, others with three
// significant digits; "–" when undefined.
func reportValue(key string, v float64) string { return signed(key, v, false) }

// reportDelta formats a difference of a metric with its sign: shares in
// percentage points ("pts").
func reportDelta(key string, v float64) string { return signed(key, v, true) }

// signed writes a value, or with delta a difference (which shows its "+"),
// for the report; "–" when undefined.
func signed(key string, v float64, delta bool) string {
	if !finite(v) {
		return "–"
	}
	sign := ""
	if delta {
		sign = "+"
	}
	if v < 0 {
		sign, v = "−", -v
	}
	return sign + reportMagnitude(key, v, delta)
}

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

// reportMagnitude formats a non-negative value of a metric.
func reportMagnitude(key string, v float64, delta bool) string {
	switch kindOf(key) {
	case share:
		if delta {
			return strconv.FormatFloat(100*v, 'f', 2, 64) + " pts"
		}
		return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
	case trust:
		if !delta {
			return strconv.FormatFloat(v, 'f', 3, 64)
		}
	case money:
		return "$" + thousands(v)
	}
	if v >= 1000 {
		return thousands(v)
	}
	return significant3(v)
}

// significant3 formats a non-negative number below 1000 with three
// significant digits: 4.00, 0.0123, 322.
func significant3(v float64) string {
	if v == 0 {
		return "0"
	}
	dec := max(0, 2-int(math.Floor(math.Log10(v))))
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// thousands writes a number rounded to a whole one, with thousands
// separators: 1,234,567.
func thousands(v float64) string {
	neg := v < 0
	s := fmt.Sprintf("%.0f", math.Abs(v))
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
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
