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

// 'agencysim search' writes the front: a column per lever and objective,
// lever values from their levels, objectives that no front member beats.
func TestSearchWritesParetoCSV(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := filepath.Join(dir, "search.yaml")
	require.NoError(t, os.WriteFile(spec, []byte(`scenario: baseline
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
`), 0o644))
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
