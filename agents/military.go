package agents

// military is the military support units: by their roles, logistics and
// transport raise ICE's operation rate, uniformed personnel (transport,
// law enforcement) are present at ICE's and Border Patrol's operations and
// make them more visible, surveillance support raises ICE's arrests, and
// units in law-enforcement roles count toward local involvement. Units
// accrue personnel-days while active. Which roles a unit may lawfully take
// (the Posse Comitatus Act) is checked by Config.Validate.
type military struct {
	*Model
	presence     bool // uniformed military at operations
	surveillance bool
	personnel    int // active personnel
}

// rankMilitary is its place among the agencies (see register).
const rankMilitary = 60

func init() {
	register(rankMilitary, func(m *Model) agency { return &military{Model: m} })
}

func (u *military) start() {}

func (u *military) refresh(p *policyState, day float64) {
	c := &u.cfg
	u.presence, u.surveillance = false, false
	u.personnel = 0
	le := false
	support := 0
	for _, unit := range c.Military.Units {
		if !active(day, unit.StartDay, unit.EndDay) {
			continue
		}
		u.personnel += unit.Personnel
		for _, r := range unit.Roles {
			if r.Support() {
				support += unit.Personnel
			}
			if r.Uniformed() {
				u.presence = true
			}
			switch r {
			case RoleSurveillanceSupport:
				u.surveillance = true
			case RoleLawEnforcement:
				le = true
			}
		}
	}
	if le {
		p.inv += c.Trust.Involvement.MilitaryLawEnforcement
	}
	p.opsBoost = 1 + c.Military.OpsBoostPer100*float64(support)/100
	p.presence[AgencyMilitary] = 1 + c.Military.PresenceVisibility
}

// join: uniformed military is present at ICE's and Border Patrol's
// operations; surveillance support raises ICE's arrests.
func (u *military) join(op *operation) {
	if u.presence && (op.lead == AgencyICE || op.lead == AgencyBorderPatrol) {
		op.agencies = op.agencies.With(AgencyMilitary)
	}
	if u.surveillance && op.lead == AgencyICE {
		op.arrests *= 1 + u.cfg.Military.SurveillanceBoost
	}
}

func (u *military) opsPerHour(*Config, *cityStats) (float64, float64) { return 0, 0 }

func (u *military) describe() (string, string) { return "", "" }

// day accrues the personnel-days of the active units.
func (u *military) day() { u.met.add(fMilitaryDays, 0, float64(u.personnel)) }
