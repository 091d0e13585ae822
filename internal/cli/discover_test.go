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

// 'discover' on a tiny real sweep (LHS over 2 parameters, 24 points, 40
// days): ICE teams drive immigration arrests, and PRIM and CART find it.
func TestDiscoverEndToEnd(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sw := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(sw, []byte("name: disc\ndays: 40\nreplications: 1\narms: {a: {}, b: {policies.detainers: never}}\n"+
		"vary: {design: lhs, points: 24, params: {policies.outreach: [0, 1], ice.teams: [1, 9]}}\n"), 0o644))
	out := filepath.Join(dir, "res")
	_, errs, code := agencysim(t, nil, "sweep", sw, "--out", out, "--quiet")
	require.Equal(t, cli.ExitOK, code, errs)

	for _, method := range []string{"prim", "cart"} {
		stdout, errs, code := agencysim(t, nil, "discover", out, "--metric", "immigration_arrests.total", "--method", method)
		require.Equal(t, cli.ExitOK, code, errs)
		first := strings.SplitN(stdout, "\n", 2)[0]
		assert.Regexp(t, `^immigration_arrests\.total > [0-9.]+ when ice\.teams ≥ [0-9.]+: density [0-9]+ %, coverage [0-9]+ %, on held-out data [0-9]+ % / [0-9]+ %$`, first, method)
		assert.Contains(t, stdout, "ice.teams: quasi-p")
		assert.Contains(t, stdout, "threshold: the median")
		f, err := os.Open(filepath.Join(out, "discover.csv"))
		require.NoError(t, err)
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		require.NoError(t, err)
		assert.Equal(t, []string{"method", "box", "pasted", "chosen", "res_dim", "mass", "coverage", "density", "test_mass", "test_coverage", "test_density",
			"ice.teams.low", "ice.teams.high", "ice.teams.quasi_p", "policies.outreach.low", "policies.outreach.high", "policies.outreach.quasi_p"}, rows[0])
		chosen := 0
		for _, r := range rows[1:] {
			assert.Equal(t, method, r[0])
			if r[3] == "true" {
				chosen++
			}
		}
		assert.Equal(t, 1, chosen, "one chosen box")
		again, _, _ := agencysim(t, nil, "discover", out, "--metric", "immigration_arrests.total", "--method", method)
		assert.Equal(t, stdout, again, "deterministic")
	}

	// The paired difference of two arms, with a threshold.
	stdout, errs, code := agencysim(t, nil, "discover", out, "--metric", "trust.undocumented.mean", "--arm", "b", "--vs", "a", "--threshold", ">0.003")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, stdout, "trust.undocumented.mean (b − a) > 0.003")

	// Errors: located, with what is allowed.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--metric", "nope"}, `unknown metric "nope"; allowed: the keys 'agencysim sweep --list-metrics' lists`},
		{[]string{"--metric", "crimes.reported", "--arm", "zz"}, `unknown arm "zz"; the sweep's arms: a, b`},
		{[]string{"--metric", "crimes.reported", "--vs", "a"}, "--vs a needs --arm A"},
		{[]string{"--metric", "crimes.reported", "--method", "tree"}, `method "tree": allowed: prim, cart`},
		{[]string{"--metric", "crimes.reported", "--threshold", "0.5"}, `threshold "0.5": allowed: >V, >=V, <V or <=V`},
		{[]string{"--metric", "immigration_arrests.total", "--threshold", ">1e9"}, "no point of the 24 has a case of interest"},
		{[]string{"--metric", "detainers.issued", "--arm", "a", "--vs", "a"}, "--arm and --vs are both"},
		{[]string{}, "--metric M is required"},
	} {
		_, errs, code := agencysim(t, nil, append([]string{"discover", out}, c.args...)...)
		assert.Equal(t, cli.ExitInput, code, c.args)
		assert.Contains(t, errs, c.want, c.args)
	}
}

