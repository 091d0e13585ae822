package agents

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/schema"
)

// A wrongful detention of a citizen lowers citizens' trust, above all
// groups' (common random numbers: the same run with and without the shock).
func TestWrongfulCitizenDetentionLowersCitizenTrust(t *testing.T) {
	t.Parallel()
	runArm := func(size float64) (*Model, perGroup) {
		c := DefaultConfig()
		c.ICE.RecordErrorRate = 0.05 // many wrongful detainers
		c.Trust.Harm.WrongfulDetention = size
		m, err := New(&c, Options{Seed: 5, Days: 90})
		require.NoError(t, err)
		m.Run()
		return m, m.trustByGroup()
	}
	mw, with := runArm(0.02)
	_, without := runArm(0)
	require.Positive(t, mw.met.n[fHarmWrongful][0], "wrongful detentions happened")
	assert.Less(t, with[Citizen], without[Citizen]-0.001, "citizen trust falls")

	// One held Hispanic citizen: their cohort loses more than the others.
	m := cityOf(t, 1.5, [][2]float64{{0, 0}})
	d := m.d[0]
	before := d.trust
	held := CohortOf(Citizen, Hispanic)
	m.harm(d, harmWrongful, 1, held)
	for c := range Cohort(NumCohorts) {
		if c != held {
			assert.Greater(t, before[held]-d.trust[held], before[c]-d.trust[c], "the held person's cohort above all (%v)", c)
		}
	}
}

// undocH is the Hispanic undocumented cohort.
var undocH = CohortOf(Undocumented, Hispanic)

// The n-th identical operation in a district shocks less than the first.
func TestHabituationShrinksRepeatedShocks(t *testing.T) {
	t.Parallel()
	for _, h := range []float64{0.9, 1} {
		m := cityOf(t, 0.1, [][2]float64{{0, 0}, {5, 0}})
		m.cfg.Trust.Habituation = h
		d := m.d[0]
		var drops []float64
		for range 5 {
			before := d.trust[undocH]
			m.shock(d, 1, false, int(OpICEWorksite))
			drops = append(drops, before-d.trust[undocH])
		}
		if h == 1 {
			assert.InDelta(t, drops[0], drops[4], 1e-12, "no habituation: equal shocks")
			continue
		}
		for i := 1; i < len(drops); i++ {
			assert.Less(t, drops[i], drops[i-1], "shock %d smaller than shock %d", i, i-1)
		}
		assert.InDelta(t, drops[0]*0.9*0.9*0.9*0.9, drops[4], 1e-12, "shock × h^n")
		// Another kind of operation is not habituated.
		before := d.trust[undocH]
		m.shock(d, 1, false, int(OpICEAtLarge))
		assert.InDelta(t, drops[0], before-d.trust[undocH], 1e-12)
	}
}

// Outreach shortens the lag with which fear follows a 287(g) signing.
func TestOutreachShortensAwarenessLag(t *testing.T) {
	t.Parallel()
	halfDays := func(outreach float64) int {
		c := DefaultConfig()
		c.Policies.Outreach = outreach
		c.Timeline = []Change{{Day: 5, Set: map[string]any{"agreements": map[string]any{"g287": map[string]any{"model": "task_force"}}}}}
		m, err := New(&c, Options{Seed: 1, Days: 120})
		require.NoError(t, err)
		m.RunUntil(5*24 + 1)
		start := m.awareFear[Undocumented]
		target := m.awarenessTarget(int(Undocumented))
		require.Greater(t, target, start+0.01, "the signing raises the target")
		for day := 6; day < 120; day++ {
			m.RunUntil(float64(day)*24 + 1)
			if m.awareFear[Undocumented]-start >= 0.5*(target-start) {
				return day - 5
			}
		}
		return 1000
	}
	without, with := halfDays(0), halfDays(1)
	assert.InDelta(t, 14, without, 1, "half-way after awareness_half_life_days")
	assert.Less(t, with, without, "outreach shortens the lag")
}

// A salient harm event reaches a district that is not adjacent only
// through the media channel; a neighbour hears of it by spillover.
func TestSalientHarmReachesFarDistrictOnlyByMedia(t *testing.T) {
	t.Parallel()
	pos := [][2]float64{{0, 0}, {1, 0}, {10, 0}} // d0–d1 neighbours, d2 far
	drops := func(media float64, v float64) (near, far float64) {
		m := cityOf(t, 1.5, pos)
		m.cfg.Trust.MediaShare = media
		n0, f0 := m.d[1].trust[undocH], m.d[2].trust[undocH]
		m.harm(m.d[0], harmInjury, v, -1)
		return n0 - m.d[1].trust[undocH], f0 - m.d[2].trust[undocH]
	}
	near, far := drops(0.1, 2) // salient: 0.01 × 2 ≥ 0.015
	assert.Positive(t, far, "media reaches the far district")
	assert.Positive(t, near)
	near, far = drops(0, 2)
	assert.Zero(t, far, "without the media channel the far district is untouched")
	assert.Positive(t, near, "spillover reaches the neighbour")
	_, far = drops(0.1, 1) // 0.01 < 0.015: not salient
	assert.Zero(t, far, "an event below the salience threshold stays local")
}

// The new keys are hashed only when set: the bundled scenarios, which
// leave them alone, keep their hashes.
func TestHarmKeysEnterHashOnlyWhenSet(t *testing.T) {
	t.Parallel()
	f := schema.Describe(reflect.TypeOf(Config{}))
	c := DefaultConfig()
	assert.Empty(t, schema.NonDefault(f, &c), "defaults add nothing to the hash")
	c.Trust.Harm.Injury = 0.05
	c.Trust.Habituation = 0.5
	assert.Equal(t, []string{"trust.harm.injury=0.05", "trust.habituation=0.5"}, schema.NonDefault(f, &c))
}
