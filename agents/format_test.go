package agents

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A small difference is never written as zero.
func TestFormatKeepsSmallValues(t *testing.T) {
	t.Parallel()
	share := MustMetric("crimes.reporting_rate")
	assert.Equal(t, "+0.0012 pts", share.FormatDelta(0.000012))
	assert.Equal(t, "+0.01 pts", share.FormatDelta(0.0001))
	assert.Equal(t, "+0.00 pts", share.FormatDelta(0))
	assert.Equal(t, "0.012%", share.Format(0.00012))
	level := MustMetric("trust.undocumented.mean")
	assert.Equal(t, "−0.000012", level.FormatDelta(-0.000012))
	assert.Equal(t, "0.450", level.Format(0.45))
}
