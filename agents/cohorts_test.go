package agents

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Cohorts are numbered group-major and labelled from the two vocabularies.
func TestCohortVocabulary(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for c := range Cohort(NumCohorts) {
		assert.Equal(t, c, CohortOf(c.Group(), c.Ethnicity()))
		assert.Equal(t, c.Group().String()+"_"+c.Ethnicity().String(), c.String())
		back, ok := ParseCohort(c.String())
		assert.True(t, ok)
		assert.Equal(t, c, back)
		assert.False(t, seen[c.Label()], "labels differ: %s", c.Label())
		seen[c.Label()] = true
	}
	assert.Equal(t, "Hispanic citizen", CohortOf(Citizen, Hispanic).Label())
	assert.Equal(t, Undocumented, CohortOf(Undocumented, NonHispanic).Group())
}

// The most risk-averse members of a cohort stop reporting first: as fear
// rises from nothing, the top decile of risk aversion loses far more of
// its chance of reporting than the bottom decile, and the cohort's mean
// chance falls non-linearly (its first step costs more than a later one of
// the same size, unlike a cohort of identical members).
func TestRiskAversionMakesTheMostExposedStopFirst(t *testing.T) {
	t.Parallel()
	m := cityOf(t, 1.5, [][2]float64{{0, 0}})
	d := m.d[0]
	c := CohortOf(Undocumented, Hispanic)
	bl := logit(0.45)
	at := func(f, r float64) float64 { return logistic(bl + m.attitudeOf(d, c, f, r)) }
	lo, hi := m.riskMultiplier(0.05), m.riskMultiplier(0.95)
	require.Less(t, lo, 1.0)
	require.Greater(t, hi, 1.0)
	dropLo, dropHi := at(0, lo)-at(0.2, lo), at(0, hi)-at(0.2, hi)
	assert.Greater(t, dropHi, 4*dropLo, "the top decile stops reporting first (%.3f vs %.3f)", dropHi, dropLo)

	mean := func(f float64) float64 { // over the risk quantiles
		const n = 2000
		s := 0.0
		for i := range n {
			s += at(f, m.riskMultiplier((float64(i)+0.5)/n))
		}
		return s / n
	}
	// Heterogeneous: the first 0.2 of fear costs more than the next 0.2
	// by a wider margin than for identical members.
	het := (mean(0) - mean(0.2)) / (mean(0.2) - mean(0.4))
	same := (at(0, 1) - at(0.2, 1)) / (at(0.2, 1) - at(0.4, 1))
	assert.Greater(t, het, same+0.05, "heterogeneity bends the response (%.3f vs %.3f)", het, same)

	// The multiplier has mean 1 whatever the spread.
	const n = 20000
	s := 0.0
	for i := range n {
		s += m.riskMultiplier((float64(i) + 0.5) / n)
	}
	assert.InDelta(t, 1, s/n, 0.01)
	m.cfg.Community.FearHeterogeneity = 0
	assert.Equal(t, 1.0, m.riskMultiplier(0.99))
}

// A member of a mixed-status household feels the fear of its undocumented
// member; one outside does not.
func TestMixedStatusHouseholdsCarryFear(t *testing.T) {
	t.Parallel()
	m := cityOf(t, 1.5, [][2]float64{{0, 0}})
	d := m.d[0]
	d.opFear[CohortOf(Undocumented, Hispanic)] = 0.3
	c := CohortOf(Citizen, Hispanic)
	in := m.personFear(d, person{c: c, mixed: true, risk: 1})
	out := m.personFear(d, person{c: c, mixed: false, risk: 1})
	assert.Zero(t, out, "a citizen outside a mixed-status household fears nothing for themselves")
	assert.InDelta(t, m.cfg.Community.HouseholdFear*m.ownFear(d, CohortOf(Undocumented, Hispanic)), in, 1e-12)
	assert.InDelta(t, m.mixed[c]*in, m.cohortFear(d, c), 1e-12, "the cohort's mean over households")
	// The operation frightened the Hispanic undocumented residents only.
	other := m.personFear(d, person{c: CohortOf(Citizen, NonHispanic), mixed: true, risk: 1})
	assert.InDelta(t, m.cfg.Community.HouseholdFear*m.ownFear(d, CohortOf(Undocumented, NonHispanic)), other, 1e-12)
	assert.Less(t, other, in)
}

