package schema

import (
	"regexp"
	"slices"
	"strings"
)

// JSONPointer returns the JSON Pointer (RFC 6901), within the tree of
// [JSONSchemaTree], of the schema of the field at a path such as
// "policies.detainers" or "city.districts[].population" (a list index, [N]
// or [], points at the list's items). The path is not checked; the root's
// pointer is "".
func JSONPointer(path string) string {
	var b strings.Builder
	for i, key := range strings.Split(path, ".") {
		if path == "" && i == 0 {
			break
		}
		name, rest, _ := strings.Cut(key, "[")
		b.WriteString("/properties/" + escapePointer(name))
		for ; rest != ""; _, rest, _ = strings.Cut(rest, "[") {
			b.WriteString("/items")
		}
	}
	return b.String()
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Overrides says which keys an override mapping may set (see
// [OverrideSchema]).
type Overrides struct {
	// Sections are the top-level keys whose keys may be set; nil: all.
	Sections []string
	// Exclude are key paths that may not be set (nor keys below them).
	Exclude []string
	// Indexed allows paths through list items (city.districts[2].population),
	// and any path below a free mapping, as [Field.CheckPath] does.
	Indexed bool
	// Value, if not nil, gives the schema of the value of the key of field
	// f, whose own schema is at ref; it returns nil to leave the key out.
	// Default: {"$ref": ref}.
	Value func(f *Field, ref string) map[string]any
}

// OverrideSchema returns the JSON Schema of a mapping of overrides of the
// format f describes, keys in nested or dotted form: each key is a key path
// of f, written out in properties (so that editors complete them), or
// matched by a pattern for paths through list items; its value is checked
// by a reference to the schema of that key, at base (a JSON Pointer
// fragment such as "#" or "#/$defs/scenario") followed by [JSONPointer].
// Anything else is not allowed. A key given nested (policies: {detainers:
// never}) is checked by the schema of its section.
func OverrideSchema(f *Field, base string, o Overrides) map[string]any {
	value := o.Value
	if value == nil {
		value = func(_ *Field, ref string) map[string]any { return map[string]any{"$ref": ref} }
	}
	props := map[string]any{}
	patterns := map[string]any{}
	var walk func(c *Field, path, pattern string)
	walk = func(c *Field, path, pattern string) {
		if slices.ContainsFunc(o.Exclude, func(x string) bool { return x == path || strings.HasPrefix(path, x+".") }) {
			return
		}
		if v := value(c, base+JSONPointer(path)); v != nil {
			if pattern == "" {
				props[path] = v
			} else {
				patterns["^"+pattern+"$"] = v
			}
		}
		sub := func(key string) (string, string) {
			if pattern == "" {
				return path + "." + key, ""
			}
			return path + "." + key, pattern + `\.` + regexp.QuoteMeta(key)
		}
		switch c.Kind {
		case KindObject:
			for _, k := range c.Fields {
				p, pat := sub(k.Key)
				walk(k, p, pat)
			}
		case KindArray:
			if !o.Indexed {
				return
			}
			pat := pattern
			if pat == "" {
				pat = regexp.QuoteMeta(path)
			}
			walk(c.Elem, path+"[]", pat+indexPattern)
		case KindFreeMap:
			if o.Indexed {
				pat := pattern
				if pat == "" {
					pat = regexp.QuoteMeta(path)
				}
				patterns["^"+pat+`\..+$`] = true
			}
		}
	}
	for _, c := range f.Fields {
		if o.Sections == nil || slices.Contains(o.Sections, c.Key) {
			walk(c, c.Key, "")
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(patterns) > 0 {
		s["patternProperties"] = patterns
	}
	return s
}

// indexPattern matches a list index as [SplitPath] accepts it.
const indexPattern = `\[(0|[1-9][0-9]{0,9})\]`

// KeyPaths returns the dotted key paths of the fields below f for which
// keep returns true, in declaration order, depth first, not through lists.
func KeyPaths(f *Field, keep func(*Field) bool) []string {
	var out []string
	var walk func(c *Field, path string)
	walk = func(c *Field, path string) {
		if keep(c) {
			out = append(out, path)
		}
		for _, k := range c.Fields {
			walk(k, path+"."+k.Key)
		}
	}
	for _, c := range f.Fields {
		walk(c, c.Key)
	}
	return out
}

// AddDottedKeys adds to every mapping of tree (the [JSONSchemaTree] of f,
// at base in its document) that is not inside a list the keys below it in
// dotted form ("detainers" and "oversight" under policies; under the root
// also "policies.detainers"), each a reference to the schema of its key, as
// a loader that reads dotted keys at any level accepts them.
func AddDottedKeys(tree map[string]any, f *Field, base string) {
	var walk func(s map[string]any, c *Field, path string)
	walk = func(s map[string]any, c *Field, path string) {
		if c.Kind != KindObject {
			return
		}
		props := s["properties"].(map[string]any)
		for _, k := range c.Fields {
			sub, _ := props[k.Key].(map[string]any)
			p := k.Key
			if path != "" {
				p = path + "." + k.Key
			}
			for _, d := range KeyPaths(k, func(*Field) bool { return true }) {
				props[k.Key+"."+d] = map[string]any{"$ref": base + JSONPointer(p+"."+d)}
			}
			if sub != nil {
				walk(sub, k, p)
			}
		}
	}
	walk(tree, f, "")
}
