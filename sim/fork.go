package sim

// ActionVisitor is called with each action a model keeps, in a fixed
// order: field is where the action is kept and fresh is the same callback
// made anew on the value that holds field. A model lists its actions
// through such a visitor so that a copy of it (agents.Model.Fork) can map
// each action of the original, in the engine's calendar or a pool's queue,
// to the copy's action at the same place in the list: a visitor that
// collects *field lists the original's actions, one that sets *field to
// fresh makes the copy's.
type ActionVisitor func(field *Action, fresh Action)

// EachAction visits the pool's own action (the deadline of a waiting
// request); the actions of the requests themselves belong to its users.
func (p *Pool) EachAction(visit ActionVisitor) { visit(&p.timeout, p.abandon) }

// EachAction visits the ticker's own action (its tick); the action it
// calls belongs to its user.
func (t *Ticker) EachAction(visit ActionVisitor) { visit(&t.tick, t.onTick) }
