package scenarios_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/scenarios"
)

// Keys added since scenario hashes were first published (the model's
// former constants) enter the hash only when they differ from their
// defaults: a scenario that leaves them alone keeps its hash.
func TestHashCoversNewKeysOnlyWhenSet(t *testing.T) {
	t.Parallel()
	hash := func(set ...string) string {
		t.Helper()
		l, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: set})
		require.NoError(t, err)
		return l.Hash
	}
	base := hash()
	// The baseline's hash since issue 12 recalibrated reporting.language_slope
	// and trust.base_fear (hashed keys); the keys added since keep it.
	assert.Equal(t, "82cee4114713d48ce0ac0ea52b6b2d37a89838791ce930b7dca6f2ba1088ec69", base, "the baseline's hash before the keys were added")
	assert.Equal(t, base, hash("ice.follow_up_days=7", "agreements.g287.stop_arrest_visibility=0.1"), "set to their defaults")
	seen := map[string]bool{base: true}
	for _, set := range []string{"ice.follow_up_days=8", "agreements.g287.stop_arrest_visibility=0.2"} {
		h := hash(set)
		assert.False(t, seen[h], "%s changes the hash", set)
		seen[h] = true
	}
	tf := "agreements.task_forces=[{name: tf, agencies: [police, ice]}]"
	withTF := hash(tf)
	assert.NotEqual(t, base, withTF)
	assert.Equal(t, withTF, hash(tf, "agreements.task_forces[0].max_booked=16"))
	assert.NotEqual(t, withTF, hash(tf, "agreements.task_forces[0].max_booked=20"))
	assert.NotEqual(t, withTF, hash(tf, "agreements.task_forces[0].federal_visibility=0.5"))
}
