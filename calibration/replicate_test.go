package calibration_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/calibration"
	"github.com/agencysim/agencysim/scenarios"
)

// tinyCity is a one-district city over the check's shortest span.
const tinyCity = `name: tiny
seed: 4
days: 234
city:
  districts:
    - {name: a, population: 3000, groups: {citizen: 0.8, lawful_noncitizen: 0.1, undocumented: 0.1}}
`

// Replicate and Estimate give a calibrator exactly what check-model
// reports: the same estimate of every fact, and for the ratio facts the
// variance behind its interval.
func TestReplicateEstimateIsTheCheck(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tiny.yaml")
	require.NoError(t, os.WriteFile(path, []byte(tinyCity), 0o644))
	const reps = 3
	rep, err := calibration.Run(context.Background(), calibration.Options{Scenario: path, Replications: reps, Workers: 2})
	require.NoError(t, err)
	l, err := scenarios.Load(path, scenarios.LoadOptions{})
	require.NoError(t, err)
	var runs [][]float64
	for r := range uint64(reps) {
		v, err := calibration.Replicate(context.Background(), l, r)
		require.NoError(t, err)
		runs = append(runs, v)
	}
	facts := calibration.Facts()
	require.Len(t, facts, len(rep.Results))
	ratios := 0
	for i, f := range facts {
		res := rep.Results[i]
		require.Equal(t, res.ID, f.ID)
		rows := make([][]float64, reps)
		for r := range runs {
			rows[r] = f.Of(runs[r])
		}
		est, v, n := f.Estimate(rows)
		assert.Equal(t, res.N, n, f.ID)
		if math.IsNaN(float64(res.Mean)) {
			assert.True(t, math.IsNaN(est), f.ID)
			continue
		}
		assert.Equal(t, float64(res.Mean), est, f.ID)
		if len(f.Figures) > 1 && v > 0 {
			ratios++
			// The check's half-width is t(0.975, n−1) × the standard error.
			assert.InDelta(t, 4.302652729911275*math.Sqrt(v), float64(res.CIHigh-res.Mean), 1e-9*math.Abs(float64(res.CIHigh-res.Mean))+1e-15, f.ID)
		}
		if len(f.Figures) == 1 && !math.IsNaN(rows[0][0]) {
			assert.Equal(t, rows[0][0], f.Value(rows[0]), f.ID)
		}
	}
	assert.Positive(t, ratios)
	in, out := calibration.RangeFacts()
	assert.Equal(t, len(facts), len(in)+len(out))
	require.Len(t, out, 1)
	assert.Equal(t, "fingerprints_crime_incap_high", out[0].ID)
}

// A scenario too short for the check is refused, naming the key.
func TestReplicateRefusesShortDays(t *testing.T) {
	t.Parallel()
	l, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: []string{"days=100"}})
	require.NoError(t, err)
	_, err = calibration.Replicate(context.Background(), l, 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "days")
	assert.Contains(t, err.Error(), "100")
	assert.Contains(t, err.Error(), "at least 234 days")
}
