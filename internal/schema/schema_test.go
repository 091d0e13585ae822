package schema_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/schema"
)

type inner struct {
	A float64 `yaml:"a" default:"0.5" min:"0" max:"1" doc:"an a" source:"assumption"`
	B string  `yaml:"b" default:"x" enum:"x|y"`
}

type outer struct {
	N     int            `yaml:"n" default:"3" min:"1"`
	In    inner          `yaml:"in"`
	M     inner          `yaml:"m" default:"{a: 0.25, b: y}"`
	L     []inner        `yaml:"l" default:"[]"`
	Tags  []string       `yaml:"tags" default:"[x]" enum:"x|y"`
	Free  map[string]any `yaml:"free" default:"{}"`
	Flag  bool           `yaml:"flag" default:"true"`
	Embed `yaml:",inline"`
}

type Embed struct {
	E int `yaml:"e" default:"7"`
}

func TestDecodeDefaultsAndMerge(t *testing.T) {
	var o outer
	errs := schema.Decode(map[string]any{"m": map[string]any{"a": 0.75}, "l": []any{map[string]any{"b": "y"}}}, &o)
	require.Empty(t, errs)
	assert.Equal(t, 3, o.N)
	assert.Equal(t, inner{0.5, "x"}, o.In)
	assert.Equal(t, inner{0.75, "y"}, o.M, "a partial mapping keeps the other default keys")
	assert.Equal(t, []inner{{0.5, "y"}}, o.L, "list elements take their defaults")
	assert.Equal(t, []string{"x"}, o.Tags)
	assert.True(t, o.Flag)
	assert.Equal(t, 7, o.E, "inline fields are decoded at the parent level")
}

func TestPatchLeavesAbsentKeys(t *testing.T) {
	var o outer
	schema.Defaults(&o)
	o.N = 9
	require.Empty(t, schema.Patch(map[string]any{"in": map[string]any{"b": "y"}}, &o))
	assert.Equal(t, 9, o.N)
	assert.Equal(t, inner{0.5, "y"}, o.In)
	errs := schema.Patch(map[string]any{"in": map[string]any{"a": 2}}, &o)
	require.Len(t, errs, 1)
	assert.Equal(t, "in.a", errs[0].Path)
	assert.Equal(t, 0.5, o.In.A, "a rejected value is not stored")
}

func TestDecodeErrors(t *testing.T) {
	var o outer
	errs := schema.Decode(map[string]any{
		"n": 0, "tags": []any{"z"}, "flag": "true", "free": 3, "in": "no", "x": 1, "l": []any{7},
	}, &o)
	msgs := map[string]string{}
	for _, e := range errs {
		msgs[e.Path] = e.Error()
	}
	assert.Contains(t, msgs["n"], "0 is out of range; allowed: a whole number of at least 1")
	assert.Contains(t, msgs["tags[0]"], `"z" is not an allowed value; allowed: one of x, y`)
	assert.Contains(t, msgs["flag"], `"true" is not true or false`)
	assert.Contains(t, msgs["free"], "3 is not a mapping")
	assert.Contains(t, msgs["in"], `"no" is not a mapping`)
	assert.Contains(t, msgs["x"], "is not a known key")
	assert.Contains(t, msgs["l[0]"], "7 is not a mapping")
	assert.Len(t, errs, 7)
	assert.Error(t, errs.Err())
	assert.NoError(t, schema.Errors(nil).Err())
}

func TestDescribeAndLookup(t *testing.T) {
	f := schema.Describe(reflect.TypeOf(outer{}))
	a := f.Lookup("l[3].a")
	require.NotNil(t, a)
	assert.Equal(t, "l[].a", a.Path)
	assert.Equal(t, "an a", a.Doc)
	assert.Equal(t, "a number from 0 to 1", a.Allowed())
	assert.Nil(t, f.Lookup("in.zz"))
	assert.Nil(t, f.Lookup("n.x"))
	require.NotNil(t, f.Lookup("e"))
	n := 0
	f.Walk(func(*schema.Field) { n++ })
	assert.Greater(t, n, 10)
	table := schema.MarkdownTable(f, "")
	assert.Contains(t, table, "| `in.a` | number | `0.5` | a number from 0 to 1 |  | an a | assumption |")
	assert.Contains(t, table, "| `m` | mapping | `{a: 0.25, b: y}`")
}

func TestParseScalar(t *testing.T) {
	assert.Equal(t, 3, schema.ParseScalar("3"))
	assert.Equal(t, 0.5, schema.ParseScalar("0.5"))
	assert.Equal(t, true, schema.ParseScalar("true"))
	assert.Equal(t, "never", schema.ParseScalar("never"))
	assert.Equal(t, []any{"a", "b"}, schema.ParseScalar("[a, b]"))
	assert.Equal(t, "{unclosed", schema.ParseScalar("{unclosed"))
}

func TestMalformedTagsPanic(t *testing.T) {
	type badBound struct {
		X int `yaml:"x" min:"low"`
	}
	type noKey struct {
		X int
	}
	type badDefault struct {
		X int `yaml:"x" default:"[1"`
	}
	assert.PanicsWithValue(t, `schema: x: bad bound "low"`, func() { schema.Describe(reflect.TypeOf(badBound{})) })
	assert.Panics(t, func() { schema.Describe(reflect.TypeOf(noKey{})) })
	assert.Panics(t, func() { schema.Describe(reflect.TypeOf(badDefault{})) })
	assert.Panics(t, func() { schema.Decode(nil, outer{}) }, "not a pointer")
}
