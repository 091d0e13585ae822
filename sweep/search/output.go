package search

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// The outputs of a policy search: pareto.csv (the final first front) and
// generations.csv (the hypervolume of the first front generation by
// generation, the convergence view), with a verdict in words on whether
// the front has stopped improving.

// The output files in a search's folder.
const (
	ParetoFile      = "pareto.csv"
	GenerationsFile = "generations.csv"
)

// WritePareto writes the first front's distinct candidates: a column per
// lever, then per objective its mean (in the metric's own sense). It
// returns the number of rows.
func WritePareto(w io.Writer, p *SimProblem, res *Result) (int, error) {
	cw := csv.NewWriter(w)
	var head []string
	for _, g := range p.Genes() {
		head = append(head, g.Name)
	}
	for _, o := range p.Objectives() {
		head = append(head, o.Metric.Key)
	}
	_ = cw.Write(head)
	seen := map[string]bool{} // looked up, never ranged over
	n := 0
	for _, ind := range res.Front {
		var row []string
		for i, g := range p.Genes() {
			row = append(row, fmt.Sprint(LeverValue(g, ind.X[i])))
		}
		k := strings.Join(row, "\x00")
		if seen[k] {
			continue
		}
		seen[k] = true
		for j, o := range p.Objectives() {
			v := ind.F[j]
			if o.Maximise {
				v = -v
			}
			row = append(row, strconv.FormatFloat(v, 'g', 10, 64))
		}
		_ = cw.Write(row)
		n++
	}
	cw.Flush()
	return n, cw.Error()
}

// History is the first front of every generation of a search: give its
// Add as Options.Progress.
type History struct {
	Fronts [][][]float64 // per generation (0: the initial population), the objectives of its first front
}

// Add records a generation's first front.
func (h *History) Add(gen int, pop []Individual) {
	if gen != len(h.Fronts) {
		panic(fmt.Sprintf("search: History.Add: generation %d after %d", gen, len(h.Fronts)))
	}
	var f [][]float64
	for _, ind := range pop {
		if ind.Rank == 0 {
			f = append(f, append([]float64(nil), ind.F...))
		}
	}
	h.Fronts = append(h.Fronts, f)
}

// Hypervolumes returns the hypervolume of each generation's first front
// on one scale: every objective scaled to [0, 1] by its least and greatest
// finite value over all the fronts recorded, the reference point 1.1 in
// each (so that the extreme points count; 1.1 as in Deb's ZDT tables).
// Points with an undefined objective add nothing. On that scale a front
// can reach at most 1.1^M.
func (h *History) Hypervolumes() []float64 {
	var lo, hi []float64
	for _, f := range h.Fronts {
		for _, pt := range f {
			if lo == nil {
				lo, hi = make([]float64, len(pt)), make([]float64, len(pt))
				for k := range lo {
					lo[k], hi[k] = math.Inf(1), math.Inf(-1)
				}
			}
			if !allFinite(pt) {
				continue
			}
			for k, v := range pt {
				lo[k], hi[k] = min(lo[k], v), max(hi[k], v)
			}
		}
	}
	out := make([]float64, len(h.Fronts))
	if lo == nil {
		return out
	}
	ref := make([]float64, len(lo))
	for k := range ref {
		ref[k] = 1.1
	}
	for g, f := range h.Fronts {
		var pts [][]float64
		for _, pt := range f {
			if !allFinite(pt) {
				continue
			}
			q := make([]float64, len(pt))
			for k, v := range pt {
				if hi[k] > lo[k] {
					q[k] = (v - lo[k]) / (hi[k] - lo[k])
				}
			}
			pts = append(pts, q)
		}
		out[g], _ = Hypervolume(pts, ref) // finite, of the right length: no error
	}
	return out
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// WriteGenerations writes generations.csv: per generation, the size of
// its first front and its hypervolume (on the scale of
// [History.Hypervolumes]).
func (h *History) WriteGenerations(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"generation", "front_size", "hypervolume"})
	for g, hv := range h.Hypervolumes() {
		_ = cw.Write([]string{strconv.Itoa(g), strconv.Itoa(len(h.Fronts[g])), strconv.FormatFloat(hv, 'g', 6, 64)})
	}
	cw.Flush()
	return cw.Error()
}

// The convergence criterion of a search: the hypervolume has flattened
// when it grew by less than FlatGain (relative) over the last quarter of
// the generations (at least MinFlatWindow generations).
const (
	FlatGain      = 0.01
	MinFlatWindow = 2
)

// Verdict says in words whether the search's front has stopped improving,
// from the hypervolumes by generation (the first is the initial
// population's): flat is true when the last quarter of the generations
// (at least MinFlatWindow) raised it by less than FlatGain.
func Verdict(hv []float64) (flat bool, text string) {
	gens := len(hv) - 1
	w := max(MinFlatWindow, gens/4)
	if gens < 2*w {
		return false, fmt.Sprintf("Not enough to judge: %d generation%s after the initial population; convergence is read from the hypervolume over the last quarter of the generations, so run at least %d (raise generations and run the same command: the evaluations so far are reused)",
			gens, plural(gens), 2*w)
	}
	last, before := hv[gens], hv[gens-w]
	if !(last > 0) {
		return false, "Not enough to judge: the last front has no point whose objectives are all defined"
	}
	gain := (last - before) / last
	if gain < FlatGain {
		return true, fmt.Sprintf("Converged: the hypervolume of the front grew by %.1f%% over the last %d of %d generations (to %.3g): more generations are unlikely to move the front much",
			100*max(gain, 0), w, gens, last)
	}
	return false, fmt.Sprintf("Not converged: the hypervolume of the front still grew by %.1f%% over the last %d of %d generations (to %.3g); raise generations and run the same command with the same --out: the evaluations so far are reused",
		100*gain, w, gens, last)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