// A sweep without a design, and one with too few points, are refused.
func TestDiscoverRefusesSweeps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct{ name, vary, want string }{
		{"novary", "", "varies no parameters"},
		{"few", "vary: {design: lhs, points: 5, params: {ice.teams: [1, 9]}}\n", "5 design points with a value of crimes.reported; discovery needs at least 20"},
	} {
		sw := filepath.Join(dir, c.name+".yaml")
		require.NoError(t, os.WriteFile(sw, []byte("name: x\ndays: 5\nreplications: 1\narms: {a: {}}\n"+c.vary), 0o644))
		out := filepath.Join(dir, c.name)
		_, errs, code := agencysim(t, nil, "sweep", sw, "--out", out, "--quiet")
		require.Equal(t, cli.ExitOK, code, errs)
		_, errs, code = agencysim(t, nil, "discover", out, "--metric", "crimes.reported")
		assert.Equal(t, cli.ExitInput, code, c.name)
		assert.Contains(t, errs, c.want, c.name)
	}
}

// 'discover' on a merged sharded sweep says what it says on the same sweep
// run whole; on one shard's folder it asks for runs.csv, then analyses the
// finished runs and says which are missing.
func TestDiscoverOnShardedAndUnfinishedSweeps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sw := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(sw, []byte("name: disc\ndays: 20\nreplications: 2\narms: {a: {}}\n"+
		"vary: {design: lhs, points: 25, params: {policies.outreach: [0, 1], ice.teams: [1, 9]}}\n"), 0o644))
	run := func(args ...string) string {
		t.Helper()
		stdout, errs, code := agencysim(t, nil, args...)
		require.Equal(t, cli.ExitOK, code, errs)
		return stdout
	}
	whole, sh0, sh1, merged := filepath.Join(dir, "whole"), filepath.Join(dir, "sh0"), filepath.Join(dir, "sh1"), filepath.Join(dir, "merged")
	run("sweep", sw, "--out", whole, "--quiet")
	run("sweep", sw, "--out", sh0, "--shard", "0/2", "--quiet")
	run("sweep", sw, "--out", sh1, "--shard", "1/2", "--quiet")
	run("merge", "--out", merged, sh0, sh1)
	discover := func(d string) string {
		t.Helper()
		out := run("discover", d, "--metric", "immigration_arrests.total")
		return strings.ReplaceAll(out, d, "DIR")
	}
	w := discover(whole)
	assert.Equal(t, w, discover(merged), "merged shards read as the whole sweep")
	assert.NotContains(t, w, "missing runs")

	// One shard: no runs.csv until 'report' writes it.
	_, errs, code := agencysim(t, nil, "discover", sh0, "--metric", "immigration_arrests.total")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "has no runs.csv yet: 25 of the sweep's 50 runs are finished")
	assert.Contains(t, errs, "'agencysim report "+sh0+"'")
	_, _, _ = agencysim(t, nil, "report", sh0) // partial results: a non-zero exit, the tables written
	part := discover(sh0)
	// Shard 0 of 2 holds one of the two replications of every point.
	assert.Contains(t, part, "missing runs: runs.csv holds 25 of the 50 runs of a that the sweep asks for")
	assert.NotContains(t, part, "design points without a value")
	assert.Regexp(t, `^immigration_arrests\.total > [0-9.]+ when ice\.teams ≥ `, part)
}

// The bundled discover-example runs (cut down to 20 points of 15 days, one
// replication) and its header's discover command finds a box of the
// paired difference.
func TestDiscoverExampleRuns(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "res")
	_, errs, code := agencysim(t, nil, "sweep", "discover-example", "--out", out, "--quiet", "--set", "days=15", "--set", "vary.points=20", "--set", "replications=1")
	require.Equal(t, cli.ExitOK, code, errs)
	stdout, errs, code := agencysim(t, nil, "discover", out, "--metric", "crimes.by_group.undocumented.rate", "--arm", "task_force_287g", "--vs", "baseline")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Regexp(t, `^crimes\.by_group\.undocumented\.rate \(task_force_287g − baseline\) > \S+ when `, stdout)
	assert.Regexp(t, `(The sample was large enough|Not large enough): `, stdout)
}
