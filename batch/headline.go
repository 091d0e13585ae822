package batch

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteHeadline writes the headline comparison at design point 0: for each
// headline metric, the baseline arm's mean, and for every other arm the
// paired difference from the baseline ± the half-width of its 95% interval.
// A "*" marks differences whose interval excludes zero.
func WriteHeadline(w io.Writer, res *Results) error {
	plan := res.Plan
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"", plan.Arms[0].Name}
	for _, a := range plan.Arms[1:] {
		head = append(head, a.Name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	sub := []string{"metric", "mean"}
	for range plan.Arms[1:] {
		sub = append(sub, "Δ vs "+plan.Arms[0].Name)
	}
	fmt.Fprintln(tw, strings.Join(sub, "\t")+"\t")
	for _, m := range plan.Metrics {
		row := []string{MetricLabel(m)}
		s, _ := res.Stat(plan.Arms[0].Name, 0, m)
		row = append(row, formatMetric(m, s.Mean))
		for _, a := range plan.Arms[1:] {
			c, ok := res.Comparison(a.Name, 0, m)
			if !ok || math.IsNaN(c.Diff) {
				row = append(row, "–")
				continue
			}
			mark := "  "
			if c.Lo > 0 || c.Hi < 0 {
				mark = " *"
			}
			row = append(row, formatDeltaCI(m, c.Diff, c.PairedHalfWidth)+mark)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	reps := plan.Sweep.Replications
	if r, ok := res.Needed[plan.Arms[0].Name]; ok && len(r) > 0 {
		reps = r[0]
	}
	if _, err := fmt.Fprintf(w, "Means over %d replications per arm. Δ: paired difference from %s (the same crimes in both arms) ± half-width of its 95%% interval; * the interval excludes zero. Rates in percentage points.\n", reps, plan.Arms[0].Name); err != nil {
		return err
	}
	if len(res.CIMissed) > 0 {
		if _, err := fmt.Fprintf(w, "%s Not reached for: %s.\n", CINote(plan), strings.Join(CIMissText(plan, res.CIMissed), "; ")); err != nil {
			return err
		}
	}
	return nil
}

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

// MetricLabel returns a plain-language label for a flattened summary key.
func MetricLabel(key string) string {
	if l, ok := metricLabels[key]; ok {
		return l
	}
	return strings.ReplaceAll(strings.ReplaceAll(key, "_", " "), ".", " · ")
}

// metricKind classifies a metric for formatting.
func metricKind(key string) string {
	switch {
	case strings.HasSuffix(key, "rate") || strings.HasSuffix(key, "_yield") || strings.HasSuffix(key, ".share") || strings.HasSuffix(key, "utilization"):
		return "share"
	case strings.HasPrefix(key, "trust.") && !strings.HasSuffix(key, "fear_end"):
		return "trust"
	case strings.HasPrefix(key, "costs.jail_cost") || strings.HasPrefix(key, "costs.litigation"):
		return "money"
	}
	return "number"
}

// formatMetric formats a value of metric key for people.
func formatMetric(key string, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	switch metricKind(key) {
	case "share":
		return fmt.Sprintf("%.1f%%", 100*v)
	case "trust":
		return fmt.Sprintf("%.3f", v)
	case "money":
		return "$" + thousands(v)
	}
	if math.Abs(v) >= 100 {
		return thousands(v)
	}
	return fmt.Sprintf("%.3g", v)
}

// formatDeltaCI formats a difference and the half-width of its interval
// with as many decimals as the half-width warrants (two significant
// digits), shares in percentage points: "−2.92 ±0.10".
func formatDeltaCI(key string, d, hw float64) string {
	if math.IsNaN(d) {
		return "–"
	}
	scale := 1.0
	if metricKind(key) == "share" {
		scale = 100
	}
	d, hw = d*scale, hw*scale
	// Two significant digits of the half-width, at most 2 decimals (4 for
	// trust, which lives on [0, 1] and whose paired intervals are narrow).
	maxDec := 2
	if metricKind(key) == "trust" {
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
	money := metricKind(key) == "money"
	f := func(x float64) string {
		if money || (dec == 0 && x >= 1000) {
			return thousands(x)
		}
		return strconv.FormatFloat(x, 'f', dec, 64)
	}
	cur := ""
	if money {
		cur = "$"
	}
	return sign + cur + f(d) + " ±" + cur + f(hw)
}

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
