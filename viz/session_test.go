package viz_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/viz"
)

func session(t *testing.T, set ...string) *viz.Session {
	t.Helper()
	l, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: set})
	require.NoError(t, err)
	s, err := viz.NewSession("baseline", l, 0)
	require.NoError(t, err)
	return s
}

// Live toggles saved as a timeline replay headless to the same changes, at
// the same days, with the same results.
func TestSavedTimelineReplaysHeadless(t *testing.T) {
	t.Parallel()
	s := session(t, "days=120")
	s.Scene.Advance(30 * 24)
	require.NoError(t, s.Cycle(0)) // detainers: honor_all → judicial_warrant_only
	s.Scene.Advance(60 * 24)
	require.NoError(t, s.Apply(map[string]any{"agreements.g287.model": "task_force"}))
	s.Scene.Advance(120 * 24)
	live := s.Scene.Model().Summary()

	text, err := s.TimelineYAML()
	require.NoError(t, err)
	l, err := scenarios.LoadBytes("saved.yaml", text, scenarios.LoadOptions{})
	require.NoError(t, err, string(text))
	require.Len(t, l.Scenario.Timeline, 2)
	assert.Equal(t, 30.0, l.Scenario.Timeline[0].Day)
	assert.Equal(t, 60.0, l.Scenario.Timeline[1].Day)

	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(0))
	require.NoError(t, err)
	replay := m.Run()
	ch := m.Changes()
	require.Len(t, ch, 2)
	assert.Equal(t, "timeline[0]", ch[0].Source)
	assert.Equal(t, map[string]any{"policies": map[string]any{"detainers": "judicial_warrant_only"}}, ch[0].Set)
	live.Run, replay.Run = agents.RunInfo{}, agents.RunInfo{} // the replay has two more events: its timeline entries
	a, err := json.Marshal(live)
	require.NoError(t, err)
	b, err := json.Marshal(replay)
	require.NoError(t, err)
	assert.JSONEq(t, string(a), string(b), "the replay reproduces the session")
}

func TestTogglesCycleAndRefuseBadChanges(t *testing.T) {
	t.Parallel()
	s := session(t)
	for i, tg := range viz.Toggles() {
		before := s.Value(i) // -1: a value not on the toggle (baseline outreach 0.2)
		require.NoError(t, s.Cycle(i), tg.Key)
		assert.Equal(t, (before+1)%len(tg.Values), s.Value(i), tg.Key)
	}
	err := s.Apply(map[string]any{"policies.outreach": 3.0})
	require.Error(t, err)
	assert.Contains(t, s.Err, "policies.outreach")
	assert.Equal(t, "0", s.ValueText(3), "a refused change leaves the model as it was")
}

func TestParseScript(t *testing.T) {
	t.Parallel()
	sc, err := viz.ParseScript("day=60:agreements.g287.model=task_force; day=30:policies.detainers=never,policies.outreach=0.5")
	require.NoError(t, err)
	require.Len(t, sc, 2)
	assert.Equal(t, 30.0, sc[0].Day)
	assert.Equal(t, 0.5, sc[0].Set["policies.outreach"])
	assert.NoError(t, sc.Check(agents.DefaultConfig()))

	for _, bad := range []string{"30:policies.detainers=never", "day=x:policies.detainers=never", "day=3:policies.detainers"} {
		_, err := viz.ParseScript(bad)
		assert.Error(t, err, bad)
	}
	sc, err = viz.ParseScript("day=3:policies.detainers=sometimes")
	require.NoError(t, err)
	err = sc.Check(agents.DefaultConfig())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "honor_all")
}

// The scene sees the model's events and keeps its buffers bounded.
func TestSceneFollowsTheModel(t *testing.T) {
	t.Parallel()
	s := session(t)
	s.Scene.Advance(24 * 60)
	lv := s.Scene.Live
	assert.InDelta(t, 0.36, lv.ReportingAll, 0.08)
	assert.Greater(t, lv.Reporting[agents.Citizen], lv.Reporting[agents.Undocumented])
	assert.Positive(t, lv.Operations)
	assert.Len(t, s.Scene.Districts(), 9)
	busy := s.Scene.Busy()
	assert.Positive(t, busy[0]+busy[1], "some units are out")
}
