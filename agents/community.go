package agents

import (
	"math"

	"github.com/agencysim/agencysim/sim"
)

// This file is the community: victimizations, the decisions of victims and
// witnesses to report and cooperate, and the trust and fear that
// enforcement changes and that recover over time.

// Attribute indices of a crime's counter-based draws. Every crime reads the
// same indices whatever happens to it, so policy arms stay aligned.
const (
	aVictim = iota
	aReport
	aWitnessN
	aWitnessGroup // 4 slots
	aWitnessCoop  = aWitnessGroup + maxWitnesses
	aVictimCoop   = aWitnessCoop + maxWitnesses
	aClear        = aVictimCoop + 1
	aOffender     = aClear + 1
	aInvestigate  = aOffender + 1
	aTravel       = aInvestigate + 1 // 3 slots (gamma shape 3)
	aOnScene      = aTravel + 3
	aStock        = aOnScene + 1 // whether the offender arrested was of the stock, and of which group
	aVictimMixed  = aStock + 1   // the victim's household (cohorts.go)
	aVictimRisk   = aVictimMixed + 1
	aWitnessMixed = aVictimRisk + 1 // 4 slots
	aWitnessRisk  = aWitnessMixed + maxWitnesses
	aBooking      = 64 // booking draws are a sub-source
)

const maxWitnesses = 4

// crime handles the arrival of a victimization of one type in one district.
func (m *Model) crime(i int, ct CrimeType) {
	d, p := m.d[i], m.proc(i, int(ct))
	m.nextCrime(i, ct)
	dr := p.event()

	c := m.victimCohort(d, ct, dr.Float64(aVictim))
	g := c.Group()
	v := m.drawPerson(c, dr.Float64(aVictimMixed), dr.Float64(aVictimRisk))
	rp := m.chance(d, v, m.off.baseLogit[ct])
	met := &m.met
	met.inc(fOccurredByGroup, int(g))
	met.inc(fOccurredByCohort, int(c))
	met.inc(fOccurredByType, int(ct))
	m.off.occDay++
	reported := dr.Float64(aReport) < rp
	if m.opt.Observer != nil {
		m.opt.Observer.Crime(CrimeEvent{Hour: m.e.Now(), District: d.idx, Type: ct, Victim: g, Cohort: c, Reported: reported})
	}
	if !reported {
		return
	}
	met.inc(fReportedByGroup, int(g))
	met.inc(fReportedByCohort, int(c))
	met.inc(fReportedByType, int(ct))

	rc := &m.cfg.Reporting
	wmean := rc.Witnesses.array()[ct]
	nw := min(sim.Poisson(wmean, dr.Float64(aWitnessN)), maxWitnesses)
	info := 0.0
	for i := range nw {
		wc := Cohort(categorical(d.cshares[:], dr.Float64(aWitnessGroup+uint64(i))))
		wg := wc.Group()
		met.inc(fWitnessesByGroup, int(wg))
		w := m.drawPerson(wc, dr.Float64(aWitnessMixed+uint64(i)), dr.Float64(aWitnessRisk+uint64(i)))
		if dr.Float64(aWitnessCoop+uint64(i)) < m.chance(d, w, m.off.witnessLogit) {
			met.inc(fCooperatingByGroup, int(wg))
			info++
		}
	}
	if dr.Float64(aVictimCoop) < m.chance(d, v, m.off.victimLogit) {
		info++
		met.inc(fVictimsCooperatingByGroup, int(g))
	}

	m.police.reported(d, ct, c, info, dr)
}

// serviceGain adds the small trust gain of good service to cohort c.
func (m *Model) serviceGain(d *district, c Cohort) {
	if n := d.pop * d.cshares[c]; n > 0 {
		d.trust[c] = min(1, d.trust[c]+m.cfg.Trust.ServiceGain*1000/n) // the builtin: math.Min's result (clamp01)
	}
}

// shock applies the trust and fear effects of a visible enforcement action
// of visibility v in district d and, by spill-over, its neighbours. local
// says whether local police were seen to take part.
//
// Repeated operations in slot (their kind, or habitStops) shock less: the
// shock is multiplied by trust.habituation^n (see harm.go).
func (m *Model) shock(d *district, v float64, local bool, slot int) {
	t := &m.cfg.Trust
	v *= m.habituation(d, slot)
	sens := &m.pol.sens
	exposure := t.FearExposure.array()
	mult := 1.0
	if local {
		mult = t.LocalShare
	}
	apply := func(dd *district, f float64) {
		for c := range Cohort(NumCohorts) {
			dd.trust[c] = math.Max(0, dd.trust[c]-t.OpShock*v*sens[c]*mult*f)
			dd.opFear[c] = math.Min(1, dd.opFear[c]+t.OpFear*v*exposure[c.Group()]*mult*f)
		}
	}
	apply(d, 1)
	for _, n := range d.neighbours {
		apply(m.d[n], t.Spillover)
	}
}

// recover runs the daily recovery: trust returns toward its long-run level
// (lowered by local involvement in immigration enforcement), faster with
// outreach, and operation-driven fear fades.
func (m *Model) recover() {
	t := &m.cfg.Trust
	m.awarenessDay()
	rec := math.Exp(-math.Ln2 / t.HalfLifeDays * (1 + t.OutreachSpeedup*m.cfg.Policies.Outreach))
	fade := math.Exp(-math.Ln2 / t.FearHalfLifeDays)
	for _, d := range m.d {
		for c := range NumCohorts {
			target := d.trust0[c] - m.pol.trustDrop[c]
			d.trust[c] = target + (d.trust[c]-target)*rec
			d.opFear[c] *= fade
		}
	}
}
