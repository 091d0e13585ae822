package agents

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/schema"
)

// profCity is popCity with a 287(g) task force from day 0 and the
// population held fixed (no out-migration, no removals), so that arms
// differing in profiling share their crimes as far as trust allows.
func profCity(profiling float64) Config {
	c := popCity()
	c.Population.NoncitizenHazard = 0
	c.ICE.RemovalShare = 0
	c.Agreements.G287.Model = G287TaskForce
	c.Agreements.G287.StopProfiling = profiling
	return c
}

func profRun(t *testing.T, c Config, days float64) *Summary {
	t.Helper()
	m, err := New(&c, Options{Seed: 7, Days: days})
	require.NoError(t, err)
	return m.Run()
}

// Without profiling the stopped driver's cohort is the population draw for
// the same uniform, exactly; with profiling the Hispanic share of draws is
// (1+s)·h / ((1+s)·h + 1 − h).
func TestStopCohortDrawsByEthnicity(t *testing.T) {
	t.Parallel()
	m := cityOf(t, 1.5, [][2]float64{{0, 0}})
	sh := &m.d[0].cshares
	h := 0.0
	for c := range Cohort(NumCohorts) {
		if c.Ethnicity() == Hispanic {
			h += sh[c]
		}
	}
	require.Greater(t, h, 0.05)
	const n = 20000
	for _, s := range []float64{0, 1, 3} {
		hisp := 0
		for i := range n {
			u := (float64(i) + 0.5) / n
			c := stopCohort(sh, u, s)
			if s == 0 {
				require.Equal(t, Cohort(categorical(sh[:], u)), c, "u = %v", u)
			}
			if c.Ethnicity() == Hispanic {
				hisp++
			}
		}
		want := (1 + s) * h / ((1+s)*h + 1 - h)
		assert.InDelta(t, want, float64(hisp)/n, 2.0/n*NumCohorts, "s = %v", s)
	}
}

// A task force without profiling stops the same drivers as no agreement
// at all (same uniforms, channels off so that units and reporting do not
// differ): the composition of stops is the population's.
func TestNoProfilingStopsThePopulation(t *testing.T) {
	t.Parallel()
	none := profCity(0)
	none.Agreements.G287.Model = G287None
	none.Channels.Capacity, none.Channels.Trust = false, false
	tf := profCity(0)
	tf.Channels.Capacity, tf.Channels.Trust = false, false
	a, b := profRun(t, none, 60), profRun(t, tf, 60)
	for _, e := range []string{"hispanic", "other"} {
		k := "patrol.stops_by_ethnicity." + e + ".count"
		require.Positive(t, a.Get(k), k)
		assert.Equal(t, a.Get(k), b.Get(k), k)
	}
	assert.Zero(t, a.Get("patrol.status_inquiries"))
	assert.Positive(t, b.Get("patrol.status_inquiries"))
	assert.InDelta(t, 1, b.Get("patrol.hispanic_stop_disparity"), 0.1, "stops in proportion to residents")
}

// Profiling moves stops and status inquiries toward Hispanic drivers and
// away from others; the number of stops the units could make is the same.
func TestProfilingShiftsStopsAndInquiries(t *testing.T) {
	t.Parallel()
	a, b := profRun(t, profCity(0), 120), profRun(t, profCity(3), 120)
	stops := func(s *Summary, e string) float64 { return s.Get("patrol.stops_by_ethnicity." + e + ".count") }
	asked := func(s *Summary, e string) float64 {
		return s.Get("patrol.status_inquiries_by_ethnicity." + e + ".count")
	}
	assert.Greater(t, stops(b, "hispanic"), 1.5*stops(a, "hispanic"))
	assert.Less(t, stops(b, "other"), 0.9*stops(a, "other"))
	assert.Greater(t, asked(b, "hispanic"), 1.5*asked(a, "hispanic"))
	assert.Less(t, asked(b, "other"), asked(a, "other"))
	// The same stop process: made + forgone is the same, and nearly all
	// are made either way.
	assert.Equal(t, a.Get("patrol.traffic_stops")+a.Get("patrol.stops_forgone"), b.Get("patrol.traffic_stops")+b.Get("patrol.stops_forgone"))
	assert.InEpsilon(t, a.Get("patrol.traffic_stops"), b.Get("patrol.traffic_stops"), 0.01)
	assert.Greater(t, b.Get("patrol.hispanic_stop_share"), a.Get("patrol.hispanic_stop_share"))
	assert.InDelta(t, 4, b.Get("patrol.hispanic_stop_disparity"), 0.4, "Hispanic drivers stopped 1 + stop_profiling times as often")
	assert.Equal(t, b.Get("patrol.status_inquiries"), b.Get("harm.events.status_inquiry"), "every inquiry is a harm event")
}

