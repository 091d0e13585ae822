package agents

import "math"

// This file is the cohorts: each group of a district split by ethnicity
// (Hispanic or not), the members of mixed-status households among its
// citizens and lawful noncitizens, and the spread of risk aversion among
// the residents of a cohort (docs/model.md, Cohorts).
//
// Trust and operation-driven fear are kept per district × cohort. A victim
// or witness is drawn as a person: a cohort, whether they live in a
// mixed-status household (they then feel community.household_fear of the
// fear of the undocumented residents of their ethnicity in the district),
// and a risk-aversion multiplier on fear (lognormal, mean 1,
// community.fear_heterogeneity). Their chance of reporting or cooperating
// is
//
//	logit p = logit(base) + trust_slope·(T_{d,c} − trust_reference)
//	          − fear_slope·r·F_person − language_slope·(1 − language_access)·[noncitizen]
//
// so a cohort's reporting is a mixture over its members, and those with the
// most fear (mixed-status households, high r) stop reporting first.

// setCohortShares derives the cohort shares from the group shares and the
// Hispanic share of each group.
func (d *district) setCohortShares() {
	for c := range Cohort(NumCohorts) {
		h := d.hisp[c.Group()]
		if c.Ethnicity() != Hispanic {
			h = 1 - h
		}
		d.cshares[c] = d.shares[c.Group()] * h
	}
}

// person is a victim or witness: their cohort, whether they live in a
// mixed-status household, and how strongly they weigh fear.
type person struct {
	c     Cohort
	mixed bool
	risk  float64
}

// drawPerson returns a member of cohort c of district d drawn from two
// uniform numbers: one for the household, one for risk aversion.
func (m *Model) drawPerson(c Cohort, uMixed, uRisk float64) person {
	return person{c: c, mixed: uMixed < m.mixed[c], risk: m.riskMultiplier(uRisk)}
}

// riskMultiplier is the lognormal risk-aversion multiplier of mean 1 at
// quantile u.
func (m *Model) riskMultiplier(u float64) float64 {
	s := m.cfg.Community.FearHeterogeneity
	if s == 0 {
		return 1
	}
	z := math.Sqrt2 * math.Erfinv(2*u-1)
	return math.Exp(s*z - s*s/2)
}

// ownFear is cohort c's fear in district d of immigration consequences for
// themselves, before protections: the group's baseline, its fear of local
// involvement (lagged, harm.go) and the cohort's operation-driven fear.
// With the trust channel off it is the baseline alone.
func (m *Model) ownFear(d *district, c Cohort) float64 {
	g := c.Group()
	if !m.cfg.Channels.Trust {
		return clamp01(m.pol.baseFear[g])
	}
	return clamp01(m.pol.baseFear[g] + m.awareFear[g] + d.opFear[c])
}

// householdFear is the fear a member of cohort c's mixed-status households
// feels for its undocumented member.
func (m *Model) householdFear(d *district, c Cohort) float64 {
	return m.cfg.Community.HouseholdFear * m.ownFear(d, CohortOf(Undocumented, c.Ethnicity()))
}

// personFear is the fear of person p in district d, before protections.
func (m *Model) personFear(d *district, p person) float64 {
	f := m.ownFear(d, p.c)
	if p.mixed {
		f = clamp01(f + m.householdFear(d, p.c))
	}
	return f
}

// cohortFear is the mean fear of cohort c in district d over its
// households, before protections.
func (m *Model) cohortFear(d *district, c Cohort) float64 {
	f := m.ownFear(d, c)
	if ms := m.mixed[c]; ms > 0 {
		f = (1-ms)*f + ms*clamp01(f+m.householdFear(d, c))
	}
	return f
}

