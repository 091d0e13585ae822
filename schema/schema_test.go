package schema_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/schema"
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
	assert.Equal(t, 3, schema.ParseScalar("3"))
	assert.Equal(t, 0.5, schema.ParseScalar("0.5"))
	assert.Equal(t, true, schema.ParseScalar("true"))
	assert.Equal(t, "never", schema.ParseScalar("never"))
	assert.Equal(t, []any{"a", "b"}, schema.ParseScalar("[a, b]"))
	assert.Equal(t, "{unclosed", schema.ParseScalar("{unclosed"))
}

func TestMalformedTagsPanic(t *testing.T) {
	t.Parallel()
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

type limited struct {
	L    []inner        `yaml:"l" default:"[]" maxitems:"2"`
	Tags []string       `yaml:"tags" default:"[x]" enum:"x|y" maxitems:"3"`
	N    float64        `yaml:"n" default:"3"`
	M    inner          `yaml:"m" default:"{a: 0.25, b: y}"`
	In   inner          `yaml:"in"`
	Free map[string]any `yaml:"free" default:"{}"`
}

func TestMaxItems(t *testing.T) {
	t.Parallel()
	var o limited
	require.Empty(t, schema.Decode(map[string]any{"l": []any{map[string]any{}, map[string]any{}}, "tags": []any{"x", "y", "x"}}, &o))
	assert.Len(t, o.L, 2)
	errs := schema.Decode(map[string]any{"l": []any{1, 2, 3}, "tags": []any{"x", "y", "x", "y"}}, &o)
	require.Len(t, errs, 2, "the items of a list that is too long are not decoded")
	assert.Equal(t, "l: has 3 items; allowed: at most 2 items", errs[0].Error())
	assert.Equal(t, "tags: has 4 items; allowed: at most 3 items", errs[1].Error())

	f := schema.Describe(reflect.TypeOf(limited{}))
	assert.Equal(t, "a list of at most 3 items, each one of x, y", f.Lookup("tags").Allowed())
	table := schema.MarkdownTable(f, "")
	assert.Contains(t, table, "| `l` | list | `[]` | a list of at most 2 mappings (keys below) |")
	assert.Contains(t, table, "a list of at most 3 items, each one of x, y")
	js, err := schema.JSONSchema(f, "", "t")
	require.NoError(t, err)
	assert.Contains(t, string(js), `"maxItems": 2`)
	assert.Contains(t, string(js), `"maxItems": 3`)

	type badMax struct {
		L []int `yaml:"l" maxitems:"0"`
	}
	type maxOnScalar struct {
		N int `yaml:"n" maxitems:"3"`
	}
	assert.PanicsWithValue(t, `schema: l: bad maxitems "0" (want a positive whole number on a list)`, func() { schema.Describe(reflect.TypeOf(badMax{})) })
	assert.Panics(t, func() { schema.Describe(reflect.TypeOf(maxOnScalar{})) })
}

// A key with no value is an error for a value or a list; a section with no
// value gives no keys; an empty list is a list.
func TestKeysWithNoValue(t *testing.T) {
	t.Parallel()
	for _, empty := range []any{nil, map[string]any{}, []any{}} {
		var o limited
		errs := schema.Decode(map[string]any{"n": empty}, &o)
		require.Len(t, errs, 1, "%#v", empty)
		assert.Equal(t, "n: has no value; allowed: a number — remove the key to use the default 3", errs[0].Error())
	}
	for _, empty := range []any{nil, map[string]any{}} {
		var o limited
		errs := schema.Decode(map[string]any{"tags": empty}, &o)
		require.Len(t, errs, 1)
		assert.Equal(t, "tags: has no value; allowed: a list of at most 3 items, each one of x, y — remove the key to use the default [x]", errs[0].Error())
	}
	var o limited
	require.Empty(t, schema.Decode(map[string]any{"tags": []any{}}, &o))
	assert.Empty(t, o.Tags, "an empty list is kept, not replaced by the default")

	for _, empty := range []any{nil, map[string]any{}} {
		var o limited
		require.Empty(t, schema.Decode(map[string]any{"m": empty, "in": empty, "free": empty}, &o))
		assert.Equal(t, inner{0.25, "y"}, o.M, "a section with no value keeps its default mapping")
		assert.Equal(t, inner{0.5, "x"}, o.In)
		assert.NotNil(t, o.Free)
	}
	errs := schema.Decode(map[string]any{"m": map[string]any{"a": nil}}, &o)
	require.Len(t, errs, 1)
	assert.Equal(t, "m.a: has no value; allowed: a number from 0 to 1 — remove the key to use the default 0.25", errs[0].Error(), "the default comes from the enclosing mapping")

	errs = schema.Decode(map[string]any{"l": []any{nil}, "tags": []any{"x", nil}}, &o)
	require.Len(t, errs, 2)
	assert.Contains(t, errs[0].Error(), "l[0]: has no value")
	assert.Contains(t, errs[1].Error(), "tags[1]: has no value")

	schema.Defaults(&o)
	errs = schema.Patch(map[string]any{"n": nil}, &o)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "n: has no value; allowed: a number — remove the key to leave the value unchanged")
	assert.Equal(t, 3.0, o.N)
}

