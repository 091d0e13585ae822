package discover

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
)

// FileName is the trajectory table a discovery writes into the results
// folder.
const FileName = "discover.csv"

// Describe says in plain words what the chosen box is: "M > t when p1 >
// 0.4 and p2 < 120: density 84 %, coverage 71 %, on held-out data 80 % /
// 68 %", then the quasi-p-value of each restricted parameter and how the
// box was chosen. names are the inputs' names, label the figure's.
func Describe(w io.Writer, r *Result, names []string, label string, t Threshold) error {
	c := r.Box()
	cond := Conditions(c.Box, r.Initial, names)
	when := "everywhere (no box beats the whole design)"
	if len(cond) > 0 {
		when = "when " + strings.Join(cond, " and ")
	}
	base := r.Train.stats(r.Initial)
	_, err := fmt.Fprintf(w, "%s %s %s %s: density %s, coverage %s, on held-out data %s / %s\n",
		safetext.Escape(label), t.Op(), num(t.Value), when,
		pct(c.Stats.Density()), pct(c.Stats.Coverage()), pct(c.Test.Density()), pct(c.Test.Coverage()))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  method %s; %d training and %d held-out design points (seed %d); base rate %s of the training points; box %d of the %d in %s (%s)\n",
		r.Method, r.Train.Len(), r.Test.Len(), r.Options.Seed, pct(base.Density()), r.Chosen, len(r.Candidates), FileName, rule(r))
	for _, u := range c.Restricted {
		verdict := "significant at 0.05"
		if !(c.QuasiP[u] < 0.05) {
			verdict = "NOT significant at 0.05: the restriction may be chance"
		}
		fmt.Fprintf(w, "  %s: quasi-p %s (%s)\n", safetext.Escape(names[u]), num(c.QuasiP[u]), verdict)
	}
	_, v := Verdict(r)
	_, err = fmt.Fprintf(w, "  %s.\n", v)
	return err
}

func rule(r *Result) string {
	if r.ChosenByCoverage {
		return fmt.Sprintf("the highest held-out density with held-out coverage ≥ %s", pct(r.Options.MinCoverage))
	}
	return fmt.Sprintf("no box reached held-out coverage %s: the highest held-out coverage among those denser than the held-out base rate", pct(r.Options.MinCoverage))
}

// Conditions writes a box's restrictions: "p > 0.4", "p < 120" or
// "0.2 < p < 0.6".
func Conditions(b, initial Box, names []string) []string {
	var out []string
	for _, u := range restricted(b, initial) {
		n := safetext.Escape(names[u])
		lo, hi := b.Low[u] > initial.Low[u], b.High[u] < initial.High[u]
		switch {
		case lo && hi:
			out = append(out, fmt.Sprintf("%s ≤ %s ≤ %s", num(b.Low[u]), n, num(b.High[u])))
		case lo:
			out = append(out, fmt.Sprintf("%s ≥ %s", n, num(b.Low[u])))
		default:
			out = append(out, fmt.Sprintf("%s ≤ %s", n, num(b.High[u])))
		}
	}
	return out
}

func num(v float64) string {
	if math.IsNaN(v) {
		return "NA"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.0f %%", 100*v)
}

// WriteCSV writes the candidates (PRIM's trajectory, CART's leaves): one
// row per box with its statistics on the training and held-out points,
// whether it is the chosen one, and per input its limits (NA when not
// restricted) and quasi-p-value.
func WriteCSV(w io.Writer, r *Result, names []string) error {
	cw := csv.NewWriter(w)
	head := []string{"method", "box", "pasted", "chosen", "res_dim", "mass", "coverage", "density", "test_mass", "test_coverage", "test_density"}
	for _, n := range names {
		head = append(head, n+".low", n+".high", n+".quasi_p")
	}
	cw.Write(safetext.CSVRow(head))
	for i, c := range r.Candidates {
		row := []string{r.Method.String(), strconv.Itoa(i), strconv.FormatBool(c.Pasted), strconv.FormatBool(i == r.Chosen), strconv.Itoa(len(c.Restricted)),
			cell(c.Stats.Mass()), cell(c.Stats.Coverage()), cell(c.Stats.Density()), cell(c.Test.Mass()), cell(c.Test.Coverage()), cell(c.Test.Density())}
		for u := range names {
			lo, hi := math.NaN(), math.NaN()
			if c.Box.Low[u] > r.Initial.Low[u] {
				lo = c.Box.Low[u]
			}
			if c.Box.High[u] < r.Initial.High[u] {
				hi = c.Box.High[u]
			}
			row = append(row, cell(lo), cell(hi), cell(c.QuasiP[u]))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

func cell(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "NA"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
