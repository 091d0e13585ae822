package schema_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/schema"
)

func TestJSONPointer(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]string{
		"":                            "",
		"policies":                    "/properties/policies",
		"policies.detainers":          "/properties/policies/properties/detainers",
		"city.districts[].population": "/properties/city/properties/districts/items/properties/population",
		"a.b[2][0].c":                 "/properties/a/properties/b/items/items/properties/c",
		"x~y/z":                       "/properties/x~0y~1z",
	} {
		assert.Equal(t, want, schema.JSONPointer(path), path)
	}
	// Every pointer resolves in the tree to the schema of its field.
	f := schema.Describe(reflect.TypeOf(outer{}))
	tree := schema.JSONSchemaTree(f)
	for p, typ := range map[string]string{"n": "integer", "in.a": "number", "l[].b": "string", "tags[]": "string", "free": "object"} {
		assert.Equal(t, typ, resolve(t, tree, schema.JSONPointer(p))["type"], p)
	}
}

// resolve follows a JSON Pointer of property names and "items".
func resolve(t *testing.T, tree map[string]any, ptr string) map[string]any {
	t.Helper()
	js, err := json.Marshal(tree)
	require.NoError(t, err)
	var cur any
	require.NoError(t, json.Unmarshal(js, &cur))
	for _, part := range splitPointer(ptr) {
		m, ok := cur.(map[string]any)
		require.True(t, ok, "%s at %s", ptr, part)
		cur = m[part]
	}
	m, _ := cur.(map[string]any)
	return m
}

func splitPointer(p string) []string {
	var out []string
	cur := ""
	for i := 1; i < len(p); i++ {
		if p[i] == '/' {
			out = append(out, cur)
			cur = ""
			continue
		}
		cur += string(p[i])
	}
	if p != "" {
		out = append(out, cur)
	}
	return out
}

func TestOverrideSchema(t *testing.T) {
	t.Parallel()
	f := schema.Describe(reflect.TypeOf(outer{}))
	s := schema.OverrideSchema(f, "#/$defs/x", schema.Overrides{Sections: []string{"in", "l", "free"}, Exclude: []string{"in.b"}, Indexed: true})
	js, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"type": "object", "additionalProperties": false,
		"properties": {
			"in": {"$ref": "#/$defs/x/properties/in"},
			"in.a": {"$ref": "#/$defs/x/properties/in/properties/a"},
			"l": {"$ref": "#/$defs/x/properties/l"},
			"free": {"$ref": "#/$defs/x/properties/free"}
		},
		"patternProperties": {
			"^l\\[(0|[1-9][0-9]{0,9})\\]$": {"$ref": "#/$defs/x/properties/l/items"},
			"^l\\[(0|[1-9][0-9]{0,9})\\]\\.a$": {"$ref": "#/$defs/x/properties/l/items/properties/a"},
			"^l\\[(0|[1-9][0-9]{0,9})\\]\\.b$": {"$ref": "#/$defs/x/properties/l/items/properties/b"},
			"^free\\..+$": true
		}
	}`, string(js))

	// Without Indexed, no list items and nothing below a free mapping; a
	// Value function gives the values and leaves keys out.
	s = schema.OverrideSchema(f, "#", schema.Overrides{Sections: []string{"m", "l", "free"},
		Value: func(c *schema.Field, ref string) map[string]any {
			if c.Kind == schema.KindFreeMap {
				return nil
			}
			return map[string]any{"kind": string(c.Kind), "ref": ref}
		}})
	js, err = json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"type": "object", "additionalProperties": false,
		"properties": {
			"m": {"kind": "object", "ref": "#/properties/m"},
			"m.a": {"kind": "number", "ref": "#/properties/m/properties/a"},
			"m.b": {"kind": "string", "ref": "#/properties/m/properties/b"},
			"l": {"kind": "array", "ref": "#/properties/l"}
		}
	}`, string(js))
}

func TestAddDottedKeysAndKeyPaths(t *testing.T) {
	t.Parallel()
	type deep struct {
		In inner `yaml:"in"`
		X  int   `yaml:"x"`
	}
	type top struct {
		D deep    `yaml:"d"`
		L []inner `yaml:"l"`
	}
	f := schema.Describe(reflect.TypeOf(top{}))
	assert.Equal(t, []string{"d", "d.in", "d.in.a", "d.in.b", "d.x", "l"}, schema.KeyPaths(f, func(*schema.Field) bool { return true }))
	assert.Equal(t, []string{"d.in.a", "d.x"}, schema.KeyPaths(f, func(c *schema.Field) bool { return c.Kind == schema.KindFloat || c.Kind == schema.KindInt }))

	tree := schema.JSONSchemaTree(f)
	schema.AddDottedKeys(tree, f, "#")
	keys := func(s map[string]any) []string {
		var out []string
		for k := range s["properties"].(map[string]any) {
			out = append(out, k)
		}
		return out
	}
	assert.ElementsMatch(t, []string{"d", "l", "d.in", "d.in.a", "d.in.b", "d.x"}, keys(tree))
	d := resolve(t, tree, "/properties/d")
	assert.ElementsMatch(t, []string{"in", "x", "in.a", "in.b"}, keys(d))
	assert.Equal(t, "#/properties/d/properties/in/properties/a", d["properties"].(map[string]any)["in.a"].(map[string]any)["$ref"])
	assert.ElementsMatch(t, []string{"a", "b"}, keys(resolve(t, tree, "/properties/l/items")), "not inside lists")
}
