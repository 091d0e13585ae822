package scenarios

import (
	"reflect"
	"strings"

	"github.com/agencysim/agencysim/schema"
)

// Variants loads many variants of one scenario — the same text with the
// same common overrides and then each variant's own — parsing, merging and
// decoding the text once (a sweep's arm at each of its design points).
//
// [Variants.Load] returns exactly what [LoadBytes] returns for the text
// with the common overrides followed by the variant's: the same scenario
// and hash, and the same errors. A variant whose overrides are plain key
// paths set to plain values is applied to a copy of the decoded scenario
// (schema.Patch) and validated; any other variant, and any variant that
// does not pass, is loaded in full by LoadBytes, so that what it returns
// and its error messages are LoadBytes' own. It is safe for concurrent use.
type Variants struct {
	name   string
	data   []byte
	common []Param
	base   *Loaded // nil if the text with the common overrides does not load
	err    error
	// setByParameterSets holds the keys the base's parameter sets set: a
	// variant that sets one is an error LoadBytes reports.
	setByParameterSets []string
}

// NewVariants loads the scenario text data (named name in messages) with
// the common overrides, once.
func NewVariants(name string, data []byte, common []Param) *Variants {
	v := &Variants{name: name, data: data, common: append([]Param(nil), common...)}
	v.base, v.err = LoadBytes(name, data, LoadOptions{Params: v.common})
	if v.base != nil {
		for _, n := range v.base.Scenario.ParameterSets {
			for k := range n.Set().Set {
				v.setByParameterSets = append(v.setByParameterSets, k)
			}
		}
		v.setByParameterSets = append(v.setByParameterSets, v.base.setByFiles...)
	}
	return v
}

// Base returns the scenario with the common overrides only.
func (v *Variants) Base() (*Loaded, error) { return v.base, v.err }

// Load returns the scenario with the common overrides and then params.
func (v *Variants) Load(params []Param) (*Loaded, error) {
	if s, ok := v.patch(params); ok {
		return &Loaded{Scenario: *s, Source: v.name, Hash: s.Hash(), setByFiles: v.base.setByFiles}, nil
	}
	return v.full(params)
}

// Check returns the error Load would return, faster (it does not hash
// the scenario).
func (v *Variants) Check(params []Param) error {
	if _, ok := v.patch(params); ok {
		return nil
	}
	_, err := v.full(params)
	return err
}

// patch applies params to a copy of the decoded base and validates it; it
// reports false if that is not possible or does not pass.
func (v *Variants) patch(params []Param) (*Scenario, bool) {
	if v.base == nil {
		return nil, false
	}
	tree, ok := v.patchTree(params)
	if !ok {
		return nil, false
	}
	s := v.base.Scenario
	copyShared(reflect.ValueOf(&s).Elem())
	if len(schema.Patch(tree, &s)) > 0 || len(s.Validate()) > 0 {
		return nil, false
	}
	return &s, true
}

// full loads the text with all overrides, as LoadBytes does.
func (v *Variants) full(params []Param) (*Loaded, error) {
	all := append(append([]Param(nil), v.common...), params...)
	return LoadBytes(v.name, v.data, LoadOptions{Params: all})
}

// patchTree turns params into a partial tree for schema.Patch, or reports
// that they need the full loader: list indices, values that are mappings
// or null (merged or dropped by the loader), paths that overlap, and keys
// parameter sets set.
func (v *Variants) patchTree(params []Param) (map[string]any, bool) {
	tree := map[string]any{}
	for _, p := range params {
		if p.Path == "" || strings.ContainsAny(p.Path, "[]") || p.Path != strings.ToLower(p.Path) || p.Path == "parameter_sets" || p.Path == "parameter_set_files" {
			return nil, false
		}
		switch p.Value.(type) {
		case nil, map[string]any:
			return nil, false
		}
		for _, k := range v.setByParameterSets {
			if k == p.Path || strings.HasPrefix(k, p.Path+".") || strings.HasPrefix(p.Path, k+".") {
				return nil, false
			}
		}
		parts := strings.Split(p.Path, ".")
		m := tree
		for i, key := range parts {
			if key == "" {
				return nil, false
			}
			if i == len(parts)-1 {
				if _, taken := m[key]; taken {
					return nil, false
				}
				m[key] = p.Value
				break
			}
			next, ok := m[key]
			if !ok {
				sub := map[string]any{}
				m[key] = sub
				m = sub
				continue
			}
			sub, isMap := next.(map[string]any)
			if !isMap {
				return nil, false
			}
			m = sub
		}
	}
	return tree, true
}

// copyShared replaces every slice and map under v (a copy of a decoded
// scenario) by a copy, so that nothing a variant patches or validates is
// shared with the base.
func copyShared(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				copyShared(f)
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			copyShared(c.Index(i))
		}
		v.Set(c)
	case reflect.Map:
		if v.IsNil() {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(iter.Value())
			copyShared(e)
			c.SetMapIndex(iter.Key(), e)
		}
		v.Set(c)
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := reflect.New(v.Elem().Type()).Elem()
		e.Set(v.Elem())
		copyShared(e)
		v.Set(e)
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		e := reflect.New(v.Type().Elem())
		e.Elem().Set(v.Elem())
		copyShared(e.Elem())
		v.Set(e)
	}
}
