//go:build !js

package runner

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep"
)

// The browser build (js) leaves fork_day out (see package sweep): its
// runner refuses such a sweep (fork_js.go).

// forkGroup runs the pending arms of one design point and replication
// under fork_day: the pre-period once, then each arm from a copy of it
// (the last from the pre-period itself), so that at most one pre-period
// per worker is held.
func (x *executor) forkGroup(ctx context.Context, g []job) error {
	pre, preErr := x.preperiod(ctx, g[0].spec)
	for i, j := range g {
		last := i == len(g)-1
		err := x.one(ctx, j, func(ctx context.Context, spec sweep.RunSpec) (*Record, error) {
			if preErr != nil {
				return nil, preErr
			}
			m := pre
			if !last {
				m = pre.Fork() // the last arm takes the pre-period itself
			}
			return x.simulateArm(ctx, spec, m)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// forkBase returns the scenario of the pre-period at a design point.
func (x *executor) forkBase(point int) (*scenarios.Loaded, error) { return x.plan.ForkBaseAt(point) }

// preperiod runs the pre-period of a design point and replication under
// fork_day to its fork point; a failure is the failure of every arm
// forked from it.
func (x *executor) preperiod(ctx context.Context, spec sweep.RunSpec) (m *agents.Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("panic in the pre-period before fork_day: %v\n%s", r, debug.Stack())
		}
	}()
	l, err := x.scenario(-1, spec.Point)
	if err != nil {
		return nil, err
	}
	opt := l.Scenario.Options(uint64(spec.Replication))
	opt.ForkDay = x.plan.Sweep.ForkDay
	if m, err = agents.New(&l.Scenario.Config, opt); err != nil {
		return nil, err
	}
	for !m.AtFork() && !m.Done() {
		if ctx.Err() != nil {
			return nil, errInterrupted
		}
		m.RunUntil(m.Now() + 30*24) // stops at the fork point
	}
	if err := m.Err(); err != nil {
		return nil, fmt.Errorf("the pre-period before fork_day failed: %w", err)
	}
	if !m.AtFork() {
		panic("runner: the pre-period ended without reaching its fork point")
	}
	x.events.Add(m.Engine().Events())
	return m, nil
}

// simulateArm runs an arm on from m, a copy of its pre-period at the fork
// point: its overrides are applied there as the timeline entry of its
// scenario would be, and its record is that scenario's run's.
func (x *executor) simulateArm(ctx context.Context, spec sweep.RunSpec, m *agents.Model) (*Record, error) {
	l, err := x.begin(spec)
	if err != nil {
		return nil, err
	}
	if err := m.Diverge(x.plan.ArmSet(spec.ArmIndex)); err != nil {
		return nil, fmt.Errorf("arm %s cannot diverge at fork_day: %w", spec.Arm, err)
	}
	return x.finish(ctx, spec, l, m, m.Engine().Events())
}
