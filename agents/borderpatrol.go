package agents

import "github.com/agencysim/agencysim/sim"

// borderPatrol is U.S. Border Patrol: patrols and checkpoints in the
// districts of the border zone, and, where it may act (the border zone,
// or anywhere under an interior surge), a share of ICE's operations.
type borderPatrol struct {
	*Model
}

// rankBorderPatrol is its place among the agencies (see register).
const rankBorderPatrol = 40

func init() {
	register(rankBorderPatrol, func(m *Model) agency { return &borderPatrol{Model: m} })
}

func (b *borderPatrol) start() {
	b.newProc("border_patrol/ops", func() float64 {
		if len(b.bzone) == 0 {
			return 0
		}
		return float64(b.cfg.BorderPatrol.Units) * b.cfg.BorderPatrol.OpsPerUnitWeek / 168
	}, b.op)
}

func (b *borderPatrol) refresh(*policyState, float64) {}

// join: Border Patrol joins a share of ICE's operations where it may act.
func (b *borderPatrol) join(op *operation) {
	bp := &b.cfg.BorderPatrol
	if op.lead == AgencyICE && bp.Units > 0 && (bp.InteriorSurge || op.d.border) && op.draws.Float64(oBorderPatrol) < bp.SurgeShare {
		op.agencies = op.agencies.With(AgencyBorderPatrol)
	}
}

func (b *borderPatrol) opsPerHour(c *Config, _ *cityStats) (float64, float64) {
	return float64(c.BorderPatrol.Units) * c.BorderPatrol.OpsPerUnitWeek / 168, c.BorderPatrol.OpHours
}

func (b *borderPatrol) describe() (string, string) { return "Border Patrol", "border_patrol" }

// op runs a Border Patrol patrol or checkpoint in a border-zone district.
func (b *borderPatrol) op(_ uint64, dr sim.Draws) {
	bp := &b.cfg.BorderPatrol
	op := operation{lead: AgencyBorderPatrol, kind: OpBorderPatrol, d: b.d[b.bzone[categorical(b.bzoneW, dr.Float64(oDistrict))]],
		agencies: AgencySet(0).With(AgencyBorderPatrol), hours: bp.OpHours, arrests: bp.Arrests, draws: dr}
	b.Model.join(&op)
	arrests := sim.Poisson(op.arrests, dr.Float64(oArrests))
	b.met.add(fArrestsByVenue, int(VenueBorder), float64(arrests))
	b.removeArrested(op.d, arrests, dr)
	vis := bp.Visibility * b.visibilityMultiplier(op.agencies)
	b.startOp(op.d, op.kind, op.agencies, op.hours, op.divert, true, vis, dr)
	b.shock(op.d, vis, op.local, int(op.kind))
}
