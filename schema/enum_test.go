package schema_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/schema"
)

// colour is an enumeration as the domain declares them.
type colour int

var colourNames = []string{"red", "green", "light_blue"}

func (colour) EnumNames() []string            { return colourNames }
func (c colour) MarshalText() ([]byte, error) { return []byte(colourNames[c]), nil }

type palette struct {
	Main   colour   `yaml:"main" default:"green" doc:"main colour" source:"assumption"`
	Others []colour `yaml:"others" default:"[red]" maxitems:"3"`
}

func TestEnumFieldsDecodeFromNames(t *testing.T) {
	t.Parallel()
	var p palette
	require.Empty(t, schema.Decode(nil, &p))
	assert.Equal(t, palette{Main: 1, Others: []colour{0}}, p, "defaults are names")

	require.Empty(t, schema.Decode(map[string]any{"main": "light_blue", "others": []any{"green", "red"}}, &p))
	assert.Equal(t, palette{Main: 2, Others: []colour{1, 0}}, p)

	errs := schema.Decode(map[string]any{"main": "lightblue", "others": []any{"blue", 3}}, &p)
	require.Len(t, errs, 3)
	assert.Equal(t, `main: "lightblue" is not an allowed value; allowed: one of red, green, light_blue (did you mean light_blue?)`, errs[0].Error())
	assert.Equal(t, "others[0]", errs[1].Path)
	assert.Equal(t, "others[1]", errs[2].Path)
	assert.Contains(t, errs[2].Error(), "is not a string")

	require.Empty(t, schema.Patch(map[string]any{"main": "red"}, &p))
	assert.Equal(t, colour(0), p.Main)

	// Its JSON is the name, as the JSON of a string field was.
	b, err := json.Marshal(palette{Main: 2, Others: []colour{1}})
	require.NoError(t, err)
	assert.Equal(t, `{"Main":"light_blue","Others":["green"]}`, string(b))
}

func TestEnumFieldsAreDescribedAsStrings(t *testing.T) {
	t.Parallel()
	f := schema.Describe(reflect.TypeOf(palette{}))
	main := f.Lookup("main")
	assert.Equal(t, schema.KindString, main.Kind)
	assert.True(t, main.IsEnum)
	assert.Equal(t, colourNames, main.Enum)
	assert.Equal(t, "one of red, green, light_blue", main.Allowed())
	others := f.Lookup("others")
	assert.Equal(t, colourNames, others.Enum)
	assert.Equal(t, "a list of at most 3 items, each one of red, green, light_blue", others.Allowed())
	js, err := schema.JSONSchema(f, "", "p")
	require.NoError(t, err)
	assert.Contains(t, string(js), `"enum": [
        "red",
        "green",
        "light_blue"
      ]`)
}

type tagged struct {
	C colour `yaml:"c" enum:"red|green"`
}

type badNames int

func (badNames) EnumNames() []string { return []string{"a", "a"} }

type withBad struct {
	B badNames `yaml:"b"`
}

func TestEnumMisuseIsAProgrammingError(t *testing.T) {
	t.Parallel()
	assert.PanicsWithValue(t, "schema: c: an enum tag on schema_test.colour, which lists its own names (Enum)", func() { schema.Describe(reflect.TypeOf(tagged{})) })
	assert.Panics(t, func() { schema.Describe(reflect.TypeOf(withBad{})) })
}

// An enumeration field decodes from its name and holds the name's index.
func ExampleEnum() {
	var p palette
	errs := schema.Decode(map[string]any{"main": "light_blue"}, &p)
	fmt.Println(len(errs), int(p.Main), colourNames[p.Main], p.Others)
	// Output: 0 2 light_blue [0]
}

type versionedItem struct {
	New float64 `yaml:"new" default:"0.1" json:"-" hash:"nondefault"`
}

type versioned struct {
	Old   float64         `yaml:"old" default:"1"`
	New   float64         `yaml:"new" default:"0.1" json:"-" hash:"nondefault"`
	Items []versionedItem `yaml:"items" default:"[]"`
}

// Keys added to a format after its hashes were published enter a hash only
// when they differ from their defaults.
func TestNonDefaultListsChangedNewKeys(t *testing.T) {
	t.Parallel()
	f := schema.Describe(reflect.TypeOf(versioned{}))
	var v versioned
	require.Empty(t, schema.Decode(map[string]any{"items": []any{map[string]any{}, map[string]any{"new": 0.5}}}, &v))
	assert.Equal(t, []string{"items[1].new=0.5"}, schema.NonDefault(f, &v))
	v.New, v.Old = 0.2, 3
	assert.Equal(t, []string{"new=0.2", "items[1].new=0.5"}, schema.NonDefault(f, v), "only the keys tagged hash")
	b, err := json.Marshal(versioned{Old: 1, New: 9})
	require.NoError(t, err)
	assert.Equal(t, `{"Old":1,"Items":null}`, string(b))

	type bad struct {
		X float64 `yaml:"x" default:"1" hash:"nondefault"`
	}
	assert.Panics(t, func() { schema.Describe(reflect.TypeOf(bad{})) }, "json:\"-\" is needed")
}

func ExampleLevenshtein() {
	fmt.Println(schema.Levenshtein("polices", "policies"), schema.Levenshtein("kitten", "sitting"))
	// Output: 1 3
}

func ExampleToFloat() {
	for _, v := range []any{3, int64(4), 2.5, float32(0.5), "7"} {
		x, ok := schema.ToFloat(v)
		fmt.Println(x, ok)
	}
	// Output:
	// 3 true
	// 4 true
	// 2.5 true
	// 0.5 true
	// 0 false
}
