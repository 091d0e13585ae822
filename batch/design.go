package batch

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/agencysim/agencysim/internal/schema"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sim"
)

// A design point's value for a parameter is nil when the point leaves the
// parameter at the base scenario's value (one-at-a-time designs).

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

func buildDesign(sw Sweep, path string, doc *scenarios.Document) ([]string, []Point, schema.Errors) {
	v := sw.Vary
	var errs schema.Errors
	fail := func(p string, val any, problem, allowed string) {
		errs = append(errs, &schema.Error{Path: p, Value: val, Problem: problem, Allowed: allowed})
	}
	if v.Design == "none" {
		if len(v.Params) > 0 {
			fail("vary.params", nil, "is given but vary.design is none", "a design: grid, lhs, table, oat or morris")
		}
		return nil, []Point{{Index: 0}}, errs
	}
	scen := schema.Describe(reflect.TypeOf(scenarios.Scenario{}))
	var keys []string
	var vals [][]any
	if v.Design == "table" {
		if v.File == "" {
			fail("vary.file", nil, "is missing", "a CSV file of design points")
			return nil, nil, errs
		}
		k, rows, err := readTable(filepath.Join(filepath.Dir(path), v.File))
		if err != nil {
			fail("vary.file", v.File, err.Error(), "a CSV file with a header of key paths and one row per point")
			return nil, nil, errs
		}
		for _, key := range k {
			checkParam(scen, key, "vary.file", false, fail)
		}
		var pts []Point
		for i, r := range rows {
			pts = append(pts, Point{Index: i, Values: r})
		}
		if len(pts) == 0 {
			fail("vary.file", v.File, "has no rows", "at least one design point")
		}
		return k, pts, errs
	}
	for _, lf := range leaves(v.Params, "") {
		list, ok := lf.value.([]any)
		if !ok || len(list) == 0 {
			fail("vary.params."+lf.path, lf.value, "is not a list", "a list of values (grid, oat) or [low, high] (lhs, morris)")
			continue
		}
		numeric := v.Design == "lhs" || v.Design == "morris"
		checkParam(scen, lf.path, "vary.params."+lf.path, numeric, fail)
		if numeric {
			lo, ok1 := toFloat(list[0])
			hi, ok2 := toFloat(list[len(list)-1])
			if len(list) != 2 || !ok1 || !ok2 || !(lo < hi) {
				fail("vary.params."+lf.path, lf.value, "is not a range", "[low, high] with low < high")
				continue
			}
		}
		keys = append(keys, lf.path)
		vals = append(vals, list)
	}
	if len(keys) == 0 && len(errs) == 0 {
		fail("vary.params", nil, "is empty", "at least one parameter")
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	intKey := make([]bool, len(keys))
	for i, k := range keys {
		intKey[i] = scen.Lookup(k).Kind == schema.KindInt
	}
	var pts []Point
	switch v.Design {
	case "grid":
		n := 1
		for _, l := range vals {
			n *= len(l)
		}
		if n > 1_000_000 {
			fail("vary.params", n, "make too many grid points", "at most 1,000,000")
			return nil, nil, errs
		}
		for i := range n {
			vs := make([]any, len(keys))
			rem := i
			for j := len(keys) - 1; j >= 0; j-- {
				vs[j] = vals[j][rem%len(vals[j])]
				rem /= len(vals[j])
			}
			pts = append(pts, Point{Index: i, Values: vs})
		}
	case "oat":
		pts = append(pts, Point{Index: 0, Values: make([]any, len(keys))})
		for j := range keys {
			for _, x := range vals[j] {
				vs := make([]any, len(keys))
				vs[j] = x
				pts = append(pts, Point{Index: len(pts), Values: vs})
			}
		}
	case "lhs":
		rng := rand.New(rand.NewPCG(uint64(sw.Seed), sim.SplitMix64(0x6c6873)))
		n := v.Points
		cols := make([][]float64, len(keys))
		for j := range keys {
			lo, _ := toFloat(vals[j][0])
			hi, _ := toFloat(vals[j][1])
			perm := rng.Perm(n)
			cols[j] = make([]float64, n)
			for i := range n {
				u := (float64(perm[i]) + rng.Float64()) / float64(n)
				cols[j][i] = lo + u*(hi-lo)
			}
		}
		for i := range n {
			vs := make([]any, len(keys))
			for j := range keys {
				vs[j] = numberValue(cols[j][i], intKey[j])
			}
			pts = append(pts, Point{Index: i, Values: vs})
		}
	case "morris":
		m := morrisDesign(uint64(sw.Seed), len(keys), v.Trajectories, v.Levels)
		for i, u := range m.unit {
			vs := make([]any, len(keys))
			for j := range keys {
				lo, _ := toFloat(vals[j][0])
				hi, _ := toFloat(vals[j][1])
				vs[j] = numberValue(lo+u[j]*(hi-lo), intKey[j])
			}
			pts = append(pts, Point{Index: i, Values: vs})
		}
	}
	return keys, pts, errs
}

// MorrisInfo returns the structure of the plan's Morris design, or nil if
// the design is not morris.
func (p *Plan) MorrisInfo() *Morris {
	v := p.Sweep.Vary
	if v.Design != "morris" {
		return nil
	}
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

func numberValue(x float64, integer bool) any {
	if integer {
		return int(math.Round(x))
	}
	return x
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// checkParam reports a parameter path that is not a scenario key that
// holds a single value (numeric, when numeric is set).
func checkParam(scen *schema.Field, key, at string, numeric bool, fail func(string, any, string, string)) {
	f := scen.Lookup(key)
	switch {
	case f == nil:
		fail(at, key, "is not a scenario key", "a key path from docs/scenario-reference.md, e.g. policies.outreach")
	case f.Kind == schema.KindObject || f.Kind == schema.KindFreeMap:
		fail(at, key, "is a section, not a single value", "a key path that holds one value, e.g. "+key+"."+firstLeaf(f))
	case numeric && f.Kind != schema.KindInt && f.Kind != schema.KindFloat:
		fail(at, key, "is not numeric", "a numeric key for lhs and morris designs")
	}
}

func firstLeaf(f *schema.Field) string {
	if len(f.Fields) == 0 {
		return ""
	}
	return f.Fields[0].Key
}

// readTable reads a CSV design: a header of key paths and rows of values,
// each parsed as YAML.
func readTable(path string) ([]string, [][]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		return nil, nil, fmt.Errorf("is empty")
	}
	keys := rows[0]
	for i := range keys {
		keys[i] = strings.TrimSpace(keys[i])
	}
	var out [][]any
	for _, r := range rows[1:] {
		vs := make([]any, len(keys))
		for j := range keys {
			vs[j] = schema.ParseScalar(strings.TrimSpace(r[j]))
		}
		out = append(out, vs)
	}
	return keys, out, nil
}
