//go:build !js

package sweep_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
)

// Under fork_day an arm's scenario is the base with the arm's overrides as
// a timeline entry on the fork day — the scenario of the sweep that writes
// them so — and the pre-period's has none of them.
func TestForkedArmsAreTheirTimelineScenarios(t *testing.T) {
	t.Parallel()
	forked := sweeptest.MustPlan(t, "days: 60\nfork_day: 20.5\narms:\n  baseline: {}\n  never: {policies.detainers: never, ice.teams: 2}\n")
	timeline := sweeptest.MustPlan(t, "days: 60\narms:\n  baseline: {timeline: [{day: 20.5, set: {}}]}\n  never: {timeline: [{day: 20.5, set: {policies: {detainers: never}, ice: {teams: 2}}}]}\n")
	plain := sweeptest.MustPlan(t, "days: 60\narms:\n  baseline: {}\n  never: {policies.detainers: never, ice.teams: 2}\n")
	assert.True(t, forked.Forked())
	assert.False(t, plain.Forked())
	assert.NotEqual(t, forked.Hash, plain.Hash, "fork_day is part of the sweep's hash")
	for ai := range forked.Arms {
		f, err := forked.ScenarioAt(ai, 0)
		require.NoError(t, err)
		tl, err := timeline.ScenarioAt(ai, 0)
		require.NoError(t, err)
		assert.Equal(t, tl.Hash, f.Hash, forked.Arms[ai].Name)
		assert.Equal(t, []agents.Change{{Day: 20.5, Set: forked.ArmSet(ai)}}, f.Scenario.Config.Timeline)
	}
	pre, err := forked.ForkBaseAt(0)
	require.NoError(t, err)
	assert.Empty(t, pre.Scenario.Config.Timeline)
	assert.Equal(t, agents.HonorAll, pre.Scenario.Config.Policies.Detainers)
	assert.Equal(t, map[string]any{"policies": map[string]any{"detainers": "never"}, "ice": map[string]any{"teams": 2}}, forked.ArmSet(1))
	assert.Panics(t, func() { _, _ = plain.ForkBaseAt(0) })
}

// fork_day is checked at load: below the runs' days, and only on arms
// whose overrides a timeline entry may make; each problem names the line,
// the arm and the key.
func TestForkDayIsCheckedAtLoad(t *testing.T) {
	t.Parallel()
	msg := loadErr(t, "days: 60\nfork_day: 60\narms: {baseline: {}}\n", nil)
	assert.Contains(t, msg, "sweep.yaml:2: fork_day: 60 is not before the end of the runs (day 60 at design point 0)")
	msg = loadErr(t, "days: 60\nfork_day: -1\narms: {baseline: {}}\n", nil)
	assert.Contains(t, msg, "fork_day")
	msg = loadErr(t, "days: 60\nfork_day: 10\narms:\n  baseline: {}\n  wide:\n    city.neighbour_miles: 3\n", nil)
	assert.Contains(t, msg, "sweep.yaml:6 (arm wide): arms.wide.city.neighbour_miles")
	assert.Contains(t, msg, "cannot be changed during a run (under fork_day 10 an arm's overrides take effect as a timeline entry on that day)")
	// An arm's own timeline would change the shared pre-period: refused.
	msg = loadErr(t, "days: 60\nfork_day: 10\narms:\n  a: {}\n  b: {timeline: [{day: 5, set: {policies: {detainers: never}}}]}\n", nil)
	assert.Contains(t, msg, "sweep.yaml:5 (arm b): arms.b.timeline: cannot be changed during a run")
}
