package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sim"
)

// morris is Morris elementary-effects screening (Morris 1991): trajectories
// over a grid of levels on the [low, high] ranges, each moving one
// parameter at a time. It screens each parameter by the mean size (μ*), the
// mean (μ) and the spread (σ) of its elementary effects.
type morris struct{ params }

var _ = register(morris{})

func (morris) Name() string { return "morris" }
func (morris) Doc() string {
	return "Morris elementary-effects screening with 'trajectories' trajectories over [low, high] ranges"
}

// Morris holds the structure of a Morris design: for each point after the
// first of a trajectory, which parameter changed and by how much (in
// units of its range).
type Morris struct {
	Trajectories int
	Levels       int
	Delta        float64
	// Steps[i] describes point i: the trajectory it belongs to, the
	// parameter that changed from point i-1 (-1 at a trajectory's start),
	// and the signed change in units of the parameter's range.
	Steps []MorrisStep
}

// MorrisStep is one point of a Morris trajectory.
type MorrisStep struct {
	Trajectory int
	Param      int
	Change     float64
}

func (morris) Points(in *Input) ([]string, []Point) {
	keys, lo, hi, integer := in.Ranges()
	if in.Failed() {
		return nil, nil
	}
	v := in.Vary
	if _, ok := mulLimit(len(keys)+1, v.Trajectories, MaxDesignPoints); !ok {
		in.Fail("vary.trajectories", v.Trajectories, fmt.Sprintf("make too many points with %d parameters ((parameters + 1) × trajectories)", len(keys)), fmt.Sprintf("at most %d points in all", MaxDesignPoints))
		return nil, nil
	}
	m := morrisDesign(uint64(in.Seed), len(keys), v.Trajectories, v.Levels)
	pts := make([]Point, 0, len(m.unit))
	for i, u := range m.unit {
		vs := make([]any, len(keys))
		for j := range keys {
			vs[j] = numberValue(lo[j]+u[j]*(hi[j]-lo[j]), integer[j])
		}
		pts = append(pts, Point{Index: i, Values: vs})
	}
	return keys, pts
}

// MorrisInfo returns the structure of the plan's Morris design, or nil if
// the design is not morris.
func (p *Plan) MorrisInfo() *Morris {
	if _, ok := p.Design().(morris); !ok {
		return nil
	}
	v := p.Sweep.Vary
	m := morrisDesign(uint64(p.Sweep.Seed), len(p.ParamKeys), v.Trajectories, v.Levels)
	return &m.Morris
}

type morrisPlan struct {
	Morris
	unit [][]float64 // points in the unit cube
}

// morrisDesign builds r trajectories of k+1 points each on a p-level grid
// (Morris 1991): each trajectory starts at a random grid point and changes
// one factor at a time, in random order, by ±Δ with Δ = p / (2(p−1)).
func morrisDesign(seed uint64, k, r, p int) morrisPlan {
	rng := rand.New(rand.NewPCG(seed, sim.SplitMix64(0x6d6f72726973)))
	delta := float64(p) / (2 * float64(p-1))
	mp := morrisPlan{Morris: Morris{Trajectories: r, Levels: p, Delta: delta}}
	// Base values are levels 0 … p/2−1 (so that x+Δ stays in [0, 1]).
	baseLevels := max(1, p/2)
	for t := range r {
		x := make([]float64, k)
		for j := range x {
			x[j] = float64(rng.IntN(baseLevels)) / float64(p-1)
		}
		mp.unit = append(mp.unit, append([]float64(nil), x...))
		mp.Steps = append(mp.Steps, MorrisStep{Trajectory: t, Param: -1})
		for _, j := range rng.Perm(k) {
			step := delta
			if x[j]+delta > 1+1e-12 {
				step = -delta
			}
			x[j] += step
			mp.unit = append(mp.unit, append([]float64(nil), x...))
			mp.Steps = append(mp.Steps, MorrisStep{Trajectory: t, Param: j, Change: step})
		}
	}
	return mp
}

