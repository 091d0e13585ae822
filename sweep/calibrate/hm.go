package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/agencysim/agencysim/sim"
)

// Param is a calibrated parameter: a scenario key and its prior range.
type Param struct {
	Key       string
	Low, High float64
	Integer   bool // the key holds a whole number: values are rounded
}

// Stats are the runs of one design point, per target: the mean of its
// metric over the replications where it is defined, their sample variance
// and their number.
type Stats struct {
	Mean, Var []float64
	N         []int
}

// An Evaluator runs the design points of a history-matching wave: for
// each point (a value per parameter, in order), its replications, and
// returns their [Stats]. The model's evaluator runs each wave as a sweep
// (sweep_eval.go); tests use functions with a known answer.
type Evaluator interface {
	Evaluate(ctx context.Context, wave int, points [][]float64) ([]Stats, error)
}

// EvaluatorFunc is an Evaluator of a function.
type EvaluatorFunc func(ctx context.Context, wave int, points [][]float64) ([]Stats, error)

// Evaluate implements Evaluator.
func (f EvaluatorFunc) Evaluate(ctx context.Context, wave int, points [][]float64) ([]Stats, error) {
	return f(ctx, wave, points)
}

// HMOptions are the settings of [HistoryMatch].
type HMOptions struct {
	Waves  int     // waves (≥ 1)
	Points int     // design points per wave (≥ 1)
	Cutoff float64 // a point is non-implausible when its implausibility ≤ Cutoff (3: Pukelsheim's rule)
	NthMax int     // the implausibility of a point is the NthMax-th largest over targets (0: DefaultNthMax)
	Seed   uint64  // seed of the designs' draws
	// Candidates is the size of the uniform sample of the prior box on
	// which the space remaining after each wave is estimated (0: 4096).
	Candidates int
	// First, if not nil, is the first wave's design (tests on a grid);
	// otherwise it is a Latin hypercube of Points points over the box.
	First [][]float64
}

// Wave is one wave of history matching: its design points, their runs'
// statistics and implausibilities, and what is left of the space.
type Wave struct {
	Index  int         // 1, 2, …
	Points [][]float64 // the design, a value per parameter
	Stats  []Stats
	I      [][]float64 // per point, per target
	IM     []float64   // per point: the NthMax-th largest of I
	// NonImplausible marks the points with IM ≤ Cutoff; every such point
	// is kept.
	NonImplausible []bool
	// Proposed is how many candidates were drawn (in the box around the
	// previous wave's non-implausible points) to find Points in the
	// non-implausible region of the waves before.
	Proposed int
	// RegionCutoff is the cut-off that defines the region the next wave
	// is drawn in: Cutoff, or, when fewer than max(3, 2 × parameters)
	// points meet it, the lowest rung of hmer's implausibility ladder (4,
	// 5, 7, 10, 15, 20) that as many meet — a thin region is not cut down
	// to the neighbourhood of one or two points (with none, the lowest
	// rung any point meets).
	RegionCutoff float64
	// Box is where the design was drawn: per parameter [low, high].
	Box [][2]float64
	// region is the box of the prior sample's points in the region left
	// after this wave: where the next wave is drawn (with the points that
	// define the region, widened by half a design cell).
	region box
	// SpaceRemaining is the share of the prior box that is not ruled out
	// after this wave (estimated on a uniform sample of it).
	SpaceRemaining float64
}

// Count returns the number of non-implausible points.
func (w *Wave) Count() int {
	n := 0
	for _, ok := range w.NonImplausible {
		if ok {
			n++
		}
	}
	return n
}

// HitRate returns, per target, the share of the wave's points whose
// implausibility for that target alone is ≤ cutoff (hmer hit_by_wave).
func (w *Wave) HitRate(cutoff float64) []float64 {
	if len(w.I) == 0 {
		return nil
	}
	out := make([]float64, len(w.I[0]))
	for _, row := range w.I {
		for t, v := range row {
			if v <= cutoff {
				out[t]++
			}
		}
	}
	for t := range out {
		out[t] /= float64(len(w.I))
	}
	return out
}

// HMResult is the outcome of history matching.
type HMResult struct {
	Params  []Param
	Targets []Target
	Options HMOptions
	Waves   []Wave
	// Best is the point of the last wave with the lowest implausibility
	// (the first of equals): wave index and point index into its Points.
	BestWave, BestPoint int
	// Stopped says why the waves ended before Options.Waves ("" if they
	// did not).
	Stopped string
}

// Best returns the values of the best point and its implausibility.
func (r *HMResult) Best() ([]float64, float64) {
	w := &r.Waves[r.BestWave-1]
	return w.Points[r.BestPoint], w.IM[r.BestPoint]
}

