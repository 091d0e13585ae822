package agents

import "github.com/agencysim/agencysim/sim"

// taskForces are the joint task forces under a memorandum of agreement:
// each runs operations with the agencies it lists, on its focus —
// trafficking, narcotics, fugitives (criminal arrests, booked into the
// jail) or immigration.
type taskForces struct {
	*Model
	procs   []*poissonProc // by task force; those a change adds are appended
	started bool
}

// rankTaskForces is its place among the agencies (see register).
const rankTaskForces = 50

func init() {
	register(rankTaskForces, func(m *Model) agency { return &taskForces{Model: m} })
}

func (t *taskForces) start() {
	t.started = true
	t.addProcs()
}

// addProcs gives the task forces that have none (those added by a change)
// their process.
func (t *taskForces) addProcs() {
	for i := len(t.procs); i < len(t.cfg.Agreements.TaskForces); i++ {
		t.procs = append(t.procs, t.newProc("task_force/"+t.cfg.Agreements.TaskForces[i].Name, func() float64 {
			if i >= len(t.cfg.Agreements.TaskForces) {
				return 0
			}
			tf := t.cfg.Agreements.TaskForces[i]
			if !active(t.e.Now()/24, tf.StartDay, tf.EndDay) {
				return 0
			}
			return tf.OpsPerMonth * 12 / 8760
		}, func(_ uint64, dr sim.Draws) { t.op(i, dr) }))
	}
}

// refresh adds the weight of an active immigration task force with local
// police in local involvement, and gives new task forces a process.
func (t *taskForces) refresh(p *policyState, day float64) {
	for _, tf := range t.cfg.Agreements.TaskForces {
		if !tf.Focus.Criminal() && agencySetOf(tf.Agencies).Has(AgencyPolice) && active(day, tf.StartDay, tf.EndDay) {
			p.inv += t.cfg.Trust.Involvement.ImmigrationTaskForce
			break
		}
	}
	if t.started {
		t.addProcs()
	}
}

func (t *taskForces) join(*operation) {}

func (t *taskForces) opsPerHour(c *Config, _ *cityStats) (rate, hours float64) {
	for _, tf := range c.Agreements.TaskForces {
		rate += tf.OpsPerMonth * 12 / 8760
		hours = max(hours, tf.OpHours)
	}
	return rate, hours
}

func (t *taskForces) describe() (string, string) { return "task forces", "agreements.task_forces" }

// taskForceBookings is the expected rate an hour of task-force arrests
// booked into the jail (at most max_booked an operation).
func taskForceBookings(c *Config) float64 {
	r := 0.0
	for _, tf := range c.Agreements.TaskForces {
		r += tf.OpsPerMonth * 12 / 8760 * min(tf.Arrests, float64(tf.MaxBooked))
	}
	return r
}

// agencySetOf returns the set of the agencies listed.
func agencySetOf(list []Agency) AgencySet {
	var s AgencySet
	for _, a := range list {
		s = s.With(a)
	}
	return s
}

// op runs a joint operation of task force i.
func (t *taskForces) op(i int, dr sim.Draws) {
	tf := t.cfg.Agreements.TaskForces[i]
	agencies := agencySetOf(tf.Agencies)
	immigration := !tf.Focus.Criminal()
	w := t.popW
	if immigration {
		w = t.undocW
	}
	if totalWeight(w) == 0 {
		return
	}
	d := t.d[categorical(w, dr.Float64(oDistrict))]
	local := agencies.Has(AgencyPolice)
	divert := 0
	if local {
		divert = tf.PoliceUnits
	}
	arrests := sim.Poisson(tf.Arrests, dr.Float64(oArrests))
	if immigration {
		t.met.add(fArrestsByVenue, int(VenueTaskForce), float64(arrests))
		t.removeArrested(d, arrests, dr)
	} else {
		// Criminal arrests are booked into the jail.
		t.met.add(fCriminalByFocus, int(tf.Focus), float64(arrests))
		for j := range min(arrests, tf.MaxBooked) {
			sub := dr.Sub(uint64(oBookings + j))
			g := Group(categorical(d.offendW[:], sub.Float64(0)))
			t.jail.book(d, g, LevelSerious, false, sub.Sub(aBooking))
		}
	}
	vis := tf.Visibility * t.visibilityMultiplier(agencies)
	switch {
	case immigration:
	case agencies.Has(AgencyICE) || agencies.Has(AgencyBorderPatrol):
		// Federal immigration agencies are seen even on other work.
		vis *= tf.FederalVisibility
	default:
		vis = 0
	}
	t.startOp(d, OpTaskForce, agencies, tf.OpHours, divert, immigration, vis, dr)
	if vis > 0 {
		t.shock(d, vis, local, int(OpTaskForce))
	}
}
