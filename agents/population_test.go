package agents

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// popCity is a city of four districts of 25,000 residents (80% citizens,
// 10% lawful noncitizens, 10% undocumented) with the default agencies and
// policies (honor all detainers: involvement at the reference).
func popCity() Config {
	c := DefaultConfig()
	tmpl := c.City.Districts[0]
	tmpl.Name = "d"
	tmpl.Population = 25000
	tmpl.Groups = GroupShares{Citizen: 0.8, LawfulNoncitizen: 0.1, Undocumented: 0.1}
	c.City.Districts = nil
	c.City.Grid.Rows, c.City.Grid.Cols, c.City.Grid.Template = 2, 2, tmpl
	return c
}

func popRun(t *testing.T, c Config, days float64) (*Summary, *Model) {
	t.Helper()
	m, err := New(&c, Options{Seed: 11, Days: days})
	require.NoError(t, err)
	return m.Run(), m
}

// noncitizens is the lawful-noncitizen plus undocumented population at the
// start and at the end of a run.
func noncitizens(s *Summary) (start, end float64) {
	for _, g := range []string{"lawful_noncitizen", "undocumented"} {
		start += s.Get("population.by_group." + g + ".start")
		end += s.Get("population.by_group." + g + ".end")
	}
	return start, end
}

func TestOutMigrationAfter287gTaskForce(t *testing.T) {
	t.Parallel()
	none := popCity()
	tf := none
	tf.Agreements.G287.Model = G287TaskForce
	sn, _ := popRun(t, none, 180)
	st, _ := popRun(t, tf, 180)
	_, endNone := noncitizens(sn)
	_, endTF := noncitizens(st)
	assert.Less(t, endTF, endNone, "the agreement drives noncitizens away")
	for _, g := range []string{"lawful_noncitizen", "undocumented"} {
		assert.Zero(t, sn.Get("population.by_group."+g+".out_migrated"), "no out-migration at the reference involvement")
		assert.Positive(t, st.Get("population.by_group."+g+".out_migrated"))
	}
	// Citizens (mixed-status households) leave too, at a tenth of the
	// noncitizens' hazard.
	cit := st.Get("population.by_group.citizen.out_migrated") / st.Get("population.by_group.citizen.start")
	lawful := st.Get("population.by_group.lawful_noncitizen.out_migrated") / st.Get("population.by_group.lawful_noncitizen.start")
	assert.InEpsilon(t, 0.1, cit/lawful, 0.02)
}

// The calibration target: a 287(g) task-force agreement from day 0 lowers
// the noncitizen population by 7-10% within two years (Dee and Murphy
// 2018), measured as they do, against jurisdictions without one (same
// seed), and by out-migration alone.
func TestTwoYearOutflowMatchesDeeMurphy(t *testing.T) {
	t.Parallel()
	none := popCity()
	tf := none
	tf.Agreements.G287.Model = G287TaskForce
	sn, _ := popRun(t, none, 730)
	st, _ := popRun(t, tf, 730)
	s0, eNone := noncitizens(sn)
	_, eTF := noncitizens(st)
	did := (eTF - eNone) / s0
	assert.GreaterOrEqual(t, did, -0.10, "difference in differences")
	assert.LessOrEqual(t, did, -0.07, "difference in differences")

	tf.ICE.RemovalShare = 0
	so, _ := popRun(t, tf, 730)
	s0, e := noncitizens(so)
	change := e/s0 - 1
	assert.GreaterOrEqual(t, change, -0.10, "out-migration alone")
	assert.LessOrEqual(t, change, -0.07, "out-migration alone")
}

