//go:build !js

package agents_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
)

// outputs is a finished run's summary and series as JSON: what a sweep
// stores of a run.
func outputs(t *testing.T, m *agents.Model) string {
	t.Helper()
	require.NoError(t, m.Err())
	s, err := json.Marshal(m.Summary())
	require.NoError(t, err)
	p, err := json.Marshal(m.Series())
	require.NoError(t, err)
	return string(s) + "\n" + string(p)
}

// bundled loads a bundled scenario with overrides.
func bundled(t *testing.T, name string, params ...scenarios.Param) *scenarios.Loaded {
	t.Helper()
	text, ok := scenarios.Bundled(name)
	require.True(t, ok, name)
	l, err := scenarios.LoadBytes(name+".yaml", text, scenarios.LoadOptions{Params: params})
	require.NoError(t, err, name)
	return l
}

// A fork of every bundled scenario, taken mid-run, runs on to the end
// exactly as the original does (no field is missed: every callback any
// scenario schedules is listed, and the state is whole), and the two are
// isolated: running the copy to the end first leaves the original to
// produce what an unforked run produces.
func TestForkOfEveryBundledScenarioRunsOnAsTheOriginal(t *testing.T) {
	t.Parallel()
	for _, b := range scenarios.BundledList() {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			l := bundled(t, b.Name, scenarios.Param{Path: "days", Value: 90})
			opt := l.Scenario.Options(2)
			straight, err := agents.New(&l.Scenario.Config, opt)
			require.NoError(t, err)
			straight.Run()
			want := outputs(t, straight)

			m, err := agents.New(&l.Scenario.Config, opt)
			require.NoError(t, err)
			m.RunUntil(37.5 * 24)
			cp := m.Fork()
			assert.Equal(t, m.Now(), cp.Now())
			assert.Equal(t, m.Engine().Len(), cp.Engine().Len())
			cp.Run()
			assert.Equal(t, want, outputs(t, cp), "the fork differs from the straight run")
			m.Run()
			assert.Equal(t, want, outputs(t, m), "the original, run after its fork, differs from the straight run")
		})
	}
}

// Two forks of one model are independent: a change applied to one does
// not reach the other or the original.
func TestForksAreIsolated(t *testing.T) {
	t.Parallel()
	l := bundled(t, "baseline", scenarios.Param{Path: "days", Value: 60})
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(0))
	require.NoError(t, err)
	m.RunUntil(20 * 24)
	a, b := m.Fork(), m.Fork()
	require.NoError(t, a.Apply(map[string]any{"policies": map[string]any{"detainers": "never"}}))
	assert.Equal(t, agents.NeverHonor, a.Config().Policies.Detainers)
	assert.NotEqual(t, agents.NeverHonor, b.Config().Policies.Detainers)
	assert.NotEqual(t, agents.NeverHonor, m.Config().Policies.Detainers)
	assert.Len(t, a.Changes(), 1)
	assert.Empty(t, b.Changes())
	a.RunUntil(40 * 24)
	assert.Equal(t, 20*24.0, b.Now())
	assert.Equal(t, 20*24.0, m.Now())
	b.Run()
	m.Run()
	assert.Equal(t, outputs(t, m), outputs(t, b))
}

// A fork and its original run on two goroutines at once (the race
// detector sees any state they share) and still agree.
func TestForksRunOnOtherGoroutines(t *testing.T) {
	t.Parallel()
	l := bundled(t, "jail-287g", scenarios.Param{Path: "days", Value: 45})
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(3))
	require.NoError(t, err)
	m.RunUntil(15 * 24)
	cp := m.Fork()
	done := make(chan struct{})
	go func() {
		defer close(done)
		cp.Run()
	}()
	m.Run()
	<-done
	assert.Equal(t, outputs(t, m), outputs(t, cp))
}

