package scenarios_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/scenarios"
)

const cityParams = `# calibrated
name: my-city
source: agencysim calibrate city.yaml on 2026-12-02
values:
  reporting.fear_slope: 1.7
  trust:
    half_life_days: 120
ranges:
  reporting.fear_slope: [1.2, 2.1]
`

func scenarioWith(t *testing.T, params, extra string) string {
	t.Helper()
	dir := t.TempDir()
	base, ok := scenarios.Bundled("baseline")
	require.True(t, ok)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "my-city.params.yaml"), []byte(params), 0o644))
	p := filepath.Join(dir, "city.yaml")
	require.NoError(t, os.WriteFile(p, append(base, []byte("\nparameter_set_files: [my-city.params.yaml]\n"+extra)...), 0o644))
	return p
}

// A parameter set file's values are in force in the scenario that names
// it, and the scenario's hash changes with them.
func TestParameterSetFileApplies(t *testing.T) {
	t.Parallel()
	l, err := scenarios.Load(scenarioWith(t, cityParams, ""), scenarios.LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1.7, l.Scenario.Reporting.FearSlope)
	assert.Equal(t, 120.0, l.Scenario.Trust.HalfLifeDays)
	plain, err := scenarios.Load("baseline", scenarios.LoadOptions{})
	require.NoError(t, err)
	assert.NotEqual(t, plain.Hash, l.Hash)
	// Variants: an override of a key the file sets is the full loader's
	// error; other overrides patch as usual.
	b, err := os.ReadFile(l.Source)
	require.NoError(t, err)
	v := scenarios.NewVariants(l.Source, b, nil)
	_, err = v.Load([]scenarios.Param{{Path: "reporting.fear_slope", Value: 2.0, Where: "arm x"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "set here and by parameter set \"my-city\"")
	got, err := v.Load([]scenarios.Param{{Path: "policies.outreach", Value: 0.5, Where: "arm y"}})
	require.NoError(t, err)
	assert.Equal(t, 1.7, got.Scenario.Reporting.FearSlope)
}

// A bad parameter set file is located in the file.
func TestParameterSetFileErrors(t *testing.T) {
	t.Parallel()
	for want, c := range map[string]struct{ params, extra string }{
		"my-city.params.yaml:5: values.reporting.fear_slop":                                 {"name: x\nsource: s\nvalues:\n  reporting.fear_slope: 1\n  reporting.fear_slop: 2\n", ""},
		"my-city.params.yaml:3 (parameter set x): reporting.fear_slope: -1 is out of range": {"name: x\nvalues:\n  reporting.fear_slope: -1\n", ""},
		"my-city.params.yaml:2: colour":                                                     {"name: x\ncolour: red\nvalues: {reporting.fear_slope: 1}\n", ""},
		"values: is empty":                                                                  {"name: x\n", ""},
		"values.seed":                                                                       {"name: x\nvalues: {seed: 3}\n", ""},
		"reporting.fear_slope: 2 is set here and by parameter set \"x\"":                    {"name: x\nvalues: {reporting.fear_slope: 1}\n", "reporting: {fear_slope: 2}\n"},
	} {
		_, err := scenarios.Load(scenarioWith(t, c.params, c.extra), scenarios.LoadOptions{})
		require.Error(t, err, want)
		assert.Contains(t, err.Error(), want)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(p, []byte("name: s\nparameter_set_files: [missing.yaml]\n"), 0o644))
	_, err := scenarios.Load(p, scenarios.LoadOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "s.yaml:2: parameter_set_files[0]: \"missing.yaml\" cannot be read")
}
