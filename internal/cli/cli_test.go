package cli_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func agencysim(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Main(args, cli.Env{Stdout: &out, Stderr: &errb, Environ: env})
	return out.String(), errb.String(), code
}

func TestRunPrintsTheSummaryTable(t *testing.T) {
	t.Parallel()
	out, errs, code := agencysim(t, nil, "run", "--days", "60")
	require.Equal(t, cli.ExitOK, code, errs)
	for _, want := range []string{"Scenario baseline", "seed 1", "CRIMES", "reporting rate", "DETAINERS", "SAFETY", "per 100 operations", "TRUST", "COSTS", "undocumented"} {
		assert.Contains(t, out, want)
	}
}

// The golden summary of the bundled baseline: any change to the model's
// behaviour shows up here. Regenerate with: go test ./internal/cli -run Golden -update
func TestGoldenBaselineSummary(t *testing.T) {
	t.Parallel()
	out, errs, code := agencysim(t, nil, "run", "--format", "json")
	require.Equal(t, cli.ExitOK, code, errs)
	var s agents.Summary
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	s.Run.Version = "" // the code version is not part of the behaviour
	got, err := json.MarshalIndent(s, "", "  ")
	require.NoError(t, err)
	golden := filepath.Join("testdata", "baseline.golden.json")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, append(got, '\n'), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with -update to create the golden file")
	assert.JSONEq(t, string(want), string(got))

	// Plausibility of the baseline against the national figures it is
	// calibrated to (the full check is 'agencysim check-model').
	assert.InDelta(t, 0.44, s.Get("crimes.violent.rate"), 0.06, "NCVS: 40-47% of violent victimizations reported")
	assert.InDelta(t, 0.32, s.Get("crimes.property.rate"), 0.05, "NCVS: 30-35% of property victimizations reported")
	assert.InDelta(t, 0.45, s.Get("clearance.violent_rate"), 0.08, "FBI: 41-46% of violent crimes cleared")
	assert.InDelta(t, 0.17, s.Get("clearance.property_rate"), 0.05, "FBI: 14-19% of property crimes cleared")
}

func TestSameInputsSameBytes(t *testing.T) {
	t.Parallel()
	dirA, dirB := t.TempDir(), t.TempDir()
	outA, _, codeA := agencysim(t, nil, "run", "--days", "90", "--seed", "4", "--out", dirA, "--format", "json")
	outB, _, codeB := agencysim(t, nil, "run", "--days", "90", "--seed", "4", "--out", dirB, "--format", "json")
	require.Equal(t, 0, codeA)
	require.Equal(t, 0, codeB)
	assert.Equal(t, outA, outB)
	for _, f := range []string{"summary.json", "series.csv"} {
		a, err := os.ReadFile(filepath.Join(dirA, f))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(dirB, f))
		require.NoError(t, err)
		assert.Equal(t, a, b, f)
		assert.NotEmpty(t, a)
	}
	outC, _, _ := agencysim(t, nil, "run", "--days", "90", "--seed", "5", "--format", "json")
	assert.NotEqual(t, outA, outC)
}

func TestRunWritesFilesWithProvenance(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, errs, code := agencysim(t, nil, "run", "--days", "30", "--seed", "3", "--replication", "2", "--out", dir)
	require.Equal(t, 0, code, errs)
	var s agents.Summary
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &s))
	assert.Equal(t, "baseline", s.Run.Scenario)
	assert.Len(t, s.Run.ScenarioHash, 64)
	assert.NotEmpty(t, s.Run.Version)
	assert.EqualValues(t, 3, s.Run.Seed)
	assert.EqualValues(t, 2, s.Run.Replication)

	f, err := os.Open(filepath.Join(dir, "series.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Greater(t, len(rows), 10)
	assert.Equal(t, []string{"scenario", "scenario_hash", "seed", "replication", "version", "day", "metric", "group", "value"}, rows[0])
	assert.Equal(t, s.Run.ScenarioHash, rows[1][1])
	assert.Equal(t, "3", rows[1][2])
	assert.Equal(t, "7", rows[1][5], "first weekly sample on day 7")
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 2, "no temporary files left behind")
}

func TestRunCSVAndOverrides(t *testing.T) {
	t.Parallel()
	out, errs, code := agencysim(t, []string{"AGENCYSIM_POLICIES__DETAINERS=never"}, "run", "--days", "120", "--format", "csv")
	require.Equal(t, 0, code, errs)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	vals := map[string]string{}
	for _, r := range rows[1:] {
		vals[r[0]] = r[1]
	}
	assert.Equal(t, "baseline", vals["run.scenario"])
	assert.Equal(t, "0", vals["detainers.honored"], "the environment override took effect")
	assert.NotEqual(t, "0", vals["detainers.issued"])

	out2, _, code := agencysim(t, []string{"AGENCYSIM_POLICIES__DETAINERS=never"}, "run", "--days", "120", "--format", "csv", "--set", "policies.detainers=honor_all")
	require.Equal(t, 0, code)
	assert.NotContains(t, out2, "detainers.honored,0\n", "--set wins over the environment")
}

func TestBadInputExitsWithCode2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("name: x\ncity:\n  districts:\n    - name: a\n      population: 10\npolicies:\n  detainers: maybe\n"), 0o644))
	_, errs, code := agencysim(t, nil, "run", bad)
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, bad+":5: city.districts[0].population: 10 is out of range")
	assert.Contains(t, errs, bad+":7: policies.detainers: \"maybe\" is not an allowed value")

	_, errs, code = agencysim(t, nil, "validate", bad)
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "1 of 1 files have problems")

	_, errs, code = agencysim(t, nil, "run", "--format", "xml")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "allowed: table, json, csv")

	_, _, code = agencysim(t, nil, "run", "--no-such-flag")
	assert.Equal(t, cli.ExitInput, code)

	_, errs, code = agencysim(t, nil, "run", filepath.Join(dir, "missing.yaml"))
	assert.Equal(t, cli.ExitInput, code, "a missing scenario file is bad input")
	assert.Contains(t, errs, "no such file")
}

func TestValidateScenariosVersion(t *testing.T) {
	t.Parallel()
	out, _, code := agencysim(t, nil, "validate", "baseline")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "bundled:baseline: ok")

	out, _, code = agencysim(t, nil, "scenarios")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "baseline")
	assert.Contains(t, out, "200,000 residents")

	out, _, code = agencysim(t, nil, "version")
	assert.Equal(t, 0, code)
	assert.NotEmpty(t, strings.TrimSpace(out))
}
