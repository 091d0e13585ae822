package calibration

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/crash"
)

// A panic in a replication (a bug) becomes that replication's error, not a
// crash of the program from a worker goroutine.
func TestSafelyTurnsAPanicIntoAnError(t *testing.T) {
	t.Parallel()
	v, err := safely(7, func() ([]float64, error) {
		var s []float64
		return []float64{s[3]}, nil // index out of range
	})
	assert.Nil(t, v)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "replication 7")
	assert.Contains(t, err.Error(), "index out of range")
	var ce *crash.Error
	assert.True(t, errors.As(err, &ce))

	v, err = safely(0, func() ([]float64, error) { return []float64{1}, nil })
	assert.NoError(t, err)
	assert.Equal(t, []float64{1}, v)
}
