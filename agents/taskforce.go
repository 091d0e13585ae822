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
		t.procs = append(t.procs, t.newProc("task_force/"+t.cfg.Agreements.TaskForces[i].Name, t, i))
	}
}

// procRate is the rate of task force i's operations.
func (t *taskForces) procRate(i int) float64 {
	if i >= len(t.cfg.Agreements.TaskForces) {
		return 0
	}
	tf := t.cfg.Agreements.TaskForces[i]
	if !active(t.e.Now()/24, tf.StartDay, tf.EndDay) {
		return 0
	}
	return tf.OpsPerMonth * 12 / 8760
}

func (t *taskForces) procFire(i int, _ uint64, dr sim.Draws) { t.op(i, dr) }

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

// op plans a joint operation of task force i (agreements.task_forces[].officers_per_op
// of its officers), led by the first agency it lists (police if it lists
// them), at a lead time of operations.lead_hours. Immigration arrests go
// into ICE's custody, criminal arrests are booked into the jail.
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
	lead := AgencyPolice
	if !agencies.Has(AgencyPolice) && len(tf.Agencies) > 0 {
		lead = tf.Agencies[0]
	}
	op := newOp(lead, OpTaskForce, t.d[categorical(w, dr.Float64(oDistrict))], dr)
	op.agencies, op.venue, op.hours, op.arrests, op.immigration, op.vis = agencies, VenueTaskForce, tf.OpHours, tf.Arrests, immigration, tf.Visibility
	op.tf, op.need = i, tf.OfficersPerOp
	op.local = agencies.Has(AgencyPolice)
	if op.local {
		op.divert = tf.PoliceUnits
	}
	op.custody = AgencyICE
	if !immigration {
		op.custody = AgencyPolice
	}
	t.planOp(op, t.cfg.Operations.LeadHours)
}
