package discover

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The overfitting verdict flips with the sample: a planted box found on
// 2000 points holds on the held-out ones; on 30 there are too few held-out
// cases to tell; a box that loses its density on held-out points is
// overfitted.
func TestVerdictFlipsWithTheSample(t *testing.T) {
	t.Parallel()
	r, err := Find(planted(2000, 7, 0.9, 0.05), Options{Method: MethodPrim, Seed: 3})
	require.NoError(t, err)
	enough, text := Verdict(r)
	assert.True(t, enough, text)
	assert.Contains(t, text, "The sample was large enough: the box holds on design points it was not found on (density ")

	r, err = Find(planted(30, 7, 0.9, 0.05), Options{Method: MethodPrim, Seed: 3})
	require.NoError(t, err)
	enough, text = Verdict(r)
	assert.False(t, enough)
	assert.Contains(t, text, "Not large enough: only ")
	assert.Contains(t, text, "too few to check the box")

	over := &Result{Candidates: []Candidate{{Step: Step{Stats: Stats{N: 100, NBox: 20, K: 20, KBox: 18}}, Test: Stats{N: 50, NBox: 10, K: 10, KBox: 5}}}}
	enough, text = Verdict(over)
	assert.False(t, enough)
	assert.Contains(t, text, "Not large enough: the box loses density and coverage on the held-out points (density 90 % on the training points and 50 % on the held-out ones, coverage 90 % and 50 %)")
}