// The fork equivalence: run a scenario to day D, fork, apply an arm's
// overrides there, run to the end — and run the scenario with the arm's
// overrides as a timeline entry on day D from day 0: the summaries and
// series are the same bytes. Two scenarios, two arms each (one without
// overrides), a fork day near the start and a late one.
func TestForkedArmEqualsTheTimelineRun(t *testing.T) {
	t.Parallel()
	arms := map[string][]map[string]any{
		"baseline":  {{}, {"policies": map[string]any{"detainers": "never"}}},
		"jail-287g": {{"agreements.g287.model": "none"}, {"policies": map[string]any{"detainers": "judicial_warrant_only"}, "ice": map[string]any{"teams": 1}}},
	}
	for _, name := range []string{"baseline", "jail-287g"} {
		for _, day := range []float64{3, 71.5} {
			t.Run(fmt.Sprintf("%s/day%g", name, day), func(t *testing.T) {
				t.Parallel()
				l := bundled(t, name, scenarios.Param{Path: "days", Value: 90})
				opt := l.Scenario.Options(1)
				opt.ForkDay = day
				pre, err := agents.New(&l.Scenario.Config, opt)
				require.NoError(t, err)
				pre.RunUntil(pre.Horizon())
				require.True(t, pre.AtFork())
				require.Equal(t, day*24, pre.Now())
				same := pre.Fork()
				same.Run()
				unchanged := outputs(t, same)
				for i, set := range arms[name] {
					arm := pre.Fork()
					require.NoError(t, arm.Diverge(set))
					assert.False(t, arm.AtFork())
					arm.Run()

					cfg := l.Scenario.Config
					cfg.Timeline = append(cfg.Timeline[:len(cfg.Timeline):len(cfg.Timeline)], agents.Change{Day: day, Set: set})
					full, err := agents.New(&cfg, l.Scenario.Options(1))
					require.NoError(t, err)
					full.Run()
					assert.Equal(t, outputs(t, full), outputs(t, arm), "arm %d", i)
					assert.Equal(t, full.Changes(), arm.Changes())
					if len(set) > 0 {
						assert.NotEqual(t, unchanged, outputs(t, arm), "arm %d changes nothing: the test would not see a change applied at the wrong moment", i)
					}
				}
				assert.True(t, pre.AtFork(), "forking leaves the pre-period as it was")
			})
		}
	}
}

// A run with a fork day that goes on without forking is the run without
// one, but for the fork point's event.
func TestForkPointAloneChangesNothing(t *testing.T) {
	t.Parallel()
	l := bundled(t, "baseline", scenarios.Param{Path: "days", Value: 40})
	plain, err := agents.New(&l.Scenario.Config, l.Scenario.Options(0))
	require.NoError(t, err)
	opt := l.Scenario.Options(0)
	opt.ForkDay = 10
	paused, err := agents.New(&l.Scenario.Config, opt)
	require.NoError(t, err)
	paused.RunUntil(paused.Horizon())
	require.True(t, paused.AtFork())
	paused.Run()
	a, b := plain.Run(), paused.Summary()
	assert.Equal(t, a.Run.Events+1, b.Run.Events)
	b.Run.Events = a.Run.Events
	ja, err := json.Marshal(a)
	require.NoError(t, err)
	jb, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Equal(t, string(ja), string(jb))
}

func TestForkMisuse(t *testing.T) {
	t.Parallel()
	c := agents.DefaultConfig()
	m, err := agents.New(&c, agents.Options{Days: 10, Observer: &countingObserver{}})
	require.NoError(t, err)
	assert.PanicsWithValue(t, "agents: Fork of a model with an Observer: a live view is not copied; fork a model without one", func() { m.Fork() })
	m, err = agents.New(&c, agents.Options{Days: 10, ForkDay: 5})
	require.NoError(t, err)
	assert.Panics(t, func() { _ = m.Diverge(nil) }, "not at the fork point yet")
	m.RunUntil(m.Horizon())
	require.True(t, m.AtFork())
	err = m.Diverge(map[string]any{"city": map[string]any{"neighbour_miles": 3}})
	require.Error(t, err)
	assert.ErrorContains(t, err, "cannot be changed during a run")
	assert.True(t, m.AtFork(), "a refused change leaves the model at its fork point")
	assert.Empty(t, m.Config().Timeline)
	_, err = agents.New(&c, agents.Options{Days: 10, ForkDay: 10})
	assert.ErrorContains(t, err, "fork day 10")
}

// BenchmarkFork copies the bundled baseline city at day 100 of its run.
func BenchmarkFork(b *testing.B) {
	text, _ := scenarios.Bundled("baseline")
	l, err := scenarios.LoadBytes("baseline.yaml", text, scenarios.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	m, err := agents.New(&l.Scenario.Config, l.Scenario.Options(0))
	if err != nil {
		b.Fatal(err)
	}
	m.RunUntil(100 * 24)
	for b.Loop() {
		m.Fork()
	}
}