// Status inquiries follow appearance: in a city of citizens only, Hispanic
// citizens are questioned (and none arrested), non-Hispanic citizens not.
func TestHispanicCitizensAreQuestioned(t *testing.T) {
	t.Parallel()
	c := profCity(0)
	c.City.Grid.Template.Groups = GroupShares{Citizen: 1}
	s := profRun(t, c, 60)
	assert.Positive(t, s.Get("patrol.status_inquiries_by_ethnicity.hispanic.count"))
	assert.Zero(t, s.Get("patrol.status_inquiries_by_ethnicity.other.count"))
	assert.Zero(t, s.Get("immigration_arrests.by_venue.traffic_stop.count"))
	assert.Positive(t, s.Get("harm.trust_lost"))

	// Non-Hispanic noncitizens are asked at stop_question_rate_other.
	c = profCity(0)
	c.Agreements.G287.StopQuestionOther = 0
	assert.Zero(t, profRun(t, c, 30).Get("patrol.status_inquiries_by_ethnicity.other.count"))
}

// Profiling lowers Hispanic citizens' trust and reporting relative to no
// profiling (common random numbers), more than non-Hispanic citizens'.
func TestProfilingLowersHispanicTrustAndReporting(t *testing.T) {
	t.Parallel()
	a, b := profRun(t, profCity(0), 180), profRun(t, profCity(3), 180)
	const hc, oc = "cohorts.citizen_hispanic.trust_end", "cohorts.citizen_other.trust_end"
	assert.Less(t, b.Get(hc), a.Get(hc)-0.003, "Hispanic citizens' trust falls")
	assert.Greater(t, a.Get(hc)-b.Get(hc), a.Get(oc)-b.Get(oc), "above all Hispanic citizens'")
	assert.Less(t, b.Get("crimes.by_ethnicity.hispanic.rate"), a.Get("crimes.by_ethnicity.hispanic.rate"), "Hispanic victims report less")
	// Without the harm of an inquiry, the trust effect is that of the
	// extra arrests only: smaller.
	noHarm := func(p float64) Config { c := profCity(p); c.Trust.Harm.StatusInquiry = 0; return c }
	a0, b0 := profRun(t, noHarm(0), 180), profRun(t, noHarm(3), 180)
	assert.Less(t, a0.Get(hc)-b0.Get(hc), a.Get(hc)-b.Get(hc))
}

// The parameter sets load and set the key.
func TestProfilingParameterSets(t *testing.T) {
	t.Parallel()
	for _, p := range []struct {
		name string
		want float64
	}{{"profiling-none", 0}, {"profiling-mcso", 3}} {
		name, want := p.name, p.want
		s, ok := LookupParameterSet(name)
		require.True(t, ok, name)
		c := DefaultConfig()
		require.Empty(t, schema.Patch(ExpandDotted(s.Set), &c), name)
		require.Empty(t, c.Validate(), name)
		assert.Equal(t, want, c.Agreements.G287.StopProfiling, name)
	}
	assert.Positive(t, DefaultConfig().Agreements.G287.StopProfiling, "the default profiles moderately")
}
