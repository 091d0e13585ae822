package calibrate

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/agencysim/agencysim/calibration"
)

// num formats a figure for the tables: 8 significant digits; "" for NaN.
func num(x float64) string {
	if x != x {
		return ""
	}
	return strconv.FormatFloat(x, 'g', 8, 64)
}

// table writes rows to w as CSV.
func table(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

// writeTargets writes the targets as resolved (defaults filled in), and
// the check-model facts left out.
func writeTargets(w io.Writer, c *Calibration) error {
	rows := [][]string{{"name", "metric", "kind", "value", "sd", "low", "high", "discrepancy", "used", "note"}}
	for i, t := range c.Targets {
		kind, v, sd, lo, hi := t.Matching.String(), num(t.Value), num(t.SD), "", ""
		if t.Range {
			kind, v, sd, lo, hi = "range", "", "", num(t.Low), num(t.High)
		}
		note := t.Where
		if c.Facts != nil {
			note = fmt.Sprintf("%s, one of all %d facts with a range, from fact runs (%d model runs each): %s", t.Where, len(c.Targets), calibration.NumArms, c.Facts[i].How)
		}
		rows = append(rows, []string{t.Name, t.Metric, kind, v, sd, lo, hi, num(t.Discrepancy), "yes", note})
	}
	why := "a check-model fact that is not one metric of the base scenario (it needs the check's other arms or several metrics: targets check-model fits to it)"
	if c.Facts != nil {
		why = "a check-model fact whose target is a direction, not a range"
	}
	for _, l := range c.LeftOut {
		rows = append(rows, []string{l, "", "", "", "", "", "", "", "no", why})
	}
	return table(w, rows)
}

func writeHM(out string, c *Calibration, res *HMResult, oc *Outcome) error {
	head := []string{"wave", "points", "proposed", "non_implausible", "share_non_implausible", "space_remaining", "min_implausibility"}
	for _, t := range c.Targets {
		head = append(head, "hit_rate."+t.Name)
	}
	rows := [][]string{head}
	for k := range res.Waves {
		w := &res.Waves[k]
		row := []string{strconv.Itoa(w.Index), strconv.Itoa(len(w.Points)), strconv.Itoa(w.Proposed), strconv.Itoa(w.Count()),
			num(float64(w.Count()) / float64(len(w.Points))), num(w.SpaceRemaining), num(w.IM[argmin(w.IM)])}
		for _, h := range w.HitRate(res.Options.Cutoff) {
			row = append(row, num(h))
		}
		rows = append(rows, row)
		if err := oc.write(out, fmt.Sprintf("wave-%d/implausibility.csv", w.Index), func(f io.Writer) error { return table(f, waveRows(c, w, false)) }); err != nil {
			return err
		}
		if err := oc.write(out, fmt.Sprintf("wave-%d/non_implausible.csv", w.Index), func(f io.Writer) error { return table(f, waveRows(c, w, true)) }); err != nil {
			return err
		}
	}
	if err := oc.write(out, "waves.csv", func(f io.Writer) error { return table(f, rows) }); err != nil {
		return err
	}
	ranges, ok := res.Ranges()
	best, _ := res.Best()
	region := res.Waves[len(res.Waves)-1].region
	rr := [][]string{{"parameter", "prior_low", "prior_high", "non_implausible_low", "non_implausible_high", "space_low", "space_high", "best"}}
	for j, p := range c.Params {
		lo, hi, slo, shi := "", "", "", ""
		if ok {
			lo, hi = num(ranges[j][0]), num(ranges[j][1])
		}
		if region[j][0] <= region[j][1] {
			slo, shi = num(region[j][0]), num(region[j][1])
		}
		rr = append(rr, []string{p.Key, num(p.Low), num(p.High), lo, hi, slo, shi, num(best[j])})
	}
	return oc.write(out, "ranges.csv", func(f io.Writer) error { return table(f, rr) })
}

// waveRows is a wave's table: every point (or only the non-implausible
// ones), its values, and per target the mean, sd and number of its runs
// and its implausibility; then the point's implausibility.
func waveRows(c *Calibration, w *Wave, onlyNI bool) [][]string {
	head := []string{"point"}
	for _, p := range c.Params {
		head = append(head, p.Key)
	}
	if !onlyNI {
		for _, t := range c.Targets {
			head = append(head, t.Name+".mean", t.Name+".sd", t.Name+".n", t.Name+".implausibility")
		}
	}
	head = append(head, "implausibility", "non_implausible")
	rows := [][]string{head}
	for i, x := range w.Points {
		if onlyNI && !w.NonImplausible[i] {
			continue
		}
		row := []string{strconv.Itoa(i)}
		for j := range c.Params {
			row = append(row, formatValue(c.Value(j, x[j])))
		}
		if !onlyNI {
			st := w.Stats[i]
			for t := range c.Targets {
				sd := 0.0
				if st.Var[t] > 0 {
					sd = math.Sqrt(st.Var[t])
				}
				row = append(row, num(st.Mean[t]), num(sd), strconv.Itoa(st.N[t]), num(w.I[i][t]))
			}
		}
		row = append(row, num(w.IM[i]), strconv.FormatBool(w.NonImplausible[i]))
		rows = append(rows, row)
	}
	return rows
}

func writeABC(out string, c *Calibration, res *ABCResult, oc *Outcome) error {
	head := []string{"generation", "epsilon", "simulations", "total_simulations", "acceptance", "ess"}
	for _, p := range c.Params {
		head = append(head, p.Key+".mean", p.Key+".sd")
	}
	rows := [][]string{head}
	for i := range res.Generations {
		g := &res.Generations[i]
		row := []string{strconv.Itoa(g.T), num(g.Epsilon), strconv.Itoa(g.Sims), strconv.Itoa(g.TotalSim), num(g.Acceptance()), num(g.ESS())}
		for j := range c.Params {
			row = append(row, num(g.Mean(j)), num(g.SD(j)))
		}
		rows = append(rows, row)
	}
	if err := oc.write(out, "generations.csv", func(f io.Writer) error { return table(f, rows) }); err != nil {
		return err
	}
	post := res.Posterior()
	ph := []string{"particle"}
	for _, p := range c.Params {
		ph = append(ph, p.Key)
	}
	ph = append(ph, "weight", "distance")
	pr := [][]string{ph}
	for i, x := range post.Theta {
		row := []string{strconv.Itoa(i)}
		for j := range c.Params {
			row = append(row, num(x[j]))
		}
		pr = append(pr, append(row, num(post.Weights[i]), num(post.Dist[i])))
	}
	if err := oc.write(out, "posterior.csv", func(f io.Writer) error { return table(f, pr) }); err != nil {
		return err
	}
	rr := [][]string{{"parameter", "prior_low", "prior_high", "mean", "sd", "q2.5", "median", "q97.5"}}
	for j, p := range c.Params {
		rr = append(rr, []string{p.Key, num(p.Low), num(p.High), num(post.Mean(j)), num(post.SD(j)), num(post.Quantile(j, 0.025)), num(post.Quantile(j, 0.5)), num(post.Quantile(j, 0.975))})
	}
	return oc.write(out, "ranges.csv", func(f io.Writer) error { return table(f, rr) })
}
