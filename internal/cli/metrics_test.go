package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/cli"
)

// 'agencysim metrics' lists the catalogue: the run record's metrics in the
// order of 'run --format csv', then the others.
func TestMetricsListsTheCatalogue(t *testing.T) {
	t.Parallel()
	out, errs, code := agencysim(t, nil, "metrics", "--format", "json")
	require.Equal(t, cli.ExitOK, code, errs)
	var got []struct {
		Key      string `json:"key"`
		Kind     string `json:"kind"`
		InRecord bool   `json:"in_record"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got, len(agents.AllMetrics()))

	csvOut, errs, code := agencysim(t, nil, "run", "--days", "10", "--format", "csv")
	require.Equal(t, cli.ExitOK, code, errs)
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	require.NoError(t, err)
	var record []string
	for _, r := range rows[1:] {
		if !strings.HasPrefix(r[0], "run.") {
			record = append(record, r[0])
		}
	}
	var listed []string
	for _, m := range got {
		if m.InRecord {
			listed = append(listed, m.Key)
		}
		assert.NotEmpty(t, m.Kind)
	}
	assert.Equal(t, record, listed)

	table, errs, code := agencysim(t, nil, "metrics")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.Contains(t, table, "crimes.by_group.undocumented.rate")
	assert.Contains(t, table, "Reporting rate, undocumented victims")

	_, errs, code = agencysim(t, nil, "metrics", "--format", "yaml")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "allowed: table, json")
}