// Effects computes μ, μ* and σ of every parameter from the result's mean
// at each design point. The elementary effect of a trajectory step that
// moves parameter k is EE = (y_after − y_before) / Δ, Δ the change of the
// parameter as a fraction of its [low, high] range: EE is in units of the
// result per full range of the parameter, so that parameters with
// different units can be compared. μ* is the mean of |EE| (Campolongo,
// Cariboni and Saltelli 2007), σ the standard deviation of EE (large when
// the effect is not linear or depends on the other parameters).
func (morris) Effects(plan *Plan, y func(point int) float64) []Effect {
	info := plan.MorrisInfo()
	k := len(plan.ParamKeys)
	lo, hi := morrisRanges(plan)
	effects := make([][]float64, k)
	for i, st := range info.Steps {
		if st.Param < 0 || st.Param >= k || i == 0 || i >= len(plan.Points) {
			continue
		}
		// The change as a share of the range: from the values the runs
		// used (integer parameters are rounded), else from the design.
		dx := st.Change
		xb, ok1 := schema.ToFloat(plan.Points[i-1].Values[st.Param])
		xa, ok2 := schema.ToFloat(plan.Points[i].Values[st.Param])
		if ok1 && ok2 && hi[st.Param] > lo[st.Param] {
			dx = (xa - xb) / (hi[st.Param] - lo[st.Param])
		}
		if dx == 0 {
			continue // rounding left the parameter where it was
		}
		ee := (y(i) - y(i-1)) / dx
		if math.IsNaN(ee) || math.IsInf(ee, 0) {
			continue
		}
		effects[st.Param] = append(effects[st.Param], ee)
	}
	rows := make([]Effect, k)
	for j, key := range plan.ParamKeys {
		r := Effect{Param: key, Low: lo[j], High: hi[j], Mu: math.NaN(), MuStar: math.NaN(), Sigma: math.NaN(), N: len(effects[j])}
		if n := len(effects[j]); n > 0 {
			var sum, abs float64
			for _, e := range effects[j] {
				sum += e
				abs += math.Abs(e)
			}
			r.Mu, r.MuStar = sum/float64(n), abs/float64(n)
			if n > 1 {
				var ss float64
				for _, e := range effects[j] {
					ss += (e - r.Mu) * (e - r.Mu)
				}
				r.Sigma = math.Sqrt(ss / float64(n-1))
			}
		}
		rows[j] = r
	}
	return rows
}

// morrisRanges returns the [low, high] range of every parameter of a
// Morris design, as the sweep file gives it.
func morrisRanges(plan *Plan) (lo, hi []float64) {
	ranges := map[string][]any{}
	for _, lf := range leaves(plan.Sweep.Vary.Params, "") {
		if l, ok := lf.value.([]any); ok {
			ranges[lf.path] = l
		}
	}
	lo = make([]float64, len(plan.ParamKeys))
	hi = make([]float64, len(plan.ParamKeys))
	for j, key := range plan.ParamKeys {
		lo[j], hi[j] = math.NaN(), math.NaN()
		if l := ranges[key]; len(l) >= 2 {
			lo[j], _ = schema.ToFloat(l[0])
			hi[j], _ = schema.ToFloat(l[len(l)-1])
		}
	}
	return lo, hi
}

func (morris) Words(plan *Plan, reps string) Words {
	v := plan.Sweep.Vary
	k := len(plan.ParamKeys)
	return Words{
		Intro: fmt.Sprintf("The sweep screened %d uncertain parameters with a Morris screening design: %d trajectories over %d parameters, %d levels. "+
			"Each trajectory starts from a random combination of parameter values and moves one parameter at a time, recording how much each result changes; "+
			"each point ran %s with the same random draws, so the changes come from the parameters rather than from chance. "+
			"Parameters with a large μ* are the assumptions a result depends on most; where they are uncertain, better evidence on them would narrow the result most. "+
			"Parameters with μ* near zero barely move the result over the ranges tried.",
			k, v.Trajectories, k, v.Levels, reps),
		Reading: "μ* (mu-star): the mean size of the change in the result when the parameter moves across its whole range, in the result's own units (Campolongo et al. 2007). " +
			"μ: the mean signed change (negative: the result falls as the parameter rises). " +
			"σ: the spread of the changes between starting points; a σ comparable to μ* means the effect is not linear or depends on the other parameters. " +
			"These figures describe how the model responds over the ranges in the sweep file, not how likely any value is.",
		RangeHead: "Range",
		Cols:      []string{"μ*", "μ", "σ"},
		Caption: fmt.Sprintf("Morris screening over %d trajectories: each bar is μ*, the mean size of the change of the metric when the parameter moves across its whole range (one parameter at a time, from %d random starting points). "+
			"The white dot is σ, the spread of those changes: a σ comparable to μ* means the effect is not linear or depends on the other parameters. "+
			"A longer bar means the result depends more on that assumption.", v.Trajectories, v.Trajectories),
		Axis: "μ*: mean size of the change across the parameter's range",
	}
}
