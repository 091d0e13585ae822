//go:build !js

package runner

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
)

// forkSweep forks three arms at day 20 of 60, at two design points.
const forkSweep = `name: f
days: 60
replications: 2
fork_day: 20
vary: {design: grid, params: {ice.teams: [2, 4]}}
arms:
  baseline: {}
  never: {policies.detainers: never}
  g287: {agreements.g287.model: jail_enforcement}
`

// timelineSweep is forkSweep written with each arm's overrides on the
// timeline at day 20, run from day 0.
const timelineSweep = `name: f
days: 60
replications: 2
vary: {design: grid, params: {ice.teams: [2, 4]}}
arms:
  baseline: {timeline: [{day: 20, set: {}}]}
  never: {timeline: [{day: 20, set: {policies: {detainers: never}}}]}
  g287: {timeline: [{day: 20, set: {agreements: {g287: {model: jail_enforcement}}}}]}
`

// sameRuns asserts two executions gave the same runs with the same values,
// bit for bit.
func sameRuns(t *testing.T, want, got *recorder, what string) {
	t.Helper()
	require.Equal(t, want.ids(), got.ids(), what)
	for i := range want.runs {
		assert.True(t, sameValues(want.runs[i].Values, got.runs[i].Values), "%s: %s", what, want.runs[i].Spec.ID())
	}
}

// A sweep with fork_day gives exactly the runs of the sweep whose arms put
// their overrides on the timeline at that day — the same scenario hashes,
// metrics and series — with one worker or two, and the arms do differ.
func TestAForkedSweepEqualsItsTimelineSweep(t *testing.T) {
	t.Parallel()
	_, timeline := execute(t, sweeptest.MustPlan(t, timelineSweep), Options{Workers: 2})
	forked := sweeptest.MustPlan(t, forkSweep)
	_, one := execute(t, forked, Options{Workers: 1})
	_, two := execute(t, forked, Options{Workers: 2})
	sameRuns(t, timeline, one, "forked, 1 worker")
	sameRuns(t, one, two, "forked, 2 workers")
	assert.Len(t, one.runs, 12)
	base, never := one.runs[0].Values, one.runs[1].Values
	require.Equal(t, "baseline.p0000.r00000", one.runs[0].Spec.ID())
	require.Equal(t, "never.p0000.r00000", one.runs[1].Spec.ID())
	assert.False(t, sameValues(base, never), "the arms differ after the fork")
	assert.NotEqual(t, base.ScenarioHash, never.ScenarioHash)
}

// Shards of a forked sweep split the arms of a replication between them
// (each does the pre-period for its own); merged, they are the whole.
func TestAForkedSweepShardsAndMerges(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, forkSweep)
	_, whole := execute(t, plan, Options{})
	var shards []string
	for i := range 2 {
		d := t.TempDir()
		r, _ := execute(t, plan, Options{Out: d, Shard: Shard{Index: i, Count: 2}})
		assert.Equal(t, 6, r.Done)
		shards = append(shards, d)
	}
	merged := &recorder{}
	require.NoError(t, Merge(t.TempDir(), shards, merged))
	sameRuns(t, whole, merged, "merged shards")
}

// An interrupted forked sweep keeps its finished runs; resumed, it gives
// what an uninterrupted one gives.
func TestAForkedSweepResumes(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, forkSweep)
	_, whole := execute(t, plan, Options{})
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var started atomic.Int32
	r, err := Execute(ctx, plan, Options{Out: dir, Workers: 1, RunHook: func(sweep.RunSpec) error {
		if started.Add(1) == 5 {
			cancel()
		}
		return nil
	}})
	require.NoError(t, err)
	assert.True(t, r.Interrupted)
	assert.Equal(t, 4, r.Done, "the runs finished before the interruption are kept")
	again, rec := execute(t, plan, Options{Out: dir})
	assert.Equal(t, 4, again.Skipped)
	assert.Equal(t, 8, again.Done)
	sameRuns(t, whole, rec, "resumed")
}