// Defaults are parsed once but every decoded value gets its own copy.
func TestDefaultsAreNotShared(t *testing.T) {
	t.Parallel()
	var a, b outer
	schema.Defaults(&a)
	schema.Defaults(&b)
	a.Free["k"] = 1
	a.Tags[0] = "y"
	assert.Empty(t, b.Free)
	assert.Equal(t, []string{"x"}, b.Tags)
}

func TestSplitPath(t *testing.T) {
	t.Parallel()
	good := map[string][]any{
		"a":                          {"a"},
		"a.b_c.d-e":                  {"a", "b_c", "d-e"},
		"a.b[2].c":                   {"a", "b", 2, "c"},
		"a[0][10]":                   {"a", 0, 10},
		"city.districts[2147483647]": {"city", "districts", 2147483647},
		"x1.2y":                      {"x1", "2y"},
	}
	for p, want := range good {
		got, err := schema.SplitPath(p)
		require.NoError(t, err, p)
		assert.Equal(t, want, got, p)
	}
	bad := map[string]string{
		"":                        "is empty",
		".a":                      "begins with a dot",
		"a.":                      "ends with a dot",
		"a..b":                    "has an empty key before the dot at character 3",
		"a[99999999999999999999]": "has the index [99999999999999999999], which is not a list index",
		"a[2147483648]":           "has the index [2147483648], which is not a list index",
		"a[0x1]":                  "has the index [0x1], which is not a list index",
		"a[-1]":                   "has the index [-1], which is not a list index",
		"a[+1]":                   "has the index [+1], which is not a list index",
		"a[01]":                   "has the index [01], which is not a list index",
		"a[ 1]":                   "has the index [ 1], which is not a list index",
		"a[]":                     "has the index [], which is not a list index",
		"a[1]b":                   `has "b" right after the index [1]`,
		"a.[1]":                   "has the index [1] after a dot",
		"[1]":                     "begins with an index",
		"a[1":                     `has an unclosed "[" at character 2`,
		"a]":                      `has a "]" without "["`,
		"A.b":                     `has the key "A", which is not lower case`,
		"a.b c":                   `has the key "b c", which holds a space`,
		"a\x1b":                   `has the key "a\x1b", which holds a control character`,
		"a/b":                     `has the key "a/b", which holds '/'`,
	}
	for p, want := range bad {
		_, err := schema.SplitPath(p)
		require.Error(t, err, p)
		assert.True(t, strings.HasPrefix(err.Error(), want), "%s: %s", p, err)
	}
}

func TestCheckPath(t *testing.T) {
	t.Parallel()
	f := schema.Describe(reflect.TypeOf(outer{}))
	for _, p := range []string{"n", "in.a", "l[3].b", "tags[0]", "free.anything.below[2]", "e"} {
		assert.Nil(t, f.CheckPath(p), p)
	}
	for p, want := range map[string]string{
		"nn":        "nn: is not a known key; allowed: n, in, m, l, tags, free, flag, e (did you mean n or in?)",
		"in.zz":     "in.zz: is not a known key; allowed: a, b",
		"n.x":       `n: is not a mapping, so it has no key "x"; allowed: a whole number of at least 1`,
		"n[0]":      "n: is not a list, so it has no item [0]; allowed: a whole number of at least 1",
		"l[0].zz":   "l[0].zz: is not a known key; allowed: a, b",
		"tags[0].x": `tags[0]: is not a mapping, so it has no key "x"; allowed: one of x, y`,
		"in..a":     "in..a: has an empty key before the dot at character 4; allowed: keys of lower-case letters",
	} {
		e := f.CheckPath(p)
		require.NotNil(t, e, p)
		assert.True(t, strings.HasPrefix(e.Error(), want), "%s: %s", p, e.Error())
	}
	assert.NotNil(t, f.Lookup("l[].a"), "Lookup accepts [] for any item")
	assert.Nil(t, f.Lookup("l[0x1].a"))
}

// Errors print user text escaped: a path, value or place holding control
// characters cannot drive the terminal.
func TestErrorsAreEscaped(t *testing.T) {
	t.Parallel()
	e := &schema.Error{Path: "a\x1b[2J", Value: "v\x1b[2J", Problem: "is bad\x07", Allowed: "x\u202e", Where: "f\x1b.yaml:1"}
	assert.Equal(t, `f\x1b.yaml:1: a\x1b[2J: "v\x1b[2J" is bad\a; allowed: x\u202e`, e.Error())
	assert.Equal(t, `[3 items]`, schema.FormatValue([]any{1, 2, 3}))
	assert.Equal(t, `"`+strings.Repeat("é", 80)+`"…`, schema.FormatValue(strings.Repeat("é", 300)), "long text is cut short")
	assert.Equal(t, "whole file problem", (&schema.Error{Problem: "whole file problem"}).Error())
	var o outer
	errs := schema.Decode(map[string]any{"k\x1b[31m": 1, "in": map[string]any{"b": "\x1b]0;t\x07"}}, &o)
	require.Len(t, errs, 2)
	for _, e := range errs {
		assert.NotContains(t, e.Error(), "\x1b")
	}
}
