package discover

import (
	"math"
	"slices"
)

// PrimOptions are PRIM's settings; the zero value means the defaults of
// EMA Workbench 3.x (peel and paste α 0.05, minimum mass 0.05).
type PrimOptions struct {
	PeelAlpha  float64 // share of the box's points a peel removes
	PasteAlpha float64 // share of the slab's points a paste adds
	MassMin    float64 // smallest mass a box may have
}

func (o PrimOptions) withDefaults() PrimOptions {
	if o.PeelAlpha == 0 {
		o.PeelAlpha = 0.05
	}
	if o.PasteAlpha == 0 {
		o.PasteAlpha = 0.05
	}
	if o.MassMin == 0 {
		o.MassMin = 0.05
	}
	return o
}

// Step is one box of a trajectory and its statistics on the data it was
// found on.
type Step struct {
	Box    Box
	Stats  Stats
	Pasted bool // the box came from pasting, not peeling
}

// Prim finds the peeling trajectory of d (Friedman & Fisher 1999, as in
// EMA Workbench): from the box holding every point, each step removes the
// slice (the α lowest or highest values of one input in the box) that
// raises the share of cases of interest most per point removed (EMA's
// LENIENT1 objective), ties going to an input already restricted and then
// to the lower input; it stops when no peel raises the density or the box
// would fall below the minimum mass. The last box is then pasted: each
// restricted limit may move outwards to take in the α share of the slab
// just outside it, the best such move kept while it raises the density
// and the mass. The pasted boxes are appended to the trajectory. Prim is
// deterministic: the same data give the same trajectory.
func Prim(d Data, opt PrimOptions) (initial Box, traj []Step) {
	opt = opt.withDefaults()
	dims := 0
	if d.Len() > 0 {
		dims = len(d.X[0])
	}
	initial = d.bounds(dims)
	box := initial.clone()
	traj = append(traj, Step{Box: box, Stats: d.stats(box)})
	for {
		next, ok := peel(d, box, initial, opt)
		if !ok {
			break
		}
		box = next
		traj = append(traj, Step{Box: box, Stats: d.stats(box)})
	}
	for {
		next, ok := paste(d, box, initial, opt)
		if !ok {
			break
		}
		box = next
		traj = append(traj, Step{Box: box, Stats: d.stats(box), Pasted: true})
	}
	return initial, traj
}

// lenient1 is EMA's default objective: the gain in density per point
// removed (or added).
func lenient1(old, new Stats) float64 {
	if old.NBox == new.NBox || new.NBox == 0 {
		return math.Inf(-1)
	}
	return (new.Density() - old.Density()) / math.Abs(float64(old.NBox-new.NBox))
}

// inside returns the values of input u of the points in b.
func inside(d Data, b Box, u int) []float64 {
	var v []float64
	for _, x := range d.X {
		if b.contains(x) {
			v = append(v, x[u])
		}
	}
	return v
}

// peel returns the best peel of box, if one is accepted.
func peel(d Data, box, initial Box, opt PrimOptions) (Box, bool) {
	old := d.stats(box)
	var (
		best      Box
		bestStats Stats
		bestObj   = math.Inf(-1)
		bestNew   = true // the best candidate restricts a new input
		found     bool
	)
	res := restricted(box, initial)
	for u := range box.Low {
		v := inside(d, box, u)
		if len(v) == 0 {
			continue
		}
		slices.Sort(v)
		isNew := !slices.Contains(res, u)
		for _, upper := range []bool{false, true} {
			c := box.clone()
			if upper {
				c.High[u] = quantile(v, 1-opt.PeelAlpha)
			} else {
				c.Low[u] = quantile(v, opt.PeelAlpha)
			}
			s := d.stats(c)
			obj := lenient1(old, s)
			// Strictly better, or as good and restricting no new input.
			if obj > bestObj || (obj == bestObj && bestNew && !isNew) {
				best, bestStats, bestObj, bestNew, found = c, s, obj, isNew, true
			}
		}
	}
	if !found || bestStats.Mass() < opt.MassMin || bestStats.NBox >= old.NBox || bestObj <= 0 {
		return Box{}, false
	}
	return best, true
}

// paste returns the best paste of box, if one is accepted.
func paste(d Data, box, initial Box, opt PrimOptions) (Box, bool) {
	old := d.stats(box)
	var (
		best      Box
		bestStats Stats
		bestObj   = math.Inf(-1)
		found     bool
	)
	for _, u := range restricted(box, initial) {
		for _, upper := range []bool{false, true} {
			if (upper && box.High[u] >= initial.High[u]) || (!upper && box.Low[u] <= initial.Low[u]) {
				continue
			}
			// The slab: the points just outside this side, the other
			// limits kept.
			wide := box.clone()
			if upper {
				wide.High[u] = initial.High[u]
			} else {
				wide.Low[u] = initial.Low[u]
			}
			var slab []float64
			for _, x := range d.X {
				if wide.contains(x) && !box.contains(x) {
					slab = append(slab, x[u])
				}
			}
			if len(slab) == 0 {
				continue
			}
			slices.Sort(slab)
			c := box.clone()
			if upper {
				c.High[u] = quantile(slab, opt.PasteAlpha)
			} else {
				c.Low[u] = quantile(slab, 1-opt.PasteAlpha)
			}
			s := d.stats(c)
			if obj := lenient1(old, s); obj > bestObj {
				best, bestStats, bestObj, found = c, s, obj, true
			}
		}
	}
	if !found || bestStats.NBox <= old.NBox || bestObj <= 0 || !(bestStats.Density() > old.Density()) {
		return Box{}, false
	}
	return best, true
}

// quantile returns the q-quantile of the sorted values v as PRIM uses it
// (after sdtoolkit, as in EMA Workbench): at position i = (n−1)q, the
// midpoint of the values either side, moving outwards past tied values so
// that a peel of discrete values removes something.
func quantile(v []float64, q float64) float64 {
	n := len(v)
	i := float64(n-1) * q
	lo, hi := int(math.Floor(i)), int(math.Ceil(i))
	if q > 0.5 {
		for lo > 0 && v[lo] == v[hi] {
			lo--
		}
	} else {
		for hi < n-1 && v[lo] == v[hi] {
			hi++
		}
	}
	return (v[lo] + v[hi]) / 2
}
