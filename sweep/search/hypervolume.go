package search

import (
	"fmt"
	"math"
	"sort"
)

// Hypervolume is the Lebesgue measure of the region dominated by points
// and bounded by the reference point ref (minimisation: the region of
// every y with p ≤ y ≤ ref for some point p). Points not strictly better
// than ref in every objective add nothing. It is exact: in two objectives
// a sweep over the points sorted by the first; in more, slices between
// successive values of the last objective, each the hypervolume of the
// points below it in one objective fewer (HSO, While, Hingston, Barone
// and Huband 2006). It returns an error when a point's length is not
// ref's or a value is NaN.
func Hypervolume(points [][]float64, ref []float64) (float64, error) {
	d := len(ref)
	if d == 0 {
		return 0, fmt.Errorf("search: hypervolume: empty reference point")
	}
	for _, v := range ref {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("search: hypervolume: reference point %v: allowed: finite values", ref)
		}
	}
	var in [][]float64
	for i, p := range points {
		if len(p) != d {
			return 0, fmt.Errorf("search: hypervolume: point %d has %d objectives, the reference point %d", i, len(p), d)
		}
		keep := true
		for k, v := range p {
			if math.IsNaN(v) {
				return 0, fmt.Errorf("search: hypervolume: point %d: objective %d is NaN", i, k)
			}
			if v >= ref[k] {
				keep = false
			}
		}
		if keep {
			in = append(in, p)
		}
	}
	return hso(in, ref), nil
}

func hso(ps [][]float64, ref []float64) float64 {
	d := len(ref)
	if len(ps) == 0 {
		return 0
	}
	switch d {
	case 1:
		best := ps[0][0]
		for _, p := range ps {
			best = math.Min(best, p[0])
		}
		return ref[0] - best
	case 2:
		s := append([][]float64(nil), ps...)
		sort.Slice(s, func(i, j int) bool {
			if s[i][0] != s[j][0] {
				return s[i][0] < s[j][0]
			}
			return s[i][1] < s[j][1]
		})
		hv, y := 0.0, ref[1]
		for _, p := range s {
			if p[1] < y {
				hv += (ref[0] - p[0]) * (y - p[1])
				y = p[1]
			}
		}
		return hv
	}
	// Slice along the last objective.
	s := append([][]float64(nil), ps...)
	sort.SliceStable(s, func(i, j int) bool { return s[i][d-1] < s[j][d-1] })
	hv := 0.0
	sub := make([][]float64, 0, len(s))
	for i, p := range s {
		sub = append(sub, p[:d-1])
		top := ref[d-1]
		if i+1 < len(s) {
			top = s[i+1][d-1]
		}
		if h := top - p[d-1]; h > 0 {
			hv += h * hso(sub, ref[:d-1])
		}
	}
	return hv
}