func TestNoPopulationChangeWithoutInvolvement(t *testing.T) {
	t.Parallel()
	c := popCity()
	c.Policies.Detainers = NeverHonor
	c.ICE.RemovalShare = 0
	s, m := popRun(t, c, 120)
	assert.Zero(t, m.pol.involvement)
	for g := range Group(NumGroups) {
		k := "population.by_group." + g.String()
		assert.Equal(t, s.Get(k+".start"), s.Get(k+".end"), g.String())
		assert.Zero(t, s.Get(k+".change_share"))
		assert.Zero(t, s.Get(k+".out_migrated"))
		assert.Zero(t, s.Get(k+".returned"))
	}
	for _, d := range m.d {
		assert.Equal(t, d.pop0, d.pop)
	}
}

func TestPopulationIsConserved(t *testing.T) {
	t.Parallel()
	c := popCity()
	c.Agreements.G287.Model = G287TaskForce
	c.Agreements.G287.EndDay = 60
	m, err := New(&c, Options{Seed: 4, Days: 150})
	require.NoError(t, err)
	m.RunUntil(100 * 24)
	before := m.Summary().Get("population.by_group.undocumented.reentered")
	for range 5 {
		m.populationReentered(1, Undocumented)
	}
	s := m.Run()
	for g := range Group(NumGroups) {
		k := "population.by_group." + g.String()
		start, end := s.Get(k+".start"), s.Get(k+".end")
		flows := s.Get(k+".returned") + s.Get(k+".reentered") - s.Get(k+".out_migrated") - s.Get(k+".removed")
		assert.InDelta(t, end, start+flows, 1e-9*start, g.String())
		if g != Citizen {
			assert.Positive(t, s.Get(k+".out_migrated"), g.String())
			assert.Positive(t, s.Get(k+".returned"), g.String())
		}
	}
	assert.Positive(t, s.Get("population.by_group.undocumented.removed"), "ICE removes some of those it arrests")
	assert.GreaterOrEqual(t, s.Get("population.by_group.undocumented.reentered"), before+5, "the five, and any removed person who came back")
	// The derived figures follow the state.
	total := 0.0
	for i, d := range m.d {
		sum := 0.0
		for g := range NumGroups {
			sum += m.popu.p[i][g]
			assert.InDelta(t, m.popu.p[i][g], d.pop*d.shares[g], 1e-9*d.pop)
		}
		assert.InDelta(t, sum, d.pop, 1e-9*sum)
		assert.Equal(t, d.pop, m.popW[i])
		assert.Equal(t, m.popu.p[i][Undocumented], m.undocW[i])
		total += d.pop
	}
	assert.InDelta(t, total, m.totalPop, 1e-6)
}

func TestRemovalNeverBelowZero(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	c.City.Districts[0].Groups = GroupShares{Citizen: 0.9999, LawfulNoncitizen: 0, Undocumented: 0.0001}
	m, err := New(&c, Options{Days: 1})
	require.NoError(t, err)
	for range 5 {
		m.populationRemoved(0, Undocumented) // 2 residents
	}
	assert.Zero(t, m.popu.p[0][Undocumented])
	assert.InDelta(t, 2, m.met.n[fPopRemoved][Undocumented], 1e-9)
	assert.InDelta(t, 20000-2, m.d[0].pop, 1e-9)
	assert.Zero(t, m.d[0].shares[Undocumented])
}

func TestPopulationReturnsAfterAgreementEnds(t *testing.T) {
	t.Parallel()
	c := popCity()
	c.ICE.RemovalShare = 0
	c.Timeline = []Change{
		{Day: 0, Set: map[string]any{"agreements.g287.model": "task_force"}},
		{Day: 364, Set: map[string]any{"agreements.g287.model": "none"}},
	}
	_, m := popRun(t, c, 728)
	at := map[float64]float64{}
	for _, p := range m.Series() {
		if p.Metric == "population" && p.Group == "undocumented" {
			at[p.Day] = p.Value
		}
	}
	start := m.popu.start[Undocumented]
	require.Contains(t, at, 364.0)
	require.Contains(t, at, 728.0)
	assert.Less(t, at[182], start, "falls while the agreement lasts")
	assert.Less(t, at[364], at[182])
	assert.Greater(t, at[728], at[364], "returns toward the baseline after it ends")
	assert.Less(t, at[728], start, "partly, at a two-year half-life")
	gap := func(day float64) float64 { return start - at[day] }
	assert.InEpsilon(t, 0.5, gap(728)/gap(364)*gap(728)/gap(364), 0.1, "a year of return closes about 1 − 2^−½ of the gap")
}

