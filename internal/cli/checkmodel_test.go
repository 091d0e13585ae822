package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/cli"
	"github.com/agencysim/agencysim/scenarios"
)

func TestCheckModelJSON(t *testing.T) {
	t.Parallel()
	out, errs, code := agencysim(t, nil, "check-model", "--replications", "4", "--format", "json")
	var rep struct {
		Replications int
		Passed       int
		Failed       int
		Results      []struct {
			ID, Name, Target, Source, Grade string
			Mean                            *float64
			Pass                            bool
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	assert.Equal(t, 4, rep.Replications)
	require.GreaterOrEqual(t, len(rep.Results), 10)
	facts := map[string]bool{}
	for _, r := range rep.Results {
		assert.NotEmpty(t, r.Source, r.ID)
		assert.NotEmpty(t, r.Grade, r.ID)
		assert.NotEmpty(t, r.Target, r.ID)
		facts[r.ID] = true
	}
	for _, id := range []string{"violent_reporting", "undocumented_reporting", "overlap_frequency", "minor_detainers", "surge_drop"} {
		assert.True(t, facts[id], id)
	}
	// The exit status follows the count of failures.
	assert.Equal(t, len(rep.Results), rep.Passed+rep.Failed)
	if rep.Failed > 0 {
		assert.Equal(t, cli.ExitFailure, code, errs)
	} else {
		assert.Equal(t, cli.ExitOK, code, errs)
	}
}

func TestCheckModelTableAndBadInput(t *testing.T) {
	t.Parallel()
	out, errs, code := agencysim(t, nil, "check-model", "--replications", "3")
	assert.Contains(t, out, "simulated (95% CI)")
	assert.Contains(t, out, "Comino, Mastrobuoni and Nicolò 2020")
	assert.Contains(t, []int{cli.ExitOK, cli.ExitFailure}, code, errs)

	_, errs, code = agencysim(t, nil, "check-model", "--replications", "1")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "--replications 1")
	_, errs, code = agencysim(t, nil, "check-model", "--format", "xml")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "allowed: table, json")
	_, errs, code = agencysim(t, nil, "check-model", "--set", "days=100")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "days")
}

func TestSchemaCommandMatchesTheCommittedSchemas(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"scenario", "sweep"} {
		args := []string{"schema"}
		if format == "sweep" {
			args = append(args, "sweep")
		}
		out, errs, code := agencysim(t, nil, args...)
		require.Equal(t, cli.ExitOK, code, errs)
		committed, err := os.ReadFile(filepath.Join("..", "..", "docs", format+".schema.json"))
		require.NoError(t, err)
		assert.Equal(t, string(committed), out, "docs/%s.schema.json is out of date: run make docs", format)
		var js map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &js))
		props, _ := js["properties"].(map[string]any)
		assert.NotEmpty(t, props)
	}
	out, _, _ := agencysim(t, nil, "schema")
	assert.Contains(t, out, `"detainers"`)
	assert.Contains(t, out, `"honor_all"`)
	out, _, _ = agencysim(t, nil, "schema", "sweep")
	assert.Contains(t, out, `"until_ci"`)
	_, errs, code := agencysim(t, nil, "schema", "city")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "allowed: scenario, sweep")
}

func TestScenariosShowPrintsABundledFileToStartFrom(t *testing.T) {
	t.Parallel()
	out, errs, code := agencysim(t, nil, "scenarios", "--show", "never-honor")
	require.Equal(t, cli.ExitOK, code, errs)
	assert.True(t, strings.HasPrefix(out, "# yaml-language-server: $schema="), "the printed file keeps its schema comment")
	l, err := scenarios.LoadBytes("never-honor.yaml", []byte(out), scenarios.LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, "never", l.Scenario.Policies.Detainers.String())

	out, _, code = agencysim(t, nil, "scenarios")
	require.Equal(t, cli.ExitOK, code)
	assert.Contains(t, out, "policy-comparison", "sweeps are listed too")

	_, errs, code = agencysim(t, nil, "scenarios", "--show", "nevre-honor")
	assert.Equal(t, cli.ExitInput, code)
	assert.Contains(t, errs, "never-honor")
}
