package docgen

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/calibrate"
	"github.com/agencysim/agencysim/sweep/search"
)

// Formats are the file formats with a JSON Schema: the scenario, the
// sweep file, the calibrate file and the search file.
var Formats = []string{"scenario", "sweep", "calibrate", "search"}

// Format returns the description of a format in [Formats] (the Go type its
// loader decodes into). It panics on an unknown format.
func Format(format string) *schema.Field {
	switch format {
	case "scenario":
		return scenarioFormat
	case "sweep":
		return schema.Describe(reflect.TypeOf(sweep.Sweep{}))
	case "calibrate":
		return calibrate.Format()
	case "search":
		return schema.Describe(reflect.TypeOf(search.Spec{}))
	}
	panic(fmt.Sprintf("docgen: unknown format %q", format))
}

var scenarioFormat = schema.Describe(reflect.TypeOf(scenarios.Scenario{}))

// Schema returns the JSON Schema of a format in [Formats], generated from
// the Go type its loader decodes into, so the two cannot drift, with the
// rules of its loader that a schema can state: the keys the loader
// requires, and, where a file names scenario keys or metrics (a timeline
// entry's set, a sweep's arms and metrics, a calibrate file's set and
// params, a search's genes and objectives), those keys checked against the
// scenario format and the metric catalogue. A schema that names scenario
// keys holds the scenario schema under $defs.scenario. It panics on an
// unknown format.
func Schema(format string) []byte {
	var s map[string]any
	switch format {
	case "scenario":
		s = scenarioSchema("#")
	case "sweep":
		s = sweepSchema()
	case "calibrate":
		s = calibrateSchema()
	case "search":
		s = searchSchema()
	default:
		panic(fmt.Sprintf("docgen: unknown format %q", format))
	}
	js, err := schema.JSONDocument(s, "https://github.com/agencysim/agencysim/docs/"+format+".schema.json", "agencysim "+format)
	if err != nil {
		panic("docgen: " + err.Error()) // the types are fixed: unreachable
	}
	return append(js, '\n')
}

// at returns the schema at a path of property names (and "[]" for a list's
// items) below s; it panics if there is none (the types are fixed).
func at(s map[string]any, path ...string) map[string]any {
	for _, p := range path {
		var next any
		if p == "[]" {
			next = s["items"]
		} else {
			props, _ := s["properties"].(map[string]any)
			next = props[p]
		}
		m, ok := next.(map[string]any)
		if !ok {
			panic(fmt.Sprintf("docgen: no schema at %v", path))
		}
		s = m
	}
	return s
}

// refine replaces the type constraints of s with those of with, keeping
// s's description and default.
func refine(s, with map[string]any) {
	for _, k := range []string{"type", "properties", "additionalProperties", "patternProperties", "items", "enum"} {
		delete(s, k)
	}
	for k, v := range with {
		s[k] = v
	}
}

// scenarioSchema is the scenario schema, its references relative to base
// (the fragment where the schema sits in its document).
//
// The loader requires a city (agents.Config.Validate): city.districts with
// at least one district, or city.grid with rows and cols of at least 1, not
// both. A parameter set file may set city keys, so the rule holds for files
// that name none. Timeline entries set keys of the sections a change may
// touch (agents.ChangeSections), nested or dotted.
func scenarioSchema(base string) map[string]any {
	s := schema.JSONSchemaTree(scenarioFormat)
	refine(at(s, "timeline", "[]", "set"), schema.OverrideSchema(scenarioFormat, base, schema.Overrides{Sections: agents.ChangeSections}))
	schema.AddDottedKeys(s, scenarioFormat, base)
	districts := map[string]any{
		"required": []string{"districts"},
		"properties": map[string]any{
			"districts": map[string]any{"type": "array", "minItems": 1},
			"grid":      map[string]any{"type": "object", "properties": map[string]any{"rows": map[string]any{"const": 0}, "cols": map[string]any{"const": 0}}},
		},
	}
	grid := map[string]any{
		"required": []string{"grid"},
		"properties": map[string]any{
			"districts": map[string]any{"type": "array", "maxItems": 0},
			"grid": map[string]any{
				"type":       "object",
				"required":   []string{"rows", "cols"},
				"properties": map[string]any{"rows": map[string]any{"type": "integer", "minimum": 1}, "cols": map[string]any{"type": "integer", "minimum": 1}},
			},
		},
	}
	s["if"] = map[string]any{"not": map[string]any{
		"required":   []string{"parameter_set_files"},
		"properties": map[string]any{"parameter_set_files": map[string]any{"type": "array", "minItems": 1}},
	}}
	s["then"] = map[string]any{
		"required":   []string{"city"},
		"properties": map[string]any{"city": map[string]any{"type": "object", "anyOf": []any{districts, grid}}},
	}
	return s
}

// withScenario adds the scenario schema to s under $defs.scenario and
// returns the fragment references into it start with.
func withScenario(s map[string]any) string {
	s["$defs"] = map[string]any{"scenario": scenarioSchema("#/$defs/scenario")}
	return "#/$defs/scenario"
}

