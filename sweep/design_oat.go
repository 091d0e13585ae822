package sweep

import (
	"fmt"
	"math"

	"github.com/agencysim/agencysim/schema"
)

// oat varies one parameter at a time: the base point (every parameter at
// the base scenario's value), then each parameter at each of its listed
// values, the others at the base. It screens each parameter by the change
// of a result between its lowest and highest listed value.
type oat struct{ params }

var _ = register(oat{})

func (oat) Name() string { return "oat" }
func (oat) Doc() string {
	return "one at a time: each parameter at its listed values, the others at the base"
}

func (oat) Points(in *Input) ([]string, []Point) {
	keys, vals := in.Lists()
	if in.Failed() {
		return nil, nil
	}
	n := 1
	for _, l := range vals {
		var ok bool
		if n, ok = addLimit(n, len(l), MaxDesignPoints); !ok {
			in.Fail("vary.params", nil, "make too many one-at-a-time points", fmt.Sprintf("at most %d points in all (the base point and one per listed value)", MaxDesignPoints))
			return nil, nil
		}
	}
	pts := []Point{{Index: 0, Values: make([]any, len(keys))}}
	for j := range keys {
		for _, x := range vals[j] {
			vs := make([]any, len(keys))
			vs[j] = x
			pts = append(pts, Point{Index: len(pts), Values: vs})
		}
	}
	return keys, pts
}

// Effects computes, for every parameter, the change of the result between
// its lowest and highest listed value (the first and last when the values
// are not numbers; the base point and the value when only one is listed).
func (oat) Effects(plan *Plan, y func(point int) float64) []Effect {
	rows := make([]Effect, len(plan.ParamKeys))
	for j, key := range plan.ParamKeys {
		var pts []int
		for p, pt := range plan.Points {
			if oatPointOf(pt) == j {
				pts = append(pts, p)
			}
		}
		r := Effect{Param: key, Mu: math.NaN(), MuStar: math.NaN(), Sigma: math.NaN()}
		if len(pts) > 0 {
			low, high := pts[0], pts[len(pts)-1]
			numeric := true
			for _, p := range pts {
				if _, ok := schema.ToFloat(plan.Points[p].Values[j]); !ok {
					numeric = false
				}
			}
			if numeric {
				val := func(p int) float64 { v, _ := schema.ToFloat(plan.Points[p].Values[j]); return v }
				for _, p := range pts {
					if val(p) < val(low) {
						low = p
					}
					if val(p) > val(high) {
						high = p
					}
				}
			}
			r.High = plan.Points[high].Values[j]
			if len(pts) == 1 && len(plan.Points) > 0 && oatPointOf(plan.Points[0]) == -1 {
				low = 0 // one value: compare it with the base
				r.Low = "base"
			} else {
				r.Low = plan.Points[low].Values[j]
			}
			if low != high {
				r.Mu = y(high) - y(low)
				r.MuStar = math.Abs(r.Mu)
				if !math.IsNaN(r.Mu) {
					r.N = 1
				}
			}
		}
		rows[j] = r
	}
	return rows
}

// oatPointOf returns the parameter a one-at-a-time point sets, -1 for the
// base point and -2 for a point that sets several.
func oatPointOf(pt Point) int {
	set := -1
	for j, v := range pt.Values {
		if v != nil {
			if set >= 0 {
				return -2
			}
			set = j
		}
	}
	return set
}

func (oat) Words(plan *Plan, reps string) Words {
	return Words{
		Intro: fmt.Sprintf("The sweep varied %d parameters one at a time, each over the values listed in the sweep file while the others kept the base scenario's values. "+
			"For each result, the table ranks the parameters by how much the result changes between the parameter's lowest and highest value. "+
			"Each point ran %s with the same random draws, so the changes come from the parameters rather than from chance.", len(plan.ParamKeys), reps),
		Reading: "Change: the result at the highest value minus the result at the lowest (negative: the result falls as the parameter rises); size: its absolute value. " +
			"One-at-a-time changes show each parameter's effect at the base values of the others only.",
		RangeHead: "Values compared",
		Cols:      []string{"size", "change"},
		Caption: "One parameter at a time, the others at the base: each bar is the size of the change of the metric between the parameter's lowest and highest listed value. " +
			"A longer bar means the result depends more on that parameter.",
		Axis: "Size of the change between the lowest and highest value",
	}
}