// attitudeOf is the shift in log-odds of contacting or helping police of a
// member of cohort c in district d who feels fear f and weighs it by risk:
// trust raises it, fear and missing language access lower it.
func (m *Model) attitudeOf(d *district, c Cohort, f, risk float64) float64 {
	rc := &m.cfg.Reporting
	var a float64
	if m.cfg.Channels.Trust {
		a = rc.TrustSlope*(d.trust[c]-rc.TrustReference) - rc.FearSlope*risk*f*m.pol.fearDamping
	} else {
		// As if enforcement had changed neither trust nor fear.
		a = rc.TrustSlope*(d.trust0[c]-rc.TrustReference) - rc.FearSlope*risk*f
	}
	if c.Group() != Citizen {
		a -= rc.LanguageSlope * (1 - d.lang)
	}
	return a
}

// personAttitude is attitudeOf for person p.
func (m *Model) personAttitude(d *district, p person) float64 {
	return m.attitudeOf(d, p.c, m.personFear(d, p), p.risk)
}

// cohortAttitude is attitudeOf for a member of cohort c of mean fear and
// risk aversion (the offenders' view of how a cohort reports).
func (m *Model) cohortAttitude(d *district, c Cohort) float64 {
	return m.attitudeOf(d, c, m.cohortFear(d, c), 1)
}

// chance is the chance that person p in district d reports or cooperates,
// given the base chance at reference attitudes.
func (m *Model) chance(d *district, p person, baseLogit float64) float64 {
	return logistic(baseLogit + m.personAttitude(d, p))
}

// cohortSensitivity fills the trust sensitivity of each cohort to visible
// immigration enforcement: the group's, times community.hispanic_sensitivity
// for Hispanic citizens and lawful noncitizens, at most the undocumented
// residents'.
func (m *Model) cohortSensitivity(sens perGroup) perCohort {
	var s perCohort
	top := sens[Undocumented]
	for c := range Cohort(NumCohorts) {
		s[c] = sens[c.Group()]
		if c.Ethnicity() == Hispanic && c.Group() != Undocumented {
			s[c] = math.Min(math.Max(top, s[c]), s[c]*m.cfg.Community.HispanicSensitivity)
		}
	}
	return s
}

// means are the population-weighted means over the districts of a figure
// of (district, cohort): by cohort, by group (over the group's cohorts)
// and by ethnicity (over the groups); NaN where the weights sum to 0.
type means struct {
	cohort    perCohort
	group     perGroup
	ethnicity [NumEthnicities]float64
}

// districtMeans returns the means of f, evaluating f once for each district
// and cohort. Each mean adds its terms in the order of districts and then
// cohorts, as a separate pass for it would.
func (m *Model) districtMeans(f func(d *district, c Cohort) float64) means {
	var num, den means
	for _, d := range m.d {
		for c := range Cohort(NumCohorts) {
			w := d.pop * d.cshares[c]
			x := w * f(d, c)
			num.cohort[c] += x
			den.cohort[c] += w
			num.group[c.Group()] += x
			den.group[c.Group()] += w
			num.ethnicity[c.Ethnicity()] += x
			den.ethnicity[c.Ethnicity()] += w
		}
	}
	divide(num.cohort[:], den.cohort[:])
	divide(num.group[:], den.group[:])
	divide(num.ethnicity[:], den.ethnicity[:])
	return num
}

// divide divides num by den element by element (NaN where den is 0).
func divide(num, den []float64) {
	for i := range num {
		if den[i] > 0 {
			num[i] /= den[i]
		} else {
			num[i] = math.NaN()
		}
	}
}

// districtTrust is the trust in police of cohort c in district d, the
// figure whose means are the trust metrics.
func districtTrust(d *district, c Cohort) float64 { return d.trust[c] }

// TrustByCohort returns the current population-weighted trust of each
// cohort.
func (m *Model) TrustByCohort() [NumCohorts]float64 {
	return m.districtMeans(districtTrust).cohort
}

// FearByCohort returns the current population-weighted mean fear of
// immigration consequences of each cohort, mixed-status households
// included.
func (m *Model) FearByCohort() [NumCohorts]float64 {
	return m.districtMeans(m.cohortFear).cohort
}
