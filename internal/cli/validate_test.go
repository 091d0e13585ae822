package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/cli"
)

// validate checks each file with the loader of its format: the format its
// $schema line names, else the one whose keys it has, or --as.
func TestValidateRecognisesFormats(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	out, errs, code := agencysim(t, nil, "validate",
		filepath.Join(root, "scenarios", "sweeps", "policy-comparison.yaml"),
		filepath.Join(root, "scenarios", "calibrate", "calibrate-example.yaml"),
		filepath.Join(root, "scenarios", "searches", "search-example.yaml"),
		"baseline")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, `policy-comparison.yaml: ok (sweep "policy-comparison": 5 arms, 1 design points, base bundled:baseline`)
	assert.Contains(t, out, `calibrate-example.yaml: ok (calibrate "example-city": 2 parameters, 3 targets`)
	assert.Contains(t, out, "search-example.yaml: ok (search: 4 genes, 2 objectives)")
	assert.Contains(t, out, `bundled:baseline: ok (scenario "baseline"`)

	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	// No $schema line: the arms make it a sweep, and the sweep loader
	// locates the bad value in its arm.
	arm := write("arm.yaml", "name: s\nbase: baseline\ndays: 5\nreplications: 1\narms:\n  baseline: {}\n  never: {policies.detainers: nevr}\n")
	// A misspelt key: most of its keys are a sweep's.
	typo := write("typo.yaml", "name: s\nbase: baseline\nreplications: 1\narmz:\n  baseline: {}\n")
	_, errs, code = agencysim(t, nil, "validate", arm, typo)
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, arm+`:7 (arm never): policies.detainers: "nevr" is not an allowed value`)
	assert.Contains(t, errs, typo+":4: armz: is not a known key")
	assert.Contains(t, errs, "2 of 2 files have problems")

	// --as sets the format: the same sweep read as a scenario has unknown keys.
	_, errs, code = agencysim(t, nil, "validate", "--as", "scenario", arm)
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, arm+":5: arms: is not a known key")
	_, errs, code = agencysim(t, nil, "validate", "--as", "swep", arm)
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, `--as "swep": allowed: scenario, sweep, calibrate, search`)
}
