package agents_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/schema"
)

// withSet applies a named parameter set to c.
func withSet(t *testing.T, c agents.Config, name string) agents.Config {
	t.Helper()
	s, ok := agents.LookupParameterSet(name)
	require.True(t, ok, name)
	require.Empty(t, schema.Patch(agents.ExpandDotted(s.Set), &c))
	require.Empty(t, c.Validate())
	return c
}

// Higher clearance takes more active offenders into custody: fewer are at
// large at the end, and they commit fewer crimes.
func TestHigherClearanceFewerOffendersAndCrimes(t *testing.T) {
	t.Parallel()
	base := testCity(t)
	high := base
	high.Police.Clearance = agents.TypeProbs{DomesticViolence: 0.9, Assault: 0.9, Robbery: 0.8, Burglary: 0.6, Theft: 0.6, MotorVehicleTheft: 0.6, HumanTrafficking: 0.6}
	sb, _ := run(t, base, 5, 0, 180)
	sh, _ := run(t, high, 5, 0, 180)
	assert.Greater(t, sh.Get("offenders.incapacitated_jail"), sb.Get("offenders.incapacitated_jail"))
	assert.Less(t, sh.Get("offenders.active"), sb.Get("offenders.active"))
	assert.Less(t, sh.Get("crimes.occurred"), sb.Get("crimes.occurred"))
}

// When every jailed or removed person is an active offender, honoring
// detainers removes offenders and prevents the crimes they would have
// committed.
func TestRemovalPreventsCrimesOfTheRemoved(t *testing.T) {
	t.Parallel()
	honor := withSet(t, testCity(t), "incapacitation-high")
	honor.Policies.Detainers = agents.HonorAll
	never := honor
	never.Policies.Detainers = agents.NeverHonor
	sh, _ := run(t, honor, 9, 0, 365)
	sn, _ := run(t, never, 9, 0, 365)
	assert.Greater(t, sh.Get("offenders.incapacitated_removal"), 20.0)
	// Never honoring detainers: no removal after a jail booking (ICE's own
	// field arrests, level none, still remove people).
	assert.Zero(t, sn.Get("removals.by_level.serious.count")+sn.Get("removals.by_level.minor.count"))
	assert.Less(t, sh.Get("offenders.active"), sn.Get("offenders.active"))
	assert.Less(t, sh.Get("crimes.occurred"), sn.Get("crimes.occurred"))
	assert.Equal(t, sh.Get("removals.total"), sh.Get("removals.by_level.serious.count")+sh.Get("removals.by_level.minor.count")+sh.Get("removals.by_level.none.count"))
}

// Offenders who prey on silence pick more undocumented victims.
func TestPredationOnSilence(t *testing.T) {
	t.Parallel()
	w3 := withSet(t, testCity(t), "predation-on-silence")
	w0 := withSet(t, testCity(t), "predation-none")
	s3, _ := run(t, w3, 4, 0, 120)
	s0, _ := run(t, w0, 4, 0, 120)
	u3, u0 := s3.Get("crimes.by_group.undocumented.occurred"), s0.Get("crimes.by_group.undocumented.occurred")
	assert.Greater(t, u3, 1.3*u0, "undocumented victimizations: %v with weight 3, %v with weight 0", u3, u0)
	assert.Less(t, s3.Get("crimes.by_group.citizen.occurred"), s0.Get("crimes.by_group.citizen.occurred"))
}

// Every flow of the stock is counted: A + J + X = A0 + entered − desisted
// at the end, with all flows at work (removals, re-entries, sentences).
func TestOffenderStockIsConserved(t *testing.T) {
	t.Parallel()
	c := withSet(t, testCity(t), "incapacitation-high")
	c.Removal.ReentryShare = 0.8
	c.Removal.ReentryDelayYears = 0.1
	c.Offending.SentenceYears = 0.2
	m, err := agents.New(&c, agents.Options{Seed: 2, Days: 240})
	require.NoError(t, err)
	a0 := m.Summary().Get("offenders.active")
	require.Equal(t, 1000.0, a0, "4 districts × 25,000 residents × 1%")
	s := m.Run()
	for _, k := range []string{"offenders.incapacitated_jail", "offenders.incapacitated_removal", "offenders.reentries", "offenders.entered", "offenders.desisted", "offenders.held", "offenders.removed_abroad"} {
		assert.Positive(t, s.Get(k), k)
	}
	stock := s.Get("offenders.active") + s.Get("offenders.held") + s.Get("offenders.removed_abroad")
	assert.Equal(t, a0+s.Get("offenders.entered")-s.Get("offenders.desisted"), stock)
}

// The same seed gives the same bytes with every part of the stock at work,
// with or without an observer.
func TestOffendersDeterministic(t *testing.T) {
	t.Parallel()
	c := withSet(t, withSet(t, testCity(t), "incapacitation-high"), "predation-on-silence")
	enc := func(obs agents.Observer) []byte {
		m, err := agents.New(&c, agents.Options{Seed: 13, Days: 150, Observer: obs})
		require.NoError(t, err)
		b, err := json.Marshal(m.Run())
		require.NoError(t, err)
		return b
	}
	a := enc(nil)
	assert.Equal(t, a, enc(nil))
	assert.Equal(t, a, enc(&countingObserver{}))
}
