package report

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formulas are design values a spreadsheet would run.
var formulas = []string{
	`=cmd|' /C calc'!A0`,
	`+HYPERLINK("http://example.com/x","click")`,
	`-2+3+cmd|' /C calc'!A0`,
	`@SUM(1+1)*cmd|' /C calc'!A0`,
	"\t=1+1",
	"\r=1+1",
}

// assertSafeCSV reads a CSV file back and checks every cell: no cell a
// spreadsheet would take for a formula, numbers untouched.
func assertSafeCSV(t *testing.T, path string) [][]string {
	t.Helper()
	rows := sweeptest.ReadCSV(t, path)
	require.NotEmpty(t, rows, path)
	for i, row := range rows {
		for j, c := range row {
			if c == "" {
				continue
			}
			switch c[0] {
			case '=', '+', '-', '@', '\t', '\r':
				_, err := strconv.ParseFloat(c, 64)
				assert.NoError(t, err, "%s row %d column %d: %q would run as a formula", filepath.Base(path), i, j, c)
			}
		}
	}
	return rows
}

func TestEveryCSVDefusesFormulas(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var table strings.Builder
	table.WriteString("description,policies.outreach\n")
	for _, f := range formulas[:4] { // a table's cells are trimmed: tab and CR below
		table.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `",0.5` + "\n")
	}
	table.WriteString(`"""-3""",-0.0` + "\n") // a numeric-looking text (YAML "-3") stays as it is
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pts.csv"), []byte(table.String()), 0o644))
	p := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(p, []byte("name: csv\ndays: 20\nreplications: 2\narms: {a: {}, b: {policies.detainers: never}}\nvary: {design: table, file: pts.csv}\n"), 0o644))
	plan, err := sweep.Load(p, nil)
	require.NoError(t, err)
	out := t.TempDir()
	// Failures with formula-like error texts.
	hook := func(s sweep.RunSpec) error {
		if s.Point == 0 && s.Replication == 1 {
			return errors.New("=HYPERLINK(\"http://example.com\")")
		}
		return nil
	}
	_, err = runner.Execute(context.Background(), plan, runner.Options{Out: out, RunHook: hook})
	require.NoError(t, err)
	_, err = Aggregate(out)
	require.NoError(t, err)

	runs := assertSafeCSV(t, filepath.Join(out, "runs.csv"))
	for _, f := range []string{"summary.csv", "comparisons.csv", "failures.csv"} {
		assertSafeCSV(t, filepath.Join(out, f))
	}
	col := -1
	for j, h := range runs[0] {
		if h == "description" {
			col = j
		}
	}
	require.GreaterOrEqual(t, col, 0)
	var seen []string
	for _, row := range runs[1:] {
		seen = append(seen, row[col])
	}
	for _, f := range formulas[:4] {
		assert.Contains(t, seen, "'"+f, "the formula is kept as text behind an apostrophe")
	}
	assert.Contains(t, seen, "-3", "a numeric-looking text is untouched")
	failures := sweeptest.ReadCSV(t, filepath.Join(out, "failures.csv"))
	require.Len(t, failures, 3)
	assert.Equal(t, `'=HYPERLINK("http://example.com")`, failures[1][5])

	// Screening tables: oat values of a text key.
	plan = sweeptest.MustPlan(t, "days: 15\nreplications: 1\narms: {a: {}}\nvary: {design: oat, params: {description: [\"=1+1\", \"@x\"], policies.outreach: [-0.0, 1]}}\n")
	out = t.TempDir()
	execute(t, plan, runner.Options{Out: out})
	rows := assertSafeCSV(t, filepath.Join(out, sensitivityFile))
	var cells []string
	for _, r := range rows {
		cells = append(cells, r...)
	}
	assert.Contains(t, cells, "'=1+1")
	assert.Contains(t, cells, "'@x")
	assertSafeCSV(t, filepath.Join(out, "runs.csv"))

	// A leading tab, from a grid (a description may hold tabs; a carriage
	// return is refused by the loader, so it cannot reach a cell).
	plan = sweeptest.MustPlan(t, "days: 15\nreplications: 1\narms: {a: {}}\nvary: {design: grid, params: {description: [\"\\t=1+1\", \"\\t+A1\"]}}\n")
	out = t.TempDir()
	execute(t, plan, runner.Options{Out: out})
	rows = assertSafeCSV(t, filepath.Join(out, "runs.csv"))
	assert.Equal(t, "'\t=1+1", rows[1][6])
	assert.Equal(t, "'\t+A1", rows[2][6])
	assertSafeCSV(t, filepath.Join(out, "summary.csv"))
}

func TestCSVNumbersAndMissingValues(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "NA", CSVNumber(nan()))
	assert.Equal(t, "NA", CSVNumber(1/zero()))
	assert.Equal(t, "NA", CSVNumber(-1/zero()))
	assert.Equal(t, "-3", CSVNumber(-3))
	assert.Equal(t, "0.1", CSVNumber(0.1))
	assert.Equal(t, "-3", CSVText("-3"))
	assert.Equal(t, "'-x", CSVText("-x"))
	assert.Equal(t, "NA", csvParam(nil))
	assert.Equal(t, "-2", csvParam(-2))
	assert.Equal(t, "'=x", csvParam("=x"))
	assert.Equal(t, `["=a"]`, csvParam([]any{"=a"}), "JSON text starts with [")
}

func zero() float64 { return 0 }
func nan() float64  { z := zero(); return z / z }
