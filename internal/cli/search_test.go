package cli_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/cli"
)

// searchSpec is a small search: 2 levers, 2 objectives, population 4.
const searchSpec = `scenario: baseline
days: 30
replications: 1
population: 4
generations: 1
genes:
  - key: policies.detainers
  - key: policies.victim_protections.no_status_questions
objectives:
  - metric: crimes.reporting_rate
  - metric: detainers.transfers
    direction: maximise
`

// 'agencysim search' writes the front: a column per lever and objective,
// lever values from their levels, objectives that no front member beats.
func TestSearchWritesParetoCSV(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := filepath.Join(dir, "search.yaml")
	require.NoError(t, os.WriteFile(spec, []byte(searchSpec), 0o644))
	out, errs, code := agencysim(t, nil, "search", spec, "--out", filepath.Join(dir, "out"), "--workers", "2")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "Pareto-optimal candidates")
	assert.Contains(t, out, "Not enough to judge: 1 generation after the initial population")
	gens, err := os.ReadFile(filepath.Join(dir, "out", "generations.csv"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(gens), "generation,front_size,hypervolume\n0,"), string(gens))
	// Run again on the folder: every candidate comes from the journal.
	again, errs, code := agencysim(t, nil, "search", spec, "--out", filepath.Join(dir, "out"))
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, errs, "resumed: ")
	assert.Contains(t, again, "(0 model runs in this session)")
	b, err := os.ReadFile(filepath.Join(dir, "out", "pareto.csv"))
	require.NoError(t, err)
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(rows), 2)
	assert.Equal(t, []string{"policies.detainers", "policies.victim_protections.no_status_questions", "crimes.reporting_rate", "detainers.transfers"}, rows[0])
	for _, r := range rows[1:] {
		assert.Contains(t, []string{"honor_all", "judicial_warrant_only", "never"}, r[0])
		assert.Contains(t, []string{"true", "false"}, r[1])
	}

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("genes:\n  - key: policies.nope\nobjectives:\n  - metric: crimes.reporting_rate\n"), 0o644))
	_, errs, code = agencysim(t, nil, "search", bad, "--out", filepath.Join(dir, "out2"))
	assert.Equal(t, cli.ExitInput, code)
	assert.True(t, strings.Contains(errs, "bad.yaml:2") && strings.Contains(errs, "genes[0].key"), errs)
}

// 'agencysim search --shard i/N' and '--merge', a generation at a time,
// say what to run next and end with one machine's pareto.csv.
func TestSearchShardsAndMerges(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := filepath.Join(dir, "search.yaml")
	text := strings.NewReplacer("days: 30", "days: 20", "population: 4", "population: 6", "victim_protections.no_status_questions", "outreach").Replace(searchSpec)
	require.NoError(t, os.WriteFile(spec, []byte(text), 0o644))
	one, res := filepath.Join(dir, "one"), filepath.Join(dir, "sharded")
	_, errs, code := agencysim(t, nil, "search", spec, "--out", one)
	require.Equal(t, cli.ExitOK, code, errs)

	_, errs, code = agencysim(t, nil, "search", spec, "--out", res, "--merge", "--shard", "0/2")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "--merge and --shard")
	out, errs, code := agencysim(t, nil, "search", spec, "--out", res, "--merge")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "generation 0 is ready: run its shards (agencysim search "+spec+" --out "+res+" --shard I/N), then --merge")

	shard := func(gen int, s string) {
		t.Helper()
		out, errs, code := agencysim(t, nil, "search", spec, "--out", res, "--shard", s, "--workers", "1")
		require.Equal(t, cli.ExitOK, code, errs)
		assert.Regexp(t, fmt.Sprintf(`^generation %d shard %s done \(\d+ candidates, \d+ runs\); when every shard of generation %d is done: agencysim search .* --merge\n$`, gen, s, gen), out)
	}
	shard(0, "0/2")
	_, errs, code = agencysim(t, nil, "search", spec, "--out", res, "--merge")
	assert.Equal(t, cli.ExitInput, code, "a shard is missing")
	assert.Contains(t, errs, "1-of-2.csv (absent)")
	shard(0, "1/2")
	out, errs, code = agencysim(t, nil, "search", spec, "--out", res, "--merge")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "generation 0 merged: 6 candidates")
	assert.Contains(t, out, "generation 1 is ready: run its shards")
	shard(1, "0/2")
	shard(1, "1/2")
	out, errs, code = agencysim(t, nil, "search", spec, "--out", res, "--merge")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "Pareto-optimal candidates")
	for _, f := range []string{"pareto.csv", "generations.csv", "evaluations.csv"} {
		want, err := os.ReadFile(filepath.Join(one, f))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(res, f))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), f)
	}
	out, errs, code = agencysim(t, nil, "search", spec, "--out", res, "--shard", "1/2")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, out, "the search is complete (every generation is merged): nothing to run")
}
