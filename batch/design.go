package batch

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
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
		tpath := v.File
		if !filepath.IsAbs(tpath) {
			tpath = filepath.Join(filepath.Dir(path), v.File)
		}
		k, rows, err := readTable(tpath)
		if err != nil {
			fail("vary.file", v.File, err.Error(), fmt.Sprintf("a CSV file of at most %d MB with a header of distinct key paths (at most %d) and one row per point (at most %d), a value in every cell", MaxTableBytes>>20, MaxTableColumns, MaxDesignPoints))
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
		null := false
		for i, x := range list {
			if x == nil {
				fail(fmt.Sprintf("vary.params.%s[%d]", lf.path, i), nil, "is null", "a value (a design point leaves no key at the base value except in oat designs, for the keys it does not vary)")
				null = true
			}
		}
		if null {
			continue
		}
		if numeric {
			lo, ok1 := toFloat(list[0])
			hi, ok2 := toFloat(list[len(list)-1])
			if len(list) != 2 || !ok1 || !ok2 || !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
				fail("vary.params."+lf.path, lf.value, "is not a range", "[low, high] with finite low < high")
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
			var ok bool
			if n, ok = mulLimit(n, len(l), MaxDesignPoints); !ok {
				fail("vary.params", gridSize(vals), "make too many grid points", fmt.Sprintf("at most %d points in all", MaxDesignPoints))
				return nil, nil, errs
			}
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
		n := 1
		for _, l := range vals {
			var ok bool
			if n, ok = addLimit(n, len(l), MaxDesignPoints); !ok {
				fail("vary.params", nil, "make too many one-at-a-time points", fmt.Sprintf("at most %d points in all (the base point and one per listed value)", MaxDesignPoints))
				return nil, nil, errs
			}
		}
		pts = append(pts, Point{Index: 0, Values: make([]any, len(keys))})
		for j := range keys {
			for _, x := range vals[j] {
				vs := make([]any, len(keys))
				vs[j] = x
				pts = append(pts, Point{Index: len(pts), Values: vs})
			}
		}
	case "lhs":
		if v.Points > MaxDesignPoints {
			fail("vary.points", v.Points, "is too many points", fmt.Sprintf("at most %d", MaxDesignPoints))
			return nil, nil, errs
		}
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
		if _, ok := mulLimit(len(keys)+1, v.Trajectories, MaxDesignPoints); !ok {
			fail("vary.trajectories", v.Trajectories, fmt.Sprintf("make too many points with %d parameters ((parameters + 1) × trajectories)", len(keys)), fmt.Sprintf("at most %d points in all", MaxDesignPoints))
			return nil, nil, errs
		}
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

// gridSize describes the size of a grid: "2 × 2 × … (64 parameters)".
func gridSize(vals [][]any) string {
	var parts []string
	for _, l := range vals {
		parts = append(parts, strconv.Itoa(len(l)))
		if len(parts) == 8 && len(vals) > 9 {
			parts = append(parts, "…")
			break
		}
	}
	return fmt.Sprintf("%s (%d parameters)", strings.Join(parts, " × "), len(vals))
}

// readTable reads a CSV design: a header of distinct key paths and rows of
// values, each parsed as YAML, within the limits on its size. A problem
// names the file's line and column.
func readTable(path string) ([]string, [][]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, errors.New(safetext.Escape(err.Error()))
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, nil, err
	} else if !st.Mode().IsRegular() {
		return nil, nil, errors.New("is not a file")
	} else if st.Size() > MaxTableBytes {
		return nil, nil, fmt.Errorf("is %d bytes, more than the limit", st.Size())
	}
	r := csv.NewReader(io.LimitReader(f, MaxTableBytes))
	r.ReuseRecord = false
	keys, err := r.Read()
	if err == io.EOF {
		return nil, nil, errors.New("is empty")
	}
	if err != nil {
		return nil, nil, errors.New(safetext.Escape(err.Error()))
	}
	if len(keys) > MaxTableColumns {
		return nil, nil, fmt.Errorf("has %d columns, more than the limit", len(keys))
	}
	col := map[string]int{}
	for i := range keys {
		keys[i] = strings.TrimSpace(keys[i])
		if keys[i] == "" {
			return nil, nil, fmt.Errorf("line 1, column %d: the header names no key", i+1)
		}
		if j, dup := col[keys[i]]; dup {
			return nil, nil, fmt.Errorf("line 1: column %d repeats the key %s of column %d", i+1, safetext.Escape(keys[i]), j+1)
		}
		col[keys[i]] = i
	}
	var out [][]any
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, errors.New(safetext.Escape(err.Error()))
		}
		if len(out) >= MaxDesignPoints {
			return nil, nil, fmt.Errorf("has more than %d rows", MaxDesignPoints)
		}
		line, _ := r.FieldPos(0)
		vs := make([]any, len(keys))
		for j := range keys {
			cell := strings.TrimSpace(row[j])
			if cell == "" {
				return nil, nil, fmt.Errorf("line %d: the value of %s is empty", line, safetext.Escape(keys[j]))
			}
			vs[j] = schema.ParseScalar(cell)
			if vs[j] == nil {
				return nil, nil, fmt.Errorf("line %d: the value of %s is null (%s)", line, safetext.Escape(keys[j]), safetext.Escape(cell))
			}
		}
		out = append(out, vs)
	}
	return keys, out, nil
}
