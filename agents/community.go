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
	aBooking      = 64           // booking draws are a sub-source
)

const maxWitnesses = 4

// crime handles the arrival of a victimization of one type in one district.
func (m *Model) crime(arg int64) {
	d := m.d[arg/NumCrimeTypes]
	ct := CrimeType(arg % NumCrimeTypes)
	m.nextCrime(d, ct)
	k := d.crimeN[ct]
	d.crimeN[ct]++
	dr := d.crimeDraws[ct].Sub(k)

	g, rp := m.victimGroup(d, ct, dr.Float64(aVictim))
	met := &m.met
	met.inc(fOccurredByGroup, int(g))
	met.inc(fOccurredByType, int(ct))
	m.off.occDay++
	reported := dr.Float64(aReport) < rp
	if m.opt.Observer != nil {
		m.opt.Observer.Crime(CrimeEvent{Hour: m.e.Now(), District: d.idx, Type: ct, Victim: g, Reported: reported})
	}
	if !reported {
		return
	}
	met.inc(fReportedByGroup, int(g))
	met.inc(fReportedByType, int(ct))

	rc := &m.cfg.Reporting
	wmean := rc.Witnesses.array()[ct]
	nw := min(sim.Poisson(wmean, dr.Float64(aWitnessN)), maxWitnesses)
	info := 0.0
	for i := range nw {
		wg := Group(categorical(d.shares[:], dr.Float64(aWitnessGroup+uint64(i))))
		met.inc(fWitnessesByGroup, int(wg))
		if dr.Float64(aWitnessCoop+uint64(i)) < m.coopProb(d, wg, rc.WitnessCooperation) {
			met.inc(fCooperatingByGroup, int(wg))
			info++
		}
	}
	if dr.Float64(aVictimCoop) < m.coopProb(d, g, rc.VictimCooperation) {
		info++
		met.inc(fVictimsCooperatingByGroup, int(g))
	}

	m.police.reported(d, ct, g, info, dr)
}

// reportProb is the chance that a victim of group g reports a crime of type
// ct in district d now.
func (m *Model) reportProb(d *district, g Group, ct CrimeType) float64 {
	return logistic(logit(m.cfg.Reporting.BaseRate.array()[ct]) + m.attitude(d, g))
}

// coopProb is the chance that a victim or witness of group g cooperates,
// given the base chance at reference attitudes.
func (m *Model) coopProb(d *district, g Group, base float64) float64 {
	return logistic(logit(base) + m.attitude(d, g))
}

// attitude is the shift in log-odds of contacting or helping police for
// group g in district d: trust raises it, fear and missing language access
// lower it.
func (m *Model) attitude(d *district, g Group) float64 {
	rc := &m.cfg.Reporting
	var a float64
	if m.cfg.Channels.Trust {
		a = rc.TrustSlope*(d.trust[g]-rc.TrustReference) - rc.FearSlope*m.effectiveFear(d, g)
	} else {
		// As if enforcement had changed neither trust nor fear.
		a = rc.TrustSlope*(d.trust0[g]-rc.TrustReference) - rc.FearSlope*clamp01(m.pol.baseFear[g])
	}
	if g != Citizen {
		a -= rc.LanguageSlope * (1 - d.lang)
	}
	return a
}

// fear returns the fear of immigration consequences of group g in district
// d, before protections.
func (m *Model) fear(d *district, g Group) float64 {
	return clamp01(m.pol.baseFear[g] + m.awareFear[g] + d.opFear[g])
}

// effectiveFear is the fear that weighs on a victim's or witness's decision:
// victim protections and oversight damp it.
func (m *Model) effectiveFear(d *district, g Group) float64 {
	return m.fear(d, g) * m.pol.fearDamping
}

// serviceGain adds the small trust gain of good service.
func (m *Model) serviceGain(d *district, g Group) {
	if n := d.pop * d.shares[g]; n > 0 {
		d.trust[g] = math.Min(1, d.trust[g]+m.cfg.Trust.ServiceGain*1000/n)
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
	sens := t.Sensitivity.array()
	exposure := t.FearExposure.array()
	mult := 1.0
	if local {
		mult = t.LocalShare
	}
	apply := func(dd *district, f float64) {
		for g := range NumGroups {
			dd.trust[g] = math.Max(0, dd.trust[g]-t.OpShock*v*sens[g]*mult*f)
			dd.opFear[g] = math.Min(1, dd.opFear[g]+t.OpFear*v*exposure[g]*mult*f)
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
		for g := range NumGroups {
			target := d.trust0[g] - m.pol.trustDrop[g]
			d.trust[g] = target + (d.trust[g]-target)*rec
			d.opFear[g] *= fade
		}
	}
}
