package cli_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/cli"
)

// 'run --format csv' and series.csv defuse formulas in text cells (the
// scenario's name) and leave numbers alone.
func TestRunCSVDefusesFormulas(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"=cmd|' /C calc'!A0", "+HYPERLINK(1)", "@SUM(1)", "-x"} {
		out, errs, code := agencysim(t, nil, "run", "--days", "20", "--format", "csv", "--set", "name="+name, "--out", dir)
		require.Equal(t, cli.ExitOK, code, errs)
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		vals := map[string]string{}
		for _, r := range rows[1:] {
			vals[r[0]] = r[1]
		}
		assert.Equal(t, "'"+name, vals["run.scenario"])
		assert.Equal(t, "20", vals["run.days"])
		for k, v := range vals {
			if strings.HasPrefix(v, "-") {
				assert.NotEqual(t, "'", v[:1], k)
			}
		}
		f, err := os.Open(filepath.Join(dir, "series.csv"))
		require.NoError(t, err)
		series, err := csv.NewReader(f).ReadAll()
		f.Close()
		require.NoError(t, err)
		assert.Equal(t, "'"+name, series[1][0])
	}
}

// The final message of a sweep says what the results lack, and escapes
// control characters in what it prints.
func TestSweepFinalMessage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sweep := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(sweep, []byte("name: ci\ndays: 20\nreplications: 2\narms: {a: {}, b: {policies.detainers: never}}\n"+
		"until_ci: {metric: crimes.reporting_rate, half_width: 0.000001, max_replications: 4, step: 2}\n"), 0o644))
	out := filepath.Join(dir, "res\x1b[2J")
	stdout, stderr, code := agencysim(t, nil, "sweep", sweep, "--out", out, "--quiet")
	require.Equal(t, cli.ExitOK, code, "a missed target is not a failed run: %s", stderr)
	assert.Contains(t, stderr, "until_ci target missed: the 95% interval of crimes.reporting_rate is still wider than ±1e-06 at max_replications (4) for 2 arm and points: arm a: ±")
	assert.Contains(t, stdout, "The until_ci target was missed")
	assert.NotContains(t, stdout+stderr, "\x1b", "control characters are escaped")
	assert.Contains(t, stdout, `res\x1b[2J`)

	// report says the same.
	stdout, stderr, code = agencysim(t, nil, "report", out)
	require.Equal(t, cli.ExitOK, code, stderr)
	assert.Contains(t, stderr, "until_ci target missed")
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(html), `id="until-ci"`)
	manifest, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	require.NoError(t, err)
	assert.Contains(t, string(manifest), `"met": false`)
	assert.NotContains(t, stdout, "\x1b")
}
