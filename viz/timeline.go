package viz

import (
	"bytes"
	"fmt"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/agents"
)

// TimelineYAML returns the session as a scenario file: the scenario as
// loaded (every key, defaults included) with the policy changes made live
// appended to its timeline, at the days they were made. `agencysim run`
// and sweeps replay it headless, so a workshop's what-if becomes a
// replicated experiment.
func (s *Session) TimelineYAML() ([]byte, error) {
	sc := s.Loaded.Scenario
	tl := append([]agents.Change(nil), sc.Timeline...)
	live := 0
	for _, c := range s.Scene.m.Changes() {
		if c.Source != "live" {
			continue
		}
		tl = append(tl, agents.Change{Day: c.Day, Set: c.Set})
		live++
	}
	sort.SliceStable(tl, func(i, j int) bool { return tl[i].Day < tl[j].Day })
	sc.Timeline = tl
	sc.ParameterSets = nil // already applied to the keys written below
	var b bytes.Buffer
	fmt.Fprintf(&b, "# yaml-language-server: $schema=https://github.com/agencysim/agencysim/docs/scenario.schema.json\n#\n")
	fmt.Fprintf(&b, "# Saved by agencysim-viz from %s with %d policy change(s) made live, now\n", s.Loaded.Source, live)
	fmt.Fprintf(&b, "# entries of the timeline below. Replay it headless with\n")
	fmt.Fprintf(&b, "#   agencysim run THIS_FILE            (one run)\n")
	fmt.Fprintf(&b, "# or use it as the base of a sweep for replicated runs.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&sc); err != nil {
		return nil, fmt.Errorf("viz: cannot write the timeline: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