// Hispanic citizens' trust responds more to visible enforcement than
// other citizens', by community.hispanic_sensitivity, capped at the
// undocumented residents'.
func TestHispanicResidentsFeelEnforcementMore(t *testing.T) {
	t.Parallel()
	m := cityOf(t, 0.1, [][2]float64{{0, 0}})
	d := m.d[0]
	before := d.trust
	m.shock(d, 1, false, int(OpICEAtLarge))
	drop := func(c Cohort) float64 { return before[c] - d.trust[c] }
	h := m.cfg.Community.HispanicSensitivity
	assert.InDelta(t, h*drop(CohortOf(Citizen, NonHispanic)), drop(CohortOf(Citizen, Hispanic)), 1e-12)
	assert.InDelta(t, drop(CohortOf(Undocumented, Hispanic)), drop(CohortOf(LawfulNoncitizen, Hispanic)), 1e-12,
		"lawful Hispanic residents: 0.5 × 2 = 1, capped at the undocumented's")
	assert.Equal(t, drop(CohortOf(Undocumented, Hispanic)), drop(CohortOf(Undocumented, NonHispanic)))
}

// However the population moves, the cohorts split each group in the
// district's fixed Hispanic shares and sum to the group's share.
func TestCohortSharesFollowTheGroups(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	c.Agreements.G287.Model = G287TaskForce // out-migration and removals move the population
	m, err := New(&c, Options{Seed: 3, Days: 200})
	require.NoError(t, err)
	m.Run()
	moved := false
	for i, d := range m.d {
		tot := 0.0
		for g := range Group(NumGroups) {
			h, o := d.cshares[CohortOf(g, Hispanic)], d.cshares[CohortOf(g, NonHispanic)]
			assert.InDelta(t, d.shares[g], h+o, 1e-12)
			if d.shares[g] > 0 {
				assert.InDelta(t, d.hisp[g], h/d.shares[g], 1e-12)
			}
			tot += h + o
		}
		assert.InDelta(t, 1, tot, 1e-12)
		if math.Abs(d.shares[Undocumented]-c.City.Districts[i].Groups.Undocumented) > 1e-6 {
			moved = true
		}
	}
	assert.True(t, moved, "the population moved")
}

// Splitting groups by ethnicity does not move victims between groups: with
// cohorts that behave alike (no mixed-status households, no extra Hispanic
// sensitivity, no spread of risk aversion), any Hispanic shares give the
// same victims and reports by group under the same seed.
func TestEthnicSharesAloneChangeNoGroupOutcome(t *testing.T) {
	t.Parallel()
	alike := func(h float64) *Summary {
		c := DefaultConfig()
		c.Community.MixedStatus = MixedStatus{}
		c.Community.HispanicSensitivity = 1
		c.Community.FearHeterogeneity = 0
		for i := range c.City.Districts {
			c.City.Districts[i].Hispanic = HispanicShares{Citizen: h, LawfulNoncitizen: h, Undocumented: h}
		}
		m, err := New(&c, Options{Seed: 9, Days: 120})
		require.NoError(t, err)
		return m.Run()
	}
	a, b := alike(0.1), alike(0.7)
	for _, f := range []string{"crimes.by_group.{name}.occurred", "crimes.by_group.{name}.reported"} {
		for _, id := range MustFamily(f).IDs {
			assert.Equal(t, a.Value(id), b.Value(id), MetricOf(id).Key)
		}
	}
	assert.NotEqual(t, a.Get("crimes.by_ethnicity.hispanic.occurred"), b.Get("crimes.by_ethnicity.hispanic.occurred"))
}

// Under a 287(g) task force, Hispanic citizens (more often in mixed-status
// households, more sensitive to enforcement) lose more of their reporting
// than other citizens, paired under common random numbers.
func TestTaskForceChillsHispanicCitizensMore(t *testing.T) {
	t.Parallel()
	arm := func(tf bool) *Summary {
		c := DefaultConfig()
		if tf {
			c.Agreements.G287.Model = G287TaskForce
		}
		c.Population.NoncitizenHazard = 0
		tmpl := c.City.Districts[0]
		tmpl.Population = 50000
		c.City.Districts = nil
		c.City.Grid.Rows, c.City.Grid.Cols, c.City.Grid.Template = 2, 2, tmpl
		m, err := New(&c, Options{Seed: 4, Days: 365})
		require.NoError(t, err)
		return m.Run()
	}
	b, tf := arm(false), arm(true)
	t.Logf("rate H %v→%v, other %v→%v", b.Get("crimes.by_cohort.citizen_hispanic.rate"), tf.Get("crimes.by_cohort.citizen_hispanic.rate"), b.Get("crimes.by_cohort.citizen_other.rate"), tf.Get("crimes.by_cohort.citizen_other.rate"))
	rel := func(key string) float64 { return tf.Get(key)/b.Get(key) - 1 }
	h, o := rel("crimes.by_cohort.citizen_hispanic.rate"), rel("crimes.by_cohort.citizen_other.rate")
	assert.Less(t, h, o, "Hispanic citizens' reporting rate falls more (%.4f vs %.4f)", h, o)
	assert.Less(t, tf.Get("cohorts.citizen_hispanic.trust_end"), b.Get("cohorts.citizen_hispanic.trust_end"))
	assert.Greater(t, tf.Get("cohorts.citizen_hispanic.fear_end"), b.Get("cohorts.citizen_hispanic.fear_end"))
}
