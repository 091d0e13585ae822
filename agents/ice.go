package agents

import "github.com/agencysim/agencysim/sim"

// iceAgency is Immigration and Customs Enforcement: at-large, courthouse
// and worksite operations in the districts where undocumented residents
// live, and follow-up operations after a declined detainer or a warrant hit
// at a stop. (Its detainers are lodged in the jail: see jail.go.)
type iceAgency struct {
	*Model
	procs      [numICEOps]*poissonProc
	followUps  slab[followUpRec]
	onFollowUp sim.Action
}

// rankICE is its place among the agencies (see register).
const rankICE = 30

func init() {
	register(rankICE, func(m *Model) agency {
		a := &iceAgency{Model: m}
		a.onFollowUp = a.followUp
		return a
	})
}

// iceOpType is a type of ICE field operation.
type iceOpType int

// The ICE operation types.
const (
	opAtLarge iceOpType = iota
	opCourthouse
	opWorksite
	numICEOps = 3
)

var iceOpVocab = newVocab[iceOpType]("ICE operation type", term{name: "at_large"}, term{name: "courthouse"}, term{name: "worksite"})

// kind and venue are the operation kind and the venue of the arrests of an
// ICE operation of type t.
func (t iceOpType) kind() OpKind { return OpICEAtLarge + OpKind(t) }
func (t iceOpType) venue() Venue { return VenueAtLarge + Venue(t) }

// iceRates are the planned rates of each operation type per hour, before
// military logistics support.
func iceRates(c *ICE) [numICEOps]float64 {
	return [numICEOps]float64{
		float64(c.Teams) * c.AtLargePerTeamWeek / 168,
		c.CourthousePerMonth * 12 / 8760,
		c.WorksitePerYear / 8760,
	}
}

func (a *iceAgency) start() {
	for t := range iceOpType(numICEOps) {
		a.procs[t] = a.newProc("ice/"+iceOpVocab.name(t), a, int(t))
	}
}

// procRate is the rate of ICE's operations of type i.
func (a *iceAgency) procRate(i int) float64 { return iceRates(&a.cfg.ICE)[i] * a.pol.opsBoost }

func (a *iceAgency) procFire(i int, _ uint64, dr sim.Draws) { a.op(iceOpType(i), dr, -1) }

func (a *iceAgency) refresh(*policyState, float64) {}

func (a *iceAgency) join(*operation) {}

func (a *iceAgency) opsPerHour(c *Config, st *cityStats) (float64, float64) {
	r := iceRates(&c.ICE)
	boost := 1 + c.Military.OpsBoostPer100*float64(st.support)/100
	h := c.ICE.OpHours
	return (r[opAtLarge]+r[opCourthouse]+r[opWorksite])*boost + followUpRate(c, st), max(h.AtLarge, h.Courthouse, h.Worksite)
}

func (a *iceAgency) describe() (string, string) { return "ICE", "ice" }

// followUpRate is the expected rate of follow-up operations an hour, an
// upper bound (see Workload).
func followUpRate(c *Config, st *cityStats) float64 {
	follow := 0.0
	if c.Policies.Detainers != HonorAll && c.Policies.InfoSharing.NotifyRelease {
		follow += removableBookings(c, st)
	}
	if c.Policies.InfoSharing.WarrantQueries {
		follow += st.stopRate * st.undoc * c.Police.WarrantHitRate
	}
	return follow * c.ICE.FollowUpDeclined
}

// op plans an ICE field operation of type typ (ice.teams_per_op teams,
// custody ICE's): at a lead time of operations.lead_hours, or, for a
// follow-up (district given), at once. district < 0 means ICE chooses the
// district, weighted by its undocumented population.
func (a *iceAgency) op(typ iceOpType, dr sim.Draws, district int) {
	lead := a.cfg.Operations.LeadHours
	if district < 0 {
		if totalWeight(a.undocW) == 0 {
			return
		}
		district = categorical(a.undocW, dr.Float64(oDistrict))
	} else {
		lead = 0
	}
	c := &a.cfg.ICE
	op := newOp(AgencyICE, typ.kind(), a.d[district], dr)
	op.venue, op.hours, op.arrests, op.immigration = typ.venue(), c.OpHours.array()[typ], c.Arrests.array()[typ], true
	op.vis, op.need = c.Visibility.array()[typ], c.TeamsPerOp.array()[typ]
	a.Model.join(&op)
	a.planOp(op, lead)
}

// followUpRec is an at-large operation ICE plans after a declined detainer
// or a warrant hit it could not act on at the stop.
type followUpRec struct {
	district int
	draws    sim.Draws
}

// scheduleFollowUp plans a follow-up operation. Records of follow-ups that
// have run are reused, so the list holds only the planned ones.
func (a *iceAgency) scheduleFollowUp(district int, dr sim.Draws) {
	i := a.followUps.add(followUpRec{district: district, draws: dr})
	delay := expDraw(dr.Float64(oBookings+1), a.cfg.ICE.FollowUpDays*24)
	a.e.After(delay, prioNormal, a.onFollowUp, int64(i))
}

func (a *iceAgency) followUp(arg int64) {
	f := a.followUps.take(int32(arg))
	a.met.inc(fFollowUps, 0)
	a.op(opAtLarge, f.draws, f.district)
}
