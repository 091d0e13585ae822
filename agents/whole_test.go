package agents_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// A metric the catalogue calls whole (agents.Metric.Whole: runs.parquet
// stores it as an integer, and refuses a fraction) is a whole number at
// the end of a run of every bundled scenario; the expected numbers of
// residents are counts but not whole, and are not marked so.
func TestWholeMetricsAreWholeNumbers(t *testing.T) {
	t.Parallel()
	fractional := map[string]bool{}
	for _, b := range scenarios.BundledList() {
		l := bundled(t, b.Name, scenarios.Param{Path: "days", Value: 90})
		m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(1))
		require.NoError(t, err)
		s := m.Run()
		for _, mt := range agents.Metrics() {
			x := s.Value(mt.ID)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
			if mt.Whole {
				assert.Equal(t, math.Trunc(x), x, "%s: %s is whole in the catalogue", b.Name, mt.Key)
			}
			if x != math.Trunc(x) {
				fractional[mt.Key] = true
			}
		}
	}
	end, ok := agents.LookupMetric("population.by_group.undocumented.end")
	require.True(t, ok)
	assert.Equal(t, agents.KindCount, end.Kind)
	assert.False(t, end.Whole, "an expected number of residents")
	assert.True(t, fractional[end.Key], "the population at the end is fractional somewhere")
	occ, _ := agents.LookupMetric("crimes.occurred")
	assert.True(t, occ.Whole)
}
