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
	rep, err := calibration.Run(context.Background(), calibration.Options{Replications: 8})
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
