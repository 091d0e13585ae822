package calibration_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/calibration"
)

func TestDefaultScenarioPassesEveryFact(t *testing.T) {
	t.Parallel()
	rep, err := calibration.Run(context.Background(), calibration.Options{Replications: 20})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(rep.Results), 10)
	for _, r := range rep.Results {
		t.Logf("%-24s %8.4f [%8.4f, %8.4f] target %v–%v pass=%v", r.ID, r.Mean, r.CILow, r.CIHigh, r.Low, r.High, r.Pass)
		assert.True(t, r.Pass, "%s: %s = %.4f, target %s", r.ID, r.Name, r.Mean, r.Target)
	}
	assert.Zero(t, rep.Failed)
}

func TestSameResultsWhateverTheWorkers(t *testing.T) {
	t.Parallel()
	a, err := calibration.Run(context.Background(), calibration.Options{Replications: 3, Workers: 1})
	require.NoError(t, err)
	b, err := calibration.Run(context.Background(), calibration.Options{Replications: 3, Workers: 3})
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestCancelledCheckStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := calibration.Run(ctx, calibration.Options{Replications: 5})
	assert.ErrorIs(t, err, context.Canceled)
}

// The new checks measure the model, not its parameters: switched-off
// mechanisms make them fail.
func TestPublicSafetyChecksCanFail(t *testing.T) {
	t.Parallel()
	rep, err := calibration.Run(context.Background(), calibration.Options{Replications: 3,
		Set: []string{"population.noncitizen_hazard=0", "ice.removal_share=0"}})
	require.NoError(t, err)
	byID := map[string]calibration.Result{}
	for _, r := range rep.Results {
		byID[r.ID] = r
	}
	assert.False(t, byID["outflow_287g"].Pass, "no out-migration: no outflow after 287(g)")
	assert.False(t, byID["removal_composition"].Pass, "no removals: no composition")
	assert.False(t, byID["fingerprints_crime_incap_high"].Pass, "no removals: fingerprint sharing cannot remove offenders")
	assert.True(t, byID["sc_rollout_crime"].Pass)
}

// The trust-dynamics checks measure the model: without habituation and
// without an awareness lag they fail.
func TestTrustDynamicsChecksCanFail(t *testing.T) {
	t.Parallel()
	rep, err := calibration.Run(context.Background(), calibration.Options{Replications: 3,
		Set: []string{"trust.habituation=1", "trust.awareness_half_life_days=0"}})
	require.NoError(t, err)
	byID := map[string]calibration.Result{}
	for _, r := range rep.Results {
		byID[r.ID] = r
	}
	assert.False(t, byID["fear_lag"].Pass, "no lag: fear jumps at the signing (%v days)", byID["fear_lag"].Mean)
	assert.False(t, byID["surge_habituation"].Pass, "no habituation: the second surge costs as much (%v)", byID["surge_habituation"].Mean)
}
