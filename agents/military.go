package agents

// military is the military support units: by their roles, logistics and
// transport raise ICE's operation rate, uniformed personnel (transport,
// law enforcement) are present at ICE's and Border Patrol's operations and
// make them more visible, surveillance support raises ICE's arrests, and
// units in law-enforcement roles count toward local involvement. Units
// accrue personnel-days while active. Which roles a unit may lawfully take
// (the Posse Comitatus Act) is checked by Config.Validate.
//
// The personnel of the units that take part in operations (uniformed or
// surveillance roles) are a capacity: at an operation's start each takes
// one free detachment (military.personnel_per_op, or the whole unit) for
// the operation's duration (Model.commitMilitary); a unit with none free
// does not take part.
type military struct {
	*Model
	presence  bool // uniformed military at operations
	personnel int  // active personnel
}

// rankMilitary is its place among the agencies (see register).
const rankMilitary = 60

func init() {
	register(rankMilitary, func(m *Model) agency { return &military{Model: m} })
}

func (u *military) start() {}

func (u *military) refresh(p *policyState, day float64) {
	c := &u.cfg
	u.presence = false
	u.personnel = 0
	le := false
	support := 0
	u.ops.milUnits = u.ops.milUnits[:0]
	for i, unit := range c.Military.Units {
		if !active(day, unit.StartDay, unit.EndDay) {
			continue
		}
		u.personnel += unit.Personnel
		mu := milUnit{idx: i}
		for _, r := range unit.Roles {
			if r.Support() {
				support += unit.Personnel
			}
			if r.Uniformed() {
				u.presence = true
				mu.uniformed = true
			}
			switch r {
			case RoleSurveillanceSupport:
				mu.surveillance = true
			case RoleLawEnforcement:
				le = true
			}
		}
		if mu.uniformed || mu.surveillance {
			mu.size, mu.detachments = unit.Personnel, 1
			if n := c.Military.PersonnelPerOp; n > 0 && n < unit.Personnel {
				mu.size, mu.detachments = n, unit.Personnel/n
			}
			u.ops.milUnits = append(u.ops.milUnits, mu)
		}
	}
	if le {
		p.inv += c.Trust.Involvement.MilitaryLawEnforcement
	}
	p.opsBoost = 1 + c.Military.OpsBoostPer100*float64(support)/100
	p.presence[AgencyMilitary] = 1 + c.Military.PresenceVisibility
}

// join: uniformed military is planned to be present at ICE's and Border
// Patrol's operations (if a unit is free at the start, Model.commitMilitary,
// which also adds surveillance support to ICE's).
func (u *military) join(op *operation) {
	if u.presence && (op.lead == AgencyICE || op.lead == AgencyBorderPatrol) {
		op.agencies = op.agencies.With(AgencyMilitary)
	}
}

func (u *military) opsPerHour(*Config, *cityStats) (float64, float64) { return 0, 0 }

func (u *military) describe() (string, string) { return "", "" }

// day accrues the personnel-days of the active units.
func (u *military) day() { u.met.add(fMilitaryDays, 0, float64(u.personnel)) }
