package docgen_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/agencysim/agencysim/internal/docgen"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, want string }{
		{"# yaml-language-server: $schema=../../docs/sweep.schema.json\nname: x\n", "sweep"},
		{"# a comment\n# yaml-language-server: $schema=https://x/calibrate.schema.json\nname: x\n", "calibrate"},
		{"name: x\nseed: 3\n", "scenario"}, // keys of several formats: the scenario
		{"name: x\npolicies.detainers: never\n", "scenario"},
		{"name: x\narms: {a: {}}\n", "sweep"},
		{"scenario: baseline\ngenes: []\n", "search"},
		{"base: baseline\ntargets: check-model\n", "calibrate"},
		{"name: x\nbase: b\nreplications: 2\narmz: {}\n", "sweep"}, // a typo: most keys
		{"- a list\n", "scenario"},
		{"", "scenario"},
	} {
		got, why := docgen.Detect([]byte(c.text))
		assert.Equal(t, c.want, got, "%q (%s)", c.text, why)
		assert.NotEmpty(t, why)
	}
}
