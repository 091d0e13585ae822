//go:build !js

package agents

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/agencysim/agencysim/internal/clone"
	"github.com/agencysim/agencysim/sim"
)

// The browser build (js) leaves Fork, Diverge and AtFork out: the visual
// mode never forks, and they would take its WebAssembly over its 20 MB
// budget. A model with Options.ForkDay still pauses at its fork point.

// actor is an agency with callbacks of its own, which it lists for Fork
// (a name the embedded *Model does not have).
type actor interface {
	ownActions(visit sim.ActionVisitor)
}

// ownActions visits the police's callbacks (see Model.eachAction).
func (p *police) ownActions(visit sim.ActionVisitor) {
	visit(&p.onGranted, p.granted)
	visit(&p.onCallDone, p.callDone)
	visit(&p.onClear, p.cleared)
	visit(&p.onRelease, p.release)
	visit(&p.onAbandoned, p.abandoned)
}

// ownActions visits ICE's callback (see Model.eachAction).
func (a *iceAgency) ownActions(visit sim.ActionVisitor) { visit(&a.onFollowUp, a.followUp) }

// ownActions visits the jail's callbacks (see Model.eachAction).
func (j *jail) ownActions(visit sim.ActionVisitor) {
	visit(&j.onTransfer, j.transfer)
	visit(&j.onSuit, j.suit)
}

// eachAction visits every callback the model and its parts keep, in a
// fixed order (see sim.ActionVisitor): every action the engine, a pool or
// a ticker may hold is one of them. A callback added to the model must be
// listed here, or Fork panics on meeting it.
func (m *Model) eachAction(visit sim.ActionVisitor) {
	visit(&m.onArrival, m.arrival)
	visit(&m.onShift, m.shift)
	visit(&m.onDay, m.day)
	visit(&m.onSample, m.sample)
	visit(&m.onChange, m.change)
	visit(&m.onDiverted, m.undivert)
	visit(&m.onProc, m.procTick)
	visit(&m.onFork, m.forkPoint)
	visit(&m.ops.onStart, m.startPlanned)
	visit(&m.ops.onAudit, m.auditDone)
	visit(&m.off.onRelease, m.offenderReleased)
	visit(&m.off.onReentry, m.reentered)
	for _, a := range m.agencies {
		if a, ok := a.(actor); ok {
			a.ownActions(visit)
		}
	}
	for _, d := range m.d {
		d.pool.EachAction(visit)
	}
	for _, t := range m.tickers {
		t.EachAction(visit)
	}
}

// AtFork reports whether the run is paused at its fork point: the run
// reached Options.ForkDay and has not gone on since.
func (m *Model) AtFork() bool { return m.atFork && m.err == nil }

// Fork returns a copy of the model as it stands: its engine's calendar,
// random streams (their generators' state), city, agencies, pools,
// operations, offenders, metrics, series and changes so far. The copy
// shares no mutable state with m: each may be run on, changed or dropped
// without affecting the other, and the copy may be run on another
// goroutine than m's. Run on unchanged, the copy produces exactly what m
// produces.
//
// Fork must be called between events (not from inside an event), on the
// goroutine that runs m. It panics if m has an Observer (a live view is
// not copied). The copy has the same options (ForkDay included); it is
// at the fork point if m is.
func (m *Model) Fork() *Model {
	if m.opt.Observer != nil {
		panic("agents: Fork of a model with an Observer: a live view is not copied; fork a model without one")
	}
	// The original's callbacks by their closures, in eachAction order.
	index := map[uintptr]int{}
	n := 0
	m.eachAction(func(field *sim.Action, _ sim.Action) {
		if k := clone.ClosureOf(field); k != 0 {
			if _, dup := index[k]; !dup {
				index[k] = n
			}
		}
		n++
	})
	// The metrics view is scratch, set anew by every reading; it points
	// into the model's counters, which a copy could not keep.
	m.vw = view{}
	cp, funcs := clone.Copy(m)
	olds := make([]uintptr, len(funcs))
	for i, f := range funcs {
		olds[i] = f.Closure()
	}
	// The copy's own callbacks, made anew on its parts.
	acts := make([]sim.Action, 0, n)
	cp.eachAction(func(field *sim.Action, fresh sim.Action) {
		*field = fresh
		acts = append(acts, fresh)
	})
	if len(acts) != n {
		panic(fmt.Sprintf("agents: Fork: the copy lists %d callbacks, the model %d", len(acts), n))
	}
	for i, f := range funcs {
		j, ok := index[olds[i]]
		if !ok {
			panic(fmt.Sprintf("agents: Fork: the model holds a %s that Model.eachAction does not list: list every callback there", f.Type()))
		}
		f.Set(reflect.ValueOf(acts[j]).Convert(f.Type()))
	}
	return cp
}

// Diverge applies set at the fork point exactly as a timeline entry
// {day: ForkDay, set: set} appended to the scenario's timeline would be
// applied there: the entry is appended to the model's timeline and
// applied under its source ("timeline[i]"). A model at its fork point,
// forked once per arm with each arm's set diverged, therefore produces for
// each arm what a run of the scenario with that entry produces from day
// 0, byte for byte (see Options.ForkDay). set is checked as a timeline
// entry is, against the configuration in force; on error nothing changes.
// It panics if the model is not at its fork point.
func (m *Model) Diverge(set map[string]any) error {
	if !m.AtFork() {
		panic("agents: Diverge of a model that is not at its fork point (Options.ForkDay)")
	}
	i := len(m.cfg.Timeline)
	tl := m.cfg.Timeline
	m.cfg.Timeline = append(slices.Clip(tl), Change{Day: m.opt.ForkDay, Set: set})
	src := fmt.Sprintf("timeline[%d]", i)
	if err := m.apply(set, src); err != nil {
		m.cfg.Timeline = tl
		return err
	}
	m.atFork = false
	return nil
}