// overrides is the schema of a mapping of scenario overrides (nested or
// dotted keys, list items by index) that may not set the excluded keys.
func overrides(base string, exclude ...string) map[string]any {
	return schema.OverrideSchema(scenarioFormat, base, schema.Overrides{Exclude: exclude, Indexed: true})
}

// paramLists is the schema of a design's parameters: scenario keys (nested
// or dotted) but the excluded ones → a non-empty list, of values of the key
// (ranges: numbers).
func paramLists(base string, ranges bool, exclude ...string) map[string]any {
	return schema.OverrideSchema(scenarioFormat, base, schema.Overrides{Exclude: exclude, Indexed: true,
		Value: func(f *schema.Field, ref string) map[string]any {
			switch {
			case f.Kind == schema.KindObject:
				return map[string]any{"type": "object"} // nested: its leaves are checked by the loader
			case ranges && f.Kind != schema.KindInt && f.Kind != schema.KindFloat:
				return nil
			case ranges:
				return map[string]any{"type": "array", "minItems": 2, "maxItems": 2, "items": map[string]any{"type": "number"}}
			case f.Kind == schema.KindArray || f.Kind == schema.KindFreeMap:
				return map[string]any{"type": "array", "minItems": 1}
			}
			return map[string]any{"type": "array", "minItems": 1, "items": map[string]any{"$ref": ref}}
		}})
}

// metricEnum is the schema of a metric key among keys.
func metricEnum(keys []string) map[string]any {
	return map[string]any{"type": "string", "enum": keys}
}

// sweepSchema: arms are required (at least one), each a mapping of
// scenario overrides (not seed); metrics and until_ci.metric are metrics
// of the catalogue (sweep.MetricKeys); vary.params names scenario keys.
func sweepSchema() map[string]any {
	s := schema.JSONSchemaTree(Format("sweep"))
	base := withScenario(s)
	arm := overrides(base, "seed")
	arm["type"] = []string{"object", "null"}
	refine(at(s, "arms"), map[string]any{
		"type":                 "object",
		"minProperties":        1,
		"maxProperties":        sweep.MaxArms,
		"propertyNames":        map[string]any{"pattern": `^[a-z0-9][a-z0-9_-]*$`, "maxLength": 64},
		"additionalProperties": arm,
	})
	s["required"] = []string{"arms"}
	// Days above 0 replace the base scenario's: no arm sets them. Under
	// fork_day the arms set only what a timeline entry may change.
	armsOnly := func(arm map[string]any) map[string]any {
		return map[string]any{"properties": map[string]any{"arms": map[string]any{"type": "object", "additionalProperties": arm}}}
	}
	above0 := func(key string) map[string]any {
		return map[string]any{"required": []string{key}, "properties": map[string]any{key: map[string]any{"type": "number", "exclusiveMinimum": 0}}}
	}
	changeable := `^(` + strings.Join(agents.ChangeSections, "|") + `)(\.|$)`
	s["allOf"] = []any{
		map[string]any{"if": above0("days"), "then": armsOnly(map[string]any{"type": []string{"object", "null"}, "properties": map[string]any{"days": false}})},
		map[string]any{"if": above0("fork_day"), "then": armsOnly(map[string]any{"type": []string{"object", "null"}, "propertyNames": map[string]any{"pattern": changeable}})},
	}
	metrics := sweep.MetricKeys()
	refine(at(s, "metrics", "[]"), metricEnum(metrics))
	refine(at(s, "until_ci", "metric"), metricEnum(append([]string{""}, metrics...)))
	refine(at(s, "vary", "params"), paramLists(base, false, "seed"))
	return s
}

// calibrateSchema: set is a mapping of scenario overrides (not seed or
// days); params are numeric scenario keys → [low, high].
func calibrateSchema() map[string]any {
	s := schema.JSONSchemaTree(Format("calibrate"))
	base := withScenario(s)
	refine(at(s, "set"), overrides(base, "seed", "days"))
	refine(at(s, "params"), paramLists(base, true, "seed", "days"))
	return s
}

// searchSchema: genes and objectives are required (at least one each);
// a gene's key is an enum, boolean or number key of the scenario (not
// seed or days), an objective's metric a metric of the run record.
func searchSchema() map[string]any {
	s := schema.JSONSchemaTree(Format("search"))
	levers := schema.KeyPaths(scenarioFormat, func(f *schema.Field) bool {
		return f.Kind == schema.KindBool || f.Kind == schema.KindInt || f.Kind == schema.KindFloat ||
			(f.Kind == schema.KindString && len(f.Enum) > 0)
	})
	levers = slices.DeleteFunc(levers, func(k string) bool { return k == "seed" || k == "days" })
	refine(at(s, "genes", "[]", "key"), map[string]any{"type": "string", "enum": levers})
	var record []string
	for _, m := range agents.Metrics() {
		record = append(record, m.Key)
	}
	refine(at(s, "objectives", "[]", "metric"), metricEnum(record))
	for _, k := range []string{"genes", "objectives"} {
		at(s, k)["minItems"] = 1
	}
	s["required"] = []string{"genes", "objectives"}
	return s
}
