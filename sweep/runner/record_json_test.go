package runner

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sweep"
)

// The record's JSON is the bytes json.Encoder writes for it, for records
// with undefined values, text that JSON escapes, no series or an empty one.
func TestRecordJSONIsEncodingJSONs(t *testing.T) {
	t.Parallel()
	m, err := agents.New(nil, agents.Options{Days: 20, Seed: 7})
	require.NoError(t, err)
	sum := m.Run()
	odd := *sum
	odd.Run.Scenario = "a <b> & \"c\" \u2028 é\x01"
	series := append([]agents.Point{
		{Day: math.NaN(), Metric: "m<", Group: "g\"", Value: math.Inf(1)},
		{Day: 1e-7, Metric: "x", Group: "é", Value: 1e21},
		{Day: -0.5, Metric: "", Group: "", Value: 123456789.125},
	}, m.Series()...)
	for _, r := range []*Record{
		{RunSpec: sweep.RunSpec{Arm: "baseline", Point: 3, Replication: 12, Seed: math.MaxUint64}, ID: "baseline.p0003.r00012", SweepHash: "ab", ScenarioHash: "cd", Summary: sum, Series: m.Series()},
		{RunSpec: sweep.RunSpec{Arm: "<arm>&", Point: 0}, ID: "x\ty", Summary: &odd, Series: series},
		{RunSpec: sweep.RunSpec{Arm: "none"}, Series: []agents.Point{}},
		{},
	} {
		var want bytes.Buffer
		require.NoError(t, json.NewEncoder(&want).Encode(r))
		got, err := r.appendJSON(nil)
		require.NoError(t, err)
		assert.Equal(t, want.String(), string(got))
	}
}
