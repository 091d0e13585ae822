//go:build !js

package sweep

import (
	"fmt"
	"strings"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// Fork at day D (fork_day): the arms share the run up to day D and diverge
// after. An arm's run is then defined as the base scenario at its design
// point with the arm's overrides appended to the timeline as an entry
// {day: D, set: overrides} — an arm without overrides gets an empty entry
// — and [Plan.ScenarioAt] returns that scenario, so that records, their
// checks and reproductions of a run do not depend on how the runner
// computed it. The runner runs the shared pre-period ([Plan.ForkBaseAt])
// once per design point and replication to its fork point and forks each
// arm from it (agents.Model.Fork, then agents.Model.Diverge with
// [Plan.ArmSet]): the same bytes as running the arm's scenario from day 0.

// ForkBaseAt returns the scenario of the pre-period the arms share at
// design point pt under fork_day: the base scenario with the point's
// values and none of the arms' overrides. It panics without fork_day.
func (p *Plan) ForkBaseAt(pt int) (*scenarios.Loaded, error) {
	if !p.Forked() {
		panic("sweep: ForkBaseAt of a sweep without fork_day")
	}
	return p.forkBase(p.Points[pt])
}

func (p *Plan) forkBase(pt Point) (*scenarios.Loaded, error) {
	params := p.pointParams(pt)
	l, err := p.variantsOf()[0].Load(params)
	if err != nil {
		return nil, relocate(err, params, p.BaseName)
	}
	return l, nil
}

// ArmSet returns arm ai's overrides as the set of a timeline entry (a new
// map on every call): what agents.Model.Diverge applies at the fork point.
func (p *Plan) ArmSet(ai int) map[string]any {
	flat := make(map[string]any, len(p.Arms[ai].Params))
	for _, x := range p.Arms[ai].Params {
		flat[x.Path] = x.Value
	}
	return agents.ExpandDotted(flat)
}

// forkedAt returns arm ai's scenario at point pt under fork_day: the
// pre-period's with the arm's entry appended to the timeline, validated
// as a whole (the entry against the configuration the entries before it
// leave, the later entries against what it leaves).
func (p *Plan) forkedAt(ai int, pt Point) (*scenarios.Loaded, error) {
	base, err := p.forkBase(pt)
	if err != nil {
		return nil, err
	}
	s := base.Scenario
	d := p.Sweep.ForkDay
	if !(d < s.Days) {
		where := p.forkWhere
		if where == "" {
			where = p.Source
		}
		return nil, schema.Errors{{Path: "fork_day", Value: d, Where: where,
			Problem: fmt.Sprintf("is not before the end of the runs (day %g at design point %d)", s.Days, pt.Index),
			Allowed: fmt.Sprintf("a day above 0 and below %g", s.Days)}}
	}
	tl := s.Config.Timeline
	n := len(tl)
	s.Config.Timeline = append(tl[:n:n], agents.Change{Day: d, Set: p.ArmSet(ai)})
	if errs := s.Validate(); len(errs) > 0 {
		return nil, p.locateForkErrors(errs, ai, n)
	}
	return &scenarios.Loaded{Scenario: s, Source: base.Source, Hash: s.Hash()}, nil
}

// locateForkErrors puts the problems with arm ai's timeline entry (index
// n) at the arm's override that caused them, saying why a key that is
// fine from day 0 may be refused under fork_day.
func (p *Plan) locateForkErrors(errs schema.Errors, ai, n int) error {
	a := p.Arms[ai]
	entry := fmt.Sprintf("timeline[%d].set", n)
	for _, e := range errs {
		rest, ok := strings.CutPrefix(e.Path, entry)
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, ".")
		key := rest
		for _, x := range a.Params {
			if rest == "" || x.Path == rest || strings.HasPrefix(x.Path, rest+".") || strings.HasPrefix(rest, x.Path+".") || strings.HasPrefix(rest, x.Path+"[") {
				e.Where, key = x.Where, x.Path
				break
			}
		}
		e.Path = "arms." + a.Name + "." + key
		e.Problem += fmt.Sprintf(" (under fork_day %g an arm's overrides take effect as a timeline entry on that day)", p.Sweep.ForkDay)
	}
	return errs
}