// Ranges returns, per parameter, the range of the last wave's
// non-implausible points (the non-implausible space as sampled); false if
// it has none.
func (r *HMResult) Ranges() ([][2]float64, bool) {
	w := &r.Waves[len(r.Waves)-1]
	out := make([][2]float64, len(r.Params))
	for j := range out {
		out[j] = [2]float64{math.Inf(1), math.Inf(-1)}
	}
	any := false
	for i, p := range w.Points {
		if !w.NonImplausible[i] {
			continue
		}
		any = true
		for j, x := range p {
			out[j][0], out[j][1] = math.Min(out[j][0], x), math.Max(out[j][1], x)
		}
	}
	return out, any
}

// ErrNoSpace is returned (wrapped, with the result) when a wave leaves no
// non-implausible point: the targets cannot all be met within the
// discrepancy allowed (hmer #17: the model is inadequate, or the
// discrepancy or observation error too small).
var ErrNoSpace = errors.New("no non-implausible point")

// HistoryMatch runs history matching in waves (Vernon, Goldstein and
// Bower 2010; Andrianakis et al. 2015), directly on the evaluator's runs
// (no emulator). Wave 1 is a Latin hypercube over the prior box. Wave k+1
// draws Latin hypercubes over the box of wave k's non-implausible points
// (widened by half a design cell each way, within the prior) and keeps the
// candidates that lie in the non-implausible region of every wave so far,
// until it has Points of them.
//
// The non-implausible region between waves is known only at the points
// run: a candidate is taken to lie in wave j's region when its nearest
// non-implausible point of wave j is no farther than its nearest
// implausible point plus half a design cell (in coordinates scaled to the
// prior box). That is a nearest-neighbour reading of the region, a little
// generous at its border; it is not an emulator's, and a candidate it
// keeps may still prove implausible when run (its own implausibility
// then decides). Every point run with implausibility ≤ Cutoff is kept in
// its wave's non-implausible set.
//
// A wave with too few non-implausible points draws the next in the
// region of a higher cut-off (hmer's ladder, see Wave.RegionCutoff). It stops after
// Options.Waves waves, or with [ErrNoSpace] when the last wave has no
// non-implausible point, or a wave none within 20 (the result so far is
// returned with it).
func HistoryMatch(ctx context.Context, params []Param, targets []Target, ev Evaluator, opt HMOptions) (*HMResult, error) {
	if len(params) == 0 || len(targets) == 0 || opt.Waves < 1 || opt.Points < 1 || !(opt.Cutoff > 0) {
		panic("calibrate: HistoryMatch needs parameters, targets, waves, points and a positive cutoff")
	}
	if opt.NthMax <= 0 {
		opt.NthMax = DefaultNthMax(len(targets))
	}
	if opt.Candidates <= 0 {
		opt.Candidates = 4096
	}
	res := &HMResult{Params: params, Targets: targets, Options: opt}
	prior := make([][2]float64, len(params))
	for j, p := range params {
		prior[j] = [2]float64{p.Low, p.High}
	}
	space := lhs(sim.NewStreams(opt.Seed, 0).Stream("calibrate.hm.space"), prior, opt.Candidates, nil)
	for k := 1; k <= opt.Waves; k++ {
		w := Wave{Index: k}
		switch {
		case k == 1 && opt.First != nil:
			w.Points, w.Box, w.Proposed = opt.First, prior, len(opt.First)
		case k == 1:
			w.Points = lhs(sim.NewStreams(opt.Seed, uint64(k)).Stream("calibrate.hm.design"), prior, opt.Points, params)
			w.Box, w.Proposed = prior, opt.Points
		default:
			w.Points, w.Box, w.Proposed = res.propose(k, prior, opt)
		}
		stats, err := ev.Evaluate(ctx, k, w.Points)
		if err != nil {
			return res, err
		}
		if len(stats) != len(w.Points) {
			panic(fmt.Sprintf("calibrate: the evaluator returned %d results for %d points", len(stats), len(w.Points)))
		}
		w.Stats = stats
		for i := range w.Points {
			row := make([]float64, len(targets))
			for t := range targets {
				row[t] = targets[t].Implausibility(stats[i].Mean[t], stats[i].Var[t], stats[i].N[t])
			}
			w.I = append(w.I, row)
			im := NthMax(row, opt.NthMax)
			w.IM = append(w.IM, im)
			w.NonImplausible = append(w.NonImplausible, im <= opt.Cutoff)
		}
		w.RegionCutoff = regionCutoff(w.IM, opt.Cutoff, min(len(w.Points), max(3, 2*len(params))))
		res.Waves = append(res.Waves, w)
		in := 0
		region := emptyBox(len(prior))
		for _, x := range space {
			if res.inRegion(x, prior) {
				in++
				region.add(x)
			}
		}
		res.Waves[k-1].SpaceRemaining = float64(in) / float64(len(space))
		res.Waves[k-1].region = region
		res.BestWave, res.BestPoint = k, argmin(w.IM)
		if w.Count() == 0 && (k == opt.Waves || math.IsNaN(w.RegionCutoff)) {
			res.Stopped = fmt.Sprintf("wave %d has no point with implausibility ≤ %g (the lowest is %.3g)", k, opt.Cutoff, w.IM[res.BestPoint])
			return res, fmt.Errorf("calibrate: %w: %s", ErrNoSpace, res.Stopped)
		}
	}
	return res, nil
}

