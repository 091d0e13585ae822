package sweep_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
)

func TestSweepFileErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text string
		want       []string
	}{
		{"unknown key", "replicatons: 3\narms: {a: {}}\n", []string{"sweep.yaml:1: replicatons: is not a known key", "did you mean replications?"}},
		{"bad arm key", "arms:\n  a: {}\n  b:\n    policies.detainer: never\n", []string{"sweep.yaml:4 (arm b): policies.detainer: is not a known key", "did you mean detainers?"}},
		{"bad arm value", "arms:\n  b:\n    policies: {detainers: maybe}\n", []string{"sweep.yaml:3 (arm b): policies.detainers: \"maybe\" is not an allowed value"}},
		{"no arms", "name: x\n", []string{"arms: has no arms"}},
		{"bad arm name", "arms:\n  Big Arm: {}\n", []string{"is not lower case"}},
		{"baseline arm", "baseline_arm: z\narms: {a: {}}\n", []string{"sweep.yaml:1: baseline_arm: \"z\" is not one of the arms"}},
		{"metric", "metrics: [crimes.reporting_rat]\narms: {a: {}}\n", []string{"metrics[0]: \"crimes.reporting_rat\" is not a summary metric", "did you mean crimes.reporting_rate?"}},
		{"base", "base: nowhere.yaml\narms: {a: {}}\n", []string{"base: \"nowhere.yaml\" is neither a file"}},
		{"design key", "vary: {design: grid, params: {policies.nope: [1, 2]}}\narms: {a: {}}\n", []string{"vary.params.policies.nope", "is not a scenario key"}},
		{"design range", "vary: {design: lhs, params: {policies.outreach: [1, 0]}}\narms: {a: {}}\n", []string{"is not a range"}},
		{"design numeric", "vary: {design: lhs, params: {policies.detainers: [a, b]}}\narms: {a: {}}\n", []string{"is not numeric"}},
		{"design value", "vary: {design: grid, params: {policies.outreach: [0.5, 3]}}\narms: {a: {}}\n", []string{"(design point 1): policies.outreach: 3 is out of range"}},
		{"until_ci", "until_ci: {metric: clearance.rate}\narms: {a: {}}\n", []string{"until_ci.half_width: 0 must be positive"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := sweep.Load(sweeptest.WriteSweep(t, tc.text), nil)
			require.Error(t, err)
			assert.True(t, isInput(err), "%T %v", err, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	var es schema.Errors
	_, err := sweep.Load(sweeptest.WriteSweep(t, "replications: 0\nseed: -1\narms: {a: {}}\n"), nil)
	require.ErrorAs(t, err, &es)
	assert.Len(t, es, 2, "errors are reported together")
}

func TestDesigns(t *testing.T) {
	t.Parallel()
	grid := sweeptest.MustPlan(t, `arms: {a: {}, b: {policies.detainers: never}}
vary:
  design: grid
  params:
    policies.outreach: [0, 0.5, 1]
    ice.teams: [1, 3]
`)
	assert.Equal(t, []string{"ice.teams", "policies.outreach"}, grid.ParamKeys)
	require.Len(t, grid.Points, 6)
	assert.Equal(t, []any{1, 0}, grid.Points[0].Values)
	assert.Equal(t, []any{3, 1}, grid.Points[5].Values)

	oat := sweeptest.MustPlan(t, `arms: {a: {}}
vary: {design: oat, params: {policies.outreach: [0, 1], ice.teams: [4]}}
`)
	require.Len(t, oat.Points, 4, "the base point and one per value")
	assert.Equal(t, []any{nil, nil}, oat.Points[0].Values)
	l, err := oat.ScenarioAt(0, 0)
	require.NoError(t, err)
	assert.Equal(t, 0.2, l.Scenario.Policies.Outreach, "unset values keep the base scenario's")

	lhs := sweeptest.MustPlan(t, `arms: {a: {}}
vary: {design: lhs, points: 8, params: {policies.outreach: [0, 1], ice.teams: [1, 9]}}
`)
	require.Len(t, lhs.Points, 8)
	strata := map[int]bool{}
	for _, p := range lhs.Points {
		x := p.Values[1].(float64)
		strata[int(x*8)] = true
		_, isInt := p.Values[0].(int)
		assert.True(t, isInt, "an integer key gets whole numbers")
	}
	assert.Len(t, strata, 8, "one point in each stratum of each parameter")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pts.csv"), []byte("policies.detainers,policies.outreach\nnever,0.1\nhonor_all,0.9\n"), 0o644))
	sp := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(sp, []byte("arms: {a: {}}\nvary: {design: table, file: pts.csv}\n"), 0o644))
	table, err := sweep.Load(sp, nil)
	require.NoError(t, err)
	require.Len(t, table.Points, 2)
	assert.Equal(t, []any{"never", 0.1}, table.Points[0].Values)

	morris := sweeptest.MustPlan(t, `arms: {a: {}}
vary: {design: morris, trajectories: 3, levels: 4, params: {policies.outreach: [0, 1], trust.half_life_days: [30, 365]}}
`)
	require.Len(t, morris.Points, 3*3)
	info := morris.MorrisInfo()
	require.NotNil(t, info)
	assert.InDelta(t, 4.0/6, info.Delta, 1e-12)
	for i, st := range info.Steps {
		if st.Param < 0 {
			continue
		}
		// Exactly one parameter changes between consecutive points.
		changed := 0
		for j := range morris.ParamKeys {
			if morris.Points[i].Values[j] != morris.Points[i-1].Values[j] {
				changed++
			}
		}
		assert.Equal(t, 1, changed)
	}
}
