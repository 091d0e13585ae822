package agents

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPointJSONWritesUndefinedValuesAsNull(t *testing.T) {
	t.Parallel()
	cases := []struct {
		p    Point
		want string
	}{
		{Point{Day: 7, Metric: "reporting_rate", Group: "citizen", Value: 0.25}, `{"Day":7,"Metric":"reporting_rate","Group":"citizen","Value":0.25}`},
		{Point{Day: 7, Metric: "reporting_rate", Group: "undocumented", Value: math.NaN()}, `{"Day":7,"Metric":"reporting_rate","Group":"undocumented","Value":null}`},
		{Point{Day: 1, Metric: "m", Group: "all", Value: math.Inf(1)}, `{"Day":1,"Metric":"m","Group":"all","Value":null}`},
		{Point{Day: 1, Metric: "m", Group: "all", Value: math.Inf(-1)}, `{"Day":1,"Metric":"m","Group":"all","Value":null}`},
		{Point{Day: 0.25, Metric: "m", Group: "all", Value: -3}, `{"Day":0.25,"Metric":"m","Group":"all","Value":-3}`},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.p)
		require.NoError(t, err)
		assert.Equal(t, c.want, string(b))
		var back Point
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, c.p.Day, back.Day)
		assert.Equal(t, c.p.Metric, back.Metric)
		if math.IsNaN(c.p.Value) || math.IsInf(c.p.Value, 0) {
			assert.True(t, math.IsNaN(back.Value), "null reads back as NaN")
		} else {
			assert.Equal(t, c.p.Value, back.Value)
		}
	}
	// A slice, as in a run record, and the old form without nulls.
	b, err := json.Marshal([]Point{{Day: 1, Metric: "trust", Group: "all", Value: math.NaN()}})
	require.NoError(t, err)
	assert.Equal(t, `[{"Day":1,"Metric":"trust","Group":"all","Value":null}]`, string(b))
	var old []Point
	require.NoError(t, json.Unmarshal([]byte(`[{"Day":2,"Metric":"fear","Group":"citizen","Value":0.5}]`), &old))
	assert.Equal(t, []Point{{Day: 2, Metric: "fear", Group: "citizen", Value: 0.5}}, old)
	assert.Error(t, json.Unmarshal([]byte(`{"Day":"x"}`), new(Point)))
}

// A model's whole series encodes, undefined values and all.
func TestSeriesOfARunEncodes(t *testing.T) {
	t.Parallel()
	m, err := New(nil, Options{Days: 10, SeriesDays: 0.25})
	require.NoError(t, err)
	m.Run()
	nan := 0
	for _, p := range m.Series() {
		if math.IsNaN(p.Value) {
			nan++
		}
	}
	require.Greater(t, nan, 0, "a quarter-day interval leaves some group without crimes")
	_, err = json.Marshal(m.Series())
	assert.NoError(t, err)
}