// box is a bounding box, per parameter [low, high].
type box [][2]float64

func emptyBox(d int) box {
	b := make(box, d)
	for j := range b {
		b[j] = [2]float64{math.Inf(1), math.Inf(-1)}
	}
	return b
}

func (b box) add(x []float64) {
	for j, v := range x {
		b[j][0], b[j][1] = math.Min(b[j][0], v), math.Max(b[j][1], v)
	}
}

// ladder is hmer's implausibility ladder: the cut-offs a wave with too
// few points within the cut-off falls back on to draw the next.
var ladder = []float64{4, 5, 7, 10, 15, 20}

// regionCutoff is the cut-off of the region the next wave is drawn in:
// the cut-off when at least need points meet it, else the lowest rung of
// the ladder that need points meet (the highest that any meets if none
// has need), NaN if no point is within 20.
func regionCutoff(im []float64, cutoff float64, need int) float64 {
	count := func(c float64) int {
		n := 0
		for _, x := range im {
			if x <= c {
				n++
			}
		}
		return n
	}
	if count(cutoff) >= need {
		return cutoff
	}
	best := math.NaN()
	for _, rung := range ladder {
		if rung <= cutoff {
			continue
		}
		if n := count(rung); n >= need {
			return rung
		} else if n > 0 && math.IsNaN(best) {
			best = rung
		}
	}
	if count(cutoff) > 0 {
		return cutoff
	}
	return best
}

// inSet reports whether point i of the wave defines its region.
func (w *Wave) inSet(i int) bool { return w.IM[i] <= w.RegionCutoff }

func argmin(xs []float64) int {
	best := 0
	for i, x := range xs {
		if x < xs[best] || (math.IsNaN(xs[best]) && !math.IsNaN(x)) {
			best = i
		}
	}
	return best
}

// propose draws wave k's design in the non-implausible region of the
// waves before.
func (r *HMResult) propose(k int, prior [][2]float64, opt HMOptions) ([][]float64, box, int) {
	last := &r.Waves[k-2]
	bb := append(box(nil), last.region...)
	for i, p := range last.Points {
		if last.inSet(i) {
			bb.add(p)
		}
	}
	for j := range bb {
		cell := (last.Box[j][1] - last.Box[j][0]) / float64(len(last.Points))
		bb[j][0] = math.Max(prior[j][0], bb[j][0]-cell/2)
		bb[j][1] = math.Min(prior[j][1], bb[j][1]+cell/2)
	}
	rng := sim.NewStreams(opt.Seed, uint64(k)).Stream("calibrate.hm.design")
	var out [][]float64
	drawn := 0
	const maxBatches = 200
	for b := 0; b < maxBatches && len(out) < opt.Points; b++ {
		for _, x := range lhs(rng, bb, opt.Points, r.Params) {
			drawn++
			if len(out) < opt.Points && r.inRegion(x, prior) {
				out = append(out, x)
			}
		}
	}
	if len(out) == 0 { // the region is too thin to hit: run its known points' box
		out = append(out, lhs(rng, bb, opt.Points, r.Params)...)
	}
	return out, bb, drawn
}

// inRegion reports whether x lies in the non-implausible region of every
// wave so far (see HistoryMatch).
func (r *HMResult) inRegion(x []float64, prior [][2]float64) bool {
	for wi := range r.Waves {
		w := &r.Waves[wi]
		dNI, dI := math.Inf(1), math.Inf(1)
		for i, p := range w.Points {
			d := scaledDist(x, p, prior)
			if w.inSet(i) {
				dNI = math.Min(dNI, d)
			} else {
				dI = math.Min(dI, d)
			}
		}
		if dNI > dI+halfCell(w, prior) {
			return false
		}
	}
	return true
}

// halfCell is half the side of a design cell of wave w, scaled to the
// prior box: (volume of its box / its points)^(1/d) / 2.
func halfCell(w *Wave, prior [][2]float64) float64 {
	v := 1.0
	for j := range prior {
		v *= (w.Box[j][1] - w.Box[j][0]) / (prior[j][1] - prior[j][0])
	}
	return math.Pow(v/float64(len(w.Points)), 1/float64(len(prior))) / 2
}

func scaledDist(a, b []float64, prior [][2]float64) float64 {
	s := 0.0
	for j := range a {
		d := (a[j] - b[j]) / (prior[j][1] - prior[j][0])
		s += d * d
	}
	return math.Sqrt(s)
}

// lhs draws a Latin hypercube of n points over box; values of integer
// parameters are rounded (params may be nil: none are).
func lhs(rng *rand.Rand, box [][2]float64, n int, params []Param) [][]float64 {
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, len(box))
	}
	for j, b := range box {
		perm := rng.Perm(n)
		for i := range n {
			u := (float64(perm[i]) + rng.Float64()) / float64(n)
			x := b[0] + u*(b[1]-b[0])
			if params != nil && params[j].Integer {
				x = math.Round(x)
			}
			out[i][j] = x
		}
	}
	return out
}