// Victimizations follow the current population: with the same seed and
// policy, a population that falls has fewer crimes, and its victims are
// drawn from its current group shares.
func TestCrimeFollowsThePopulation(t *testing.T) {
	t.Parallel()
	fixed := popCity()
	fixed.Agreements.G287.Model = G287TaskForce
	fixed.Population.NoncitizenHazard = 0
	fixed.ICE.RemovalShare = 0
	// Crime follows the population alone: no offender stock or deterrence.
	fixed.Offending.BackgroundShare, fixed.Offending.DeterrenceElasticity = 1, 0
	moving := fixed
	moving.Population.NoncitizenHazard = 3
	sf, _ := popRun(t, fixed, 180)
	sm, mm := popRun(t, moving, 180)
	assert.Less(t, sm.Get("crimes.occurred"), sf.Get("crimes.occurred"))
	undoc := sm.Get("crimes.by_group.undocumented.occurred") / sf.Get("crimes.by_group.undocumented.occurred")
	cit := sm.Get("crimes.by_group.citizen.occurred") / sf.Get("crimes.by_group.citizen.occurred")
	assert.Less(t, undoc, 0.85, "undocumented victims fall with their population")
	assert.Less(t, undoc, cit, "more than citizen victims")
	for _, d := range mm.d {
		assert.InDelta(t, d.pop/d.pop0, mm.proc(d.idx, int(Theft)).rate/mm.off.clock[d.idx][Theft].rate0, 1e-12, "today's rate is the configured rate × pop/pop0")
	}
}

// setCrimeRate keeps each pending arrival's unit-rate exposure: halving
// the rate doubles the time left.
func TestSetCrimeRateKeepsTheExposure(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	m, err := New(&c, Options{Days: 10})
	require.NoError(t, err)
	m.RunUntil(30.5)
	now := m.e.Now()
	for ct := range CrimeType(NumCrimeTypes) {
		cl := &m.off.clock[0][ct]
		r := m.proc(0, int(ct)).rate
		next := &m.arr.slots[0].next[ct].at
		require.InDelta(t, *next, cl.since+(cl.target-cl.acc)/r, 1e-9, "the arrival is set where the exposure runs out")
		left := (cl.target - cl.acc - r*(now-cl.since)) / r // hours to the next arrival
		m.setCrimeRate(0, ct, r/2)
		assert.InDelta(t, r/2, m.proc(0, int(ct)).rate, 1e-15)
		assert.InDelta(t, 2*left, (cl.target-cl.acc)/(r/2), 1e-9)
		assert.InDelta(t, now+2*left, *next, 1e-9, "the arrival moves to the new time")
	}
}

// People removed after ICE's field arrests come back like those removed
// after a jail transfer (removal.reentry_share), and only then.
func TestFieldRemovalsReenter(t *testing.T) {
	t.Parallel()
	c := popCity()
	c.Removal.ReentryShare, c.Removal.ReentryDelayYears = 1, 0.05
	c.Policies.Detainers = NeverHonor // no jail removals: only field arrests remove
	none := c
	none.Removal.ReentryShare = 0
	s, _ := popRun(t, c, 365)
	s0, _ := popRun(t, none, 365)
	require.Positive(t, s.Get("population.by_group.undocumented.removed"))
	assert.Positive(t, s.Get("population.by_group.undocumented.reentered"))
	assert.Zero(t, s0.Get("population.by_group.undocumented.reentered"))
}
