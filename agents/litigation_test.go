package agents_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
)

// holdCity is testCity with many detainers (every booked noncitizen
// removable and identified, detainers on every booking) and a slow pickup,
// so that the 48-hour limit binds often.
func holdCity(t *testing.T) agents.Config {
	t.Helper()
	c := testCity(t)
	fixedPopulation(&c)
	c.ICE.MinorLodgeRate = 1
	c.ICE.IdentifyRate = 1
	c.Jail.LawfulRemovable = 1
	c.ICE.PickupHours = 60
	c.Policies.JudicialWarrantShare = 0
	return c
}

// The same holds counted in business hours last longer in calendar time
// than in calendar hours, so fewer expire before ICE collects the person.
func TestHoldIsLongerOverWeekends(t *testing.T) {
	t.Parallel()
	c := holdCity(t)
	s1, _ := run(t, c, 11, 0, 120)
	c.Policies.HoldBusinessHours = false
	s0, _ := run(t, c, 11, 0, 120)
	require.Greater(t, s1.Get("detainers.honored"), 100.0)
	perHold := func(s *agents.Summary) float64 { return s.Get("detainers.hold_hours") / s.Get("detainers.honored") }
	expired := func(s *agents.Summary) float64 { return s.Get("detainers.expired_holds") / s.Get("detainers.honored") }
	assert.Greater(t, perHold(s1), perHold(s0)*1.08, "business-hours holds are longer")
	assert.Less(t, expired(s1), expired(s0)*0.85, "fewer holds expire")
	// In calendar hours no hold exceeds 48 hours.
	assert.LessOrEqual(t, perHold(s0), 48.0)
}

// suitCity makes a suit follow every hold without a judicial warrant and
// resolve within days.
func suitCity(t *testing.T, ends bool) agents.Config {
	t.Helper()
	c := holdCity(t)
	c.Jail.SuitChance = 1
	c.Jail.SuitDays = 3
	c.Jail.SuitEndsPractice = ends
	return c
}

type changeLog struct {
	countingObserver
	changes []agents.ChangeEvent
}

func (o *changeLog) Change(e agents.ChangeEvent) { o.changes = append(o.changes, e) }

// With suit_ends_practice the first resolved suit ends the practice: the
// model changes policies.detainers to judicial_warrant_only on its
// timeline, and no detainer is honored after it (no judicial warrants
// here).
func TestSuitEndsThePractice(t *testing.T) {
	t.Parallel()
	c := suitCity(t, true)
	obs := &changeLog{}
	m, err := agents.New(&c, agents.Options{Seed: 5, Days: 120, Observer: obs})
	require.NoError(t, err)
	var atOrder float64 = -1
	for d := 1.0; d <= 120; d++ {
		m.RunUntil(d * 24)
		if atOrder < 0 && len(m.Changes()) > 0 {
			atOrder = m.Summary().Get("detainers.honored")
		}
	}
	s := m.Summary()
	require.NoError(t, m.Err())
	require.Len(t, m.Changes(), 1)
	ch := m.Changes()[0]
	assert.Equal(t, "litigation[0]", ch.Source)
	assert.Equal(t, map[string]any{"policies": map[string]any{"detainers": "judicial_warrant_only"}}, ch.Set)
	assert.Equal(t, agents.JudicialWarrantOnly, m.Config().Policies.Detainers)
	assert.Equal(t, 1.0, s.Get("litigation.orders"))
	assert.Greater(t, atOrder, 0.0)
	assert.Equal(t, atOrder, s.Get("detainers.honored"), "no detainer honored after the order")
	assert.Greater(t, s.Get("detainers.declined"), 0.0)
	// Suits from holds before the order still resolve and cost money.
	assert.GreaterOrEqual(t, s.Get("litigation.suits"), 1.0)
	// The observer is told, as a change the model made.
	require.Len(t, obs.changes, 1)
	assert.True(t, obs.changes[0].ByModel)
	assert.Equal(t, "litigation[0]", obs.changes[0].Source)
	assert.InDelta(t, ch.Day*24, obs.changes[0].Hour, 1e-9)
}

// Without the key, suits cost money and never change the policy.
func TestSuitsWithoutOrdersChangeNothing(t *testing.T) {
	t.Parallel()
	c := suitCity(t, false)
	s, m := run(t, c, 5, 0, 120)
	assert.Greater(t, s.Get("litigation.suits"), 10.0)
	assert.Zero(t, s.Get("litigation.orders"))
	assert.Empty(t, m.Changes())
	assert.Equal(t, agents.HonorAll, m.Config().Policies.Detainers)
	// The suits have their own stream: with no suits at all, everything
	// else is the same.
	c.Jail.SuitChance = 0
	s0, _ := run(t, c, 5, 0, 120)
	for _, k := range []string{"crimes.occurred", "detainers.honored", "detainers.expired_holds", "detainers.hold_hours", "costs.litigation_exposure", "trust.undocumented.end"} {
		assert.Equal(t, s0.Get(k), s.Get(k), k)
	}
	assert.Zero(t, s0.Get("litigation.suits"))
}

// The costs add up: suits paid × jail.suit_cost; suits arising = resolved
// + pending; the expected exposure is litigation_per_hold a hold.
func TestLitigationCostsAddUp(t *testing.T) {
	t.Parallel()
	c := suitCity(t, false)
	c.Jail.SuitChance = 0.2
	c.Jail.SuitDays = 40
	c.ICE.RecordErrorRate = 0
	s, _ := run(t, c, 9, 0, 120)
	suits := s.Get("litigation.suits")
	require.Greater(t, suits, 0.0)
	assert.Greater(t, s.Get("litigation.suits_pending"), 0.0, "some suits outlast the run")
	assert.Equal(t, suits*c.Jail.SuitCost, s.Get("litigation.suit_cost"))
	assert.Equal(t, s.Get("detainers.honored")*c.Jail.LitigationPerHold, s.Get("costs.litigation_exposure"))
	// About suit_chance of the holds lead to a suit.
	share := (suits + s.Get("litigation.suits_pending")) / s.Get("detainers.honored")
	assert.InDelta(t, 0.2, share, 0.05)
}
