package sweep

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// A Design makes the design points of a sweep from its vary section. Each
// design is one file of this package that registers itself (see
// register); vary.design names it, and the sweep file's documentation and
// checks list the registered designs. A design that screens parameters
// (their effects reported as a sensitivity table) implements [Screening]
// too.
type Design interface {
	// Name is the value of vary.design that selects the design.
	Name() string
	// Doc says in a few words what the design does, for the
	// documentation of vary.design.
	Doc() string
	// Points returns the varied keys, in column order, and the design
	// points; problems with the vary section go to in.Fail.
	Points(in *Input) (keys []string, points []Point)
	// At returns the sweep-file key that gives a varied key, for messages:
	// vary.params.<key>, or the file of a table design.
	At(key string) string
}

// Input is what a design reads: the vary section and where it is.
type Input struct {
	Vary     Vary
	Seed     int64         // the sweep's seed
	File     string        // the sweep file (a table design's file is relative to it)
	Scenario *schema.Field // the scenario format, to check the varied keys
	errs     schema.Errors
}

// Fail records a problem of the vary section: the key path, the value,
// what is wrong and what is allowed.
func (in *Input) Fail(path string, value any, problem, allowed string) {
	in.errs = append(in.errs, &schema.Error{Path: path, Value: value, Problem: problem, Allowed: allowed})
}

// Failed reports whether a problem was recorded.
func (in *Input) Failed() bool { return len(in.errs) > 0 }

// Errors returns the problems recorded, for a caller outside the package
// that checks a vary-like section with the designs' checks (calibrate's
// params).
func (in *Input) Errors() schema.Errors { return in.errs }

var designs = map[string]Design{}

// register adds a design to the registry; a package-level variable of each
// design's file calls it. Two designs of one name are a programming error.
func register(d Design) Design {
	if _, dup := designs[d.Name()]; dup {
		panic(fmt.Sprintf("sweep: design %q registered twice", d.Name()))
	}
	designs[d.Name()] = d
	return d
}

// Designs returns the registered designs, in name order.
func Designs() []Design {
	out := make([]Design, 0, len(designs))
	for _, d := range designs {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// DesignNamed returns the design vary.design names.
func DesignNamed(name string) (Design, bool) {
	d, ok := designs[name]
	return d, ok
}

// Design returns the plan's design (none when vary.design is empty, as in
// a Plan built by hand). A plan whose design is not registered (a results
// folder written by another version) is a programming error.
func (p *Plan) Design() Design {
	if p.Sweep.Vary.Design == "" {
		return none{}
	}
	d, ok := DesignNamed(p.Sweep.Vary.Design)
	if !ok {
		panic(fmt.Sprintf("sweep: the plan's design %q is not registered", p.Sweep.Vary.Design))
	}
	return d
}

// The documentation and the decoder's check of vary.design come from the
// registry.
func init() {
	f := schema.Describe(reflect.TypeOf(Sweep{})).Lookup("vary.design")
	var names, docs []string
	for _, d := range Designs() {
		names = append(names, d.Name())
		docs = append(docs, d.Name()+" ("+d.Doc()+")")
	}
	f.Enum = names
	f.Doc = "The design: " + strings.Join(docs, "; ") + "."
}

// designNames lists the designs for messages: "grid, lhs or morris".
func designNames(except string) string {
	var names []string
	for _, d := range Designs() {
		if d.Name() != except {
			names = append(names, d.Name())
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// buildDesign makes the plan's design points.
func buildDesign(sw Sweep, path string) ([]string, []Point, schema.Errors) {
	d, ok := DesignNamed(sw.Vary.Design)
	if !ok { // the decoder checks the name
		panic(fmt.Sprintf("sweep: design %q is not registered", sw.Vary.Design))
	}
	in := &Input{Vary: sw.Vary, Seed: sw.Seed, File: path, Scenario: schema.Describe(reflect.TypeOf(scenarios.Scenario{}))}
	keys, pts := d.Points(in)
	if in.Failed() {
		return nil, nil, in.errs
	}
	return keys, pts, nil
}

// params is the At of the designs whose keys are listed under vary.params.
type params struct{}

// At implements Design.
func (params) At(key string) string { return "vary.params." + key }

// Lists returns the parameters of vary.params, in key order, with their
// lists of values (at least one each, no nulls), checking that each is a
// scenario key that holds a single value.
func (in *Input) Lists() ([]string, [][]any) {
	return in.lists(false)
}

// Ranges returns the parameters of vary.params, in key order, with their
// [low, high] ranges, checking that each is a numeric scenario key, and
// whether each holds a whole number.
func (in *Input) Ranges() (keys []string, lo, hi []float64, integer []bool) {
	keys, vals := in.lists(true)
	for i, k := range keys {
		l, _ := schema.ToFloat(vals[i][0])
		h, _ := schema.ToFloat(vals[i][1])
		lo, hi = append(lo, l), append(hi, h)
		f := in.Scenario.Lookup(k) // nil for a key checkParam reported
		integer = append(integer, f != nil && f.Kind == schema.KindInt)
	}
	return keys, lo, hi, integer
}

func (in *Input) lists(ranges bool) ([]string, [][]any) {
	var keys []string
	var vals [][]any
	for _, lf := range leaves(in.Vary.Params, "") {
		list, ok := lf.value.([]any)
		if !ok || len(list) == 0 {
			allowed := "a list of values"
			if ranges {
				allowed = "a range: [low, high]"
			}
			in.Fail("vary.params."+lf.path, lf.value, "is not a list", allowed+" (vary.design "+in.Vary.Design+")")
			continue
		}
		in.checkParam(lf.path, "vary.params."+lf.path, ranges)
		null := false
		for i, x := range list {
			if x == nil {
				in.Fail(fmt.Sprintf("vary.params.%s[%d]", lf.path, i), nil, "is null", "a value (a design point leaves no key at the base value except in oat designs, for the keys it does not vary)")
				null = true
			}
		}
		if null {
			continue
		}
		if ranges {
			lo, ok1 := schema.ToFloat(list[0])
			hi, ok2 := schema.ToFloat(list[len(list)-1])
			if len(list) != 2 || !ok1 || !ok2 || !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
				in.Fail("vary.params."+lf.path, lf.value, "is not a range", "[low, high] with finite low < high")
				continue
			}
		}
		keys = append(keys, lf.path)
		vals = append(vals, list)
	}
	if len(keys) == 0 && !in.Failed() {
		in.Fail("vary.params", nil, "is empty", "at least one parameter")
	}
	return keys, vals
}

// checkParam reports a parameter path that is not a scenario key that
// holds a single value (numeric, when numeric is set).
func (in *Input) checkParam(key, at string, numeric bool) {
	f := in.Scenario.Lookup(key)
	switch {
	case f == nil:
		in.Fail(at, key, "is not a scenario key", "a key path from docs/scenario-reference.md, e.g. policies.outreach")
	case f.Kind == schema.KindObject || f.Kind == schema.KindFreeMap:
		first := ""
		if len(f.Fields) > 0 {
			first = f.Fields[0].Key
		}
		in.Fail(at, key, "is a section, not a single value", "a key path that holds one value, e.g. "+key+"."+first)
	case numeric && f.Kind != schema.KindInt && f.Kind != schema.KindFloat:
		in.Fail(at, key, "is not numeric", "a numeric key: vary.design "+in.Vary.Design+" varies ranges")
	}
}

// numberValue is a design value of a numeric key: x, rounded for a key
// that holds a whole number.
func numberValue(x float64, integer bool) any {
	if integer {
		return int(math.Round(x))
	}
	return x
}
