package agents

import (
	"math"

	"github.com/agencysim/agencysim/sim"
)

// borderPatrol is U.S. Border Patrol: patrols and checkpoints in the
// districts of the border zone, and, where it may act (the border zone,
// or anywhere under an interior surge), a share of ICE's operations.
type borderPatrol struct {
	*Model
	jointVis float64 // visibility multiplier of Border Patrol's joint posture (border_patrol.joint_posture)
}

// rankBorderPatrol is its place among the agencies (see register).
const rankBorderPatrol = 40

func init() {
	register(rankBorderPatrol, func(m *Model) agency { return &borderPatrol{Model: m} })
}

func (b *borderPatrol) start() {
	b.newProc("border_patrol/ops", b, 0)
}

// procRate is the rate of Border Patrol's operations (its one process).
func (b *borderPatrol) procRate(int) float64 {
	if len(b.bzone) == 0 {
		return 0
	}
	return float64(b.cfg.BorderPatrol.Units) * b.cfg.BorderPatrol.OpsPerUnitWeek / 168
}

func (b *borderPatrol) procFire(_ int, k uint64, dr sim.Draws) { b.op(k, dr) }

// refresh applies a change of border_patrol.zone_miles (a timeline entry
// or a live change): each district's border flag and the border-zone lists
// are derived anew, and the patrol process follows at the reschedule that
// ends the refresh. It also sets the visibility multiplier of Border
// Patrol's joint posture: safety.posture_visibility of
// border_patrol.joint_posture over that of the posture in force, at least 1.
func (b *borderPatrol) refresh(p *policyState, _ float64) {
	if z := b.cfg.BorderPatrol.ZoneMiles; z != b.zone {
		b.setBorderZone(z)
	}
	pv := b.cfg.Safety.PostureVisibility.array()
	b.jointVis = 1
	if cur := pv[b.cfg.Policies.TacticalPosture]; cur > 0 {
		b.jointVis = math.Max(1, pv[b.cfg.BorderPatrol.JointPosture]/cur)
	}
}

// setBorderZone sets the border zone to zone miles: d.border for every
// district, the districts of the zone (bzone) with their current
// populations (bzoneW), and the population state's index into them.
func (m *Model) setBorderZone(zone float64) {
	m.zone = zone
	m.bzone, m.bzoneW = m.bzone[:0], m.bzoneW[:0]
	for i, d := range m.d {
		d.border = d.borderMile <= zone
		if m.popu.bzone != nil {
			m.popu.bzone[i] = -1
		}
		if d.border {
			if m.popu.bzone != nil {
				m.popu.bzone[i] = len(m.bzone)
			}
			m.bzone = append(m.bzone, i)
			m.bzoneW = append(m.bzoneW, d.pop)
		}
	}
}

// join: Border Patrol joins a share of ICE's operations where it may act,
// seen at its joint posture; its units (border_patrol.surge_units) are
// taken when the operation starts, if free, and add arrests.
func (b *borderPatrol) join(op *operation) {
	bp := &b.cfg.BorderPatrol
	if op.lead == AgencyICE && bp.Units > 0 && (bp.InteriorSurge || op.d.border) && op.draws.Float64(oBorderPatrol) < bp.SurgeShare {
		op.agencies = op.agencies.With(AgencyBorderPatrol)
		op.bpVis = b.jointVis
	}
}

func (b *borderPatrol) opsPerHour(c *Config, _ *cityStats) (float64, float64) {
	return float64(c.BorderPatrol.Units) * c.BorderPatrol.OpsPerUnitWeek / 168, c.BorderPatrol.OpHours
}

func (b *borderPatrol) describe() (string, string) { return "Border Patrol", "border_patrol" }

// op runs a Border Patrol patrol or checkpoint in a border-zone district
// (one unit; routine, so it starts when planned).
func (b *borderPatrol) op(_ uint64, dr sim.Draws) {
	bp := &b.cfg.BorderPatrol
	op := newOp(AgencyBorderPatrol, OpBorderPatrol, b.d[b.bzone[categorical(b.bzoneW, dr.Float64(oDistrict))]], dr)
	op.venue, op.hours, op.arrests, op.immigration, op.vis = VenueBorder, bp.OpHours, bp.Arrests, true, bp.Visibility
	b.Model.join(&op)
	b.planOp(op, 0)
}
