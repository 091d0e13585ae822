package schema

import (
	"encoding/json"
	"strings"
)

// JSONSchema returns a JSON Schema (draft 2020-12) of the format described
// by f, with descriptions, defaults, ranges and enumerations, and no
// additional properties allowed. Editors use it to complete and check files.
func JSONSchema(f *Field, id, title string) ([]byte, error) {
	return JSONDocument(JSONSchemaTree(f), id, title)
}

// JSONSchemaTree returns the JSON Schema of f as a tree of maps, for a
// format that adds constraints of its own (required keys, checked
// override mappings: see [OverrideSchema]) before [JSONDocument] writes it.
// The schema of the field at a path is at [JSONPointer] of the path.
func JSONSchemaTree(f *Field) map[string]any { return jsonSchema(f) }

// JSONDocument writes a schema tree as a JSON Schema document (draft
// 2020-12) with the given $id (if not empty) and title.
func JSONDocument(s map[string]any, id, title string) ([]byte, error) {
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	if id != "" {
		s["$id"] = id
	}
	s["title"] = title
	return json.MarshalIndent(s, "", "  ")
}

func jsonSchema(f *Field) map[string]any {
	s := map[string]any{}
	desc := f.Doc
	if f.Unit != "" {
		desc += " Unit: " + f.Unit + "."
	}
	if f.Source != "" {
		desc += " Default from: " + sourceWithGrade(f) + "."
	}
	if desc != "" {
		s["description"] = strings.TrimSpace(desc)
	}
	if f.Default != "" {
		if v, err := parseYAML(f.Default); err == nil {
			s["default"] = v
		}
	}
	switch f.Kind {
	case KindBool:
		s["type"] = "boolean"
	case KindInt:
		s["type"] = "integer"
	case KindFloat:
		s["type"] = "number"
	case KindString:
		s["type"] = "string"
		if len(f.Enum) > 0 {
			s["enum"] = f.Enum
		}
	case KindObject:
		s["type"] = "object"
		props := map[string]any{}
		for _, c := range f.Fields {
			props[c.Key] = jsonSchema(c)
		}
		s["properties"] = props
		s["additionalProperties"] = false
	case KindArray:
		s["type"] = "array"
		s["items"] = jsonSchema(f.Elem)
		if f.MaxItems > 0 {
			s["maxItems"] = f.MaxItems
		}
	case KindFreeMap:
		s["type"] = "object"
	}
	if f.Min != nil {
		s["minimum"] = *f.Min
	}
	if f.Max != nil {
		s["maximum"] = *f.Max
	}
	return s
}
