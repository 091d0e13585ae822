package report

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
)

// The reader test: docs/analysis.md's examples, run for real with
// independent readers (Debian's pandas and R, DuckDB from the npm
// registry: `make deps-readers`), on the sweep the page shows, and their
// figures checked against summary.csv and comparisons.csv.

const analysisDoc = "../../docs/analysis.md"

// debianPython is Debian's python3, which has python3-pandas (a python3
// earlier on PATH may be another installation without it).
const debianPython = "/usr/bin/python3"

// readersDir holds the npm package of DuckDB and the script that runs
// SQL with it.
const readersDir = "testdata/readers"

// codeBlocks returns the fenced code blocks of a Markdown text whose
// info string is lang.
func codeBlocks(md, lang string) []string {
	var out []string
	var cur *strings.Builder
	sc := bufio.NewScanner(strings.NewReader(md))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```"+lang:
			cur = &strings.Builder{}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return out
}

// csvTables parses what an example printed: CSV tables with a header,
// separated by blank lines. Each row is a map from column to cell.
func csvTables(t *testing.T, out string) [][]map[string]string {
	t.Helper()
	var tables [][]map[string]string
	for _, chunk := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(chunk) == "" {
			continue
		}
		recs, err := csv.NewReader(strings.NewReader(chunk)).ReadAll()
		require.NoError(t, err, chunk)
		var rows []map[string]string
		for _, r := range recs[1:] {
			row := map[string]string{}
			for i, c := range recs[0] {
				row[c] = r[i]
			}
			rows = append(rows, row)
		}
		tables = append(tables, rows)
	}
	return tables
}

// figureKey names a figure of a table: arm, the outreach budget as a
// number, metric.
func figureKey(t *testing.T, arm, outreach, metric string) string {
	t.Helper()
	x, err := strconv.ParseFloat(outreach, 64)
	require.NoError(t, err, "outreach %q", outreach)
	return fmt.Sprintf("%s|%g|%s", arm, x, metric)
}

// readFigures reads a statistics table (summary.csv, comparisons.csv)
// with encoding/csv: figure key → the value of column col.
func readFigures(t *testing.T, path, col string) map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	idx := map[string]int{}
	for i, c := range recs[0] {
		idx[c] = i
	}
	out := map[string]float64{}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[idx[col]], 64)
		if err != nil {
			continue // NA
		}
		out[figureKey(t, r[idx["arm"]], r[idx["policies.outreach"]], r[idx["metric"]])] = v
	}
	return out
}

// checkFigures compares every metric column of an example's table with
// the reference figures: every arm and point must be there, each figure
// equal to 1e-9 (relative).
func checkFigures(t *testing.T, who string, rows []map[string]string, want map[string]float64, arms []string) int {
	t.Helper()
	checked := 0
	seen := map[string]bool{}
	for _, row := range rows {
		seen[row["arm"]+"|"+row["policies.outreach"]] = true
		for col, cell := range row {
			if col == "arm" || col == "policies.outreach" {
				continue
			}
			require.True(t, sweep.IsMetric(col), "%s: column %q is no metric key", who, col)
			key := figureKey(t, row["arm"], row["policies.outreach"], col)
			w, ok := want[key]
			require.True(t, ok, "%s: %s is not in the reference table", who, key)
			got, err := strconv.ParseFloat(cell, 64)
			require.NoError(t, err, "%s: %s = %q", who, key, cell)
			assert.InEpsilon(t, w, got, 1e-9, "%s: %s", who, key)
			checked++
		}
	}
	assert.Len(t, seen, 2*len(arms), "%s: a row per arm and outreach budget: %v", who, seen)
	return checked
}

func TestAnalysisExamplesReadEveryOutput(t *testing.T) {
	t.Parallel()
	docBytes, err := os.ReadFile(analysisDoc)
	require.NoError(t, err)
	doc := string(docBytes)
	sweepYAML := codeBlocks(doc, "yaml")
	require.Len(t, sweepYAML, 1, "docs/analysis.md shows one sweep file")
	plan := sweeptest.MustPlan(t, sweepYAML[0])
	work := t.TempDir()
	dir := filepath.Join(work, "results")
	execute(t, plan, runner.Options{Out: dir})
	arms := make([]string, len(plan.Arms))
	for i, a := range plan.Arms {
		arms[i] = a.Name
	}
	means := readFigures(t, filepath.Join(dir, "summary.csv"), "mean")
	diffs := readFigures(t, filepath.Join(dir, "comparisons.csv"), "diff_mean")

	run := func(t *testing.T, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = work
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		require.NoError(t, err, "%s %v: %s\n(`make deps-readers` installs the readers: pandas, R, DuckDB)", name, args, stderr.String())
		return string(out)
	}
	script := func(t *testing.T, name, text string) string {
		p := filepath.Join(t.TempDir(), name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	need := func(t *testing.T, path, what string) string {
		t.Helper()
		p, err := exec.LookPath(path)
		if err != nil {
			t.Fatalf("%s is needed for the reader test and was not found (%s): run `make deps-readers`", what, path)
		}
		return p
	}

	t.Run("pandas", func(t *testing.T) {
		t.Parallel()
		py := need(t, debianPython, "Debian's python3 with python3-pandas")
		blocks := codeBlocks(doc, "python")
		require.NotEmpty(t, blocks)
		for _, b := range blocks {
			tables := csvTables(t, run(t, py, script(t, "example.py", b)))
			require.Len(t, tables, 1)
			assert.Equal(t, 2*2*len(arms), checkFigures(t, "pandas", tables[0], means, arms))
		}
	})

	t.Run("R", func(t *testing.T) {
		t.Parallel()
		rscript := need(t, "Rscript", "R (Debian's r-base-core)")
		blocks := codeBlocks(doc, "r")
		require.NotEmpty(t, blocks)
		for _, b := range blocks {
			tables := csvTables(t, run(t, rscript, "--vanilla", script(t, "example.R", b)))
			require.Len(t, tables, 1)
			assert.Equal(t, 2*2*len(arms), checkFigures(t, "R", tables[0], means, arms))
		}
	})

	t.Run("DuckDB", func(t *testing.T) {
		t.Parallel()
		node := need(t, "node", "Node.js")
		runner, err := filepath.Abs(filepath.Join(readersDir, "duckdb.mjs"))
		require.NoError(t, err)
		if _, err := os.Stat(filepath.Join(readersDir, "node_modules", "@duckdb", "node-api")); err != nil {
			t.Fatalf("DuckDB (@duckdb/node-api) is needed for the reader test and is not installed in %s: run `make deps-readers`", readersDir)
		}
		blocks := codeBlocks(doc, "sql")
		require.Len(t, blocks, 1)
		tables := csvTables(t, run(t, node, runner, script(t, "example.sql", blocks[0])))
		require.Len(t, tables, 2, "the means, then the paired differences")
		assert.Equal(t, 3*2*len(arms), checkFigures(t, "DuckDB means", tables[0], means, arms))
		assert.Equal(t, 2*(len(arms)-1), checkFigures(t, "DuckDB differences", tables[1], diffs, arms[1:]))

		// The tables' shape, as DuckDB sees it, against what Go wrote.
		tables = csvTables(t, run(t, node, runner, script(t, "check.sql", `
DESCRIBE SELECT * FROM 'results/runs.parquet';
SELECT path_in_schema, encodings FROM parquet_metadata('results/runs.parquet') WHERE row_group_id = 0;
SELECT count(*) AS n FROM read_csv('results/series.csv.gz');
SELECT count(*) AS n FROM 'results/series.parquet';
SELECT count(*) AS n FROM read_csv('results/summary.csv');
SELECT count(*) AS n FROM read_csv('results/comparisons.csv');
SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv('results/failures.csv'));
`)))
		require.Len(t, tables, 7)
		var header []string
		f, err := os.Open(filepath.Join(dir, "runs.csv"))
		require.NoError(t, err)
		header, err = csv.NewReader(f).Read()
		f.Close()
		require.NoError(t, err)
		var names []string
		for _, c := range tables[0] {
			names = append(names, c["column_name"])
			typ := c["column_type"]
			switch m, isMetric := agents.LookupMetric(c["column_name"]); {
			case slices.Contains(runIDColumns, c["column_name"]):
			case isMetric && m.Whole:
				assert.Equal(t, "BIGINT", typ, c["column_name"])
			case isMetric:
				assert.Equal(t, "DOUBLE", typ, c["column_name"])
			}
		}
		assert.Equal(t, header, names, "runs.parquet has runs.csv's columns, in its order")
		assert.Equal(t, []string{"run_id", "arm", "point", "replication", "seed", "scenario_hash", "policies.outreach"}, names[:7])
		types := map[string]string{}
		for _, c := range tables[0] {
			types[c["column_name"]] = c["column_type"]
		}
		assert.Equal(t, "BIGINT", types["crimes.occurred"])
		assert.Equal(t, "DOUBLE", types["crimes.reporting_rate"])
		assert.Equal(t, "DOUBLE", types["population.by_group.undocumented.end"], "an expected number of residents")
		assert.Equal(t, "DOUBLE", types["policies.outreach"])
		strs := 0
		for _, c := range tables[1] {
			if types[c["path_in_schema"]] == "VARCHAR" {
				assert.Contains(t, c["encodings"], "RLE_DICTIONARY", c["path_in_schema"])
				strs++
			}
		}
		assert.Equal(t, 3, strs, "run_id, arm, scenario_hash")

		series, err := parquet.ReadFile[seriesRow](filepath.Join(dir, "series.parquet"))
		require.NoError(t, err)
		assert.Equal(t, strconv.Itoa(len(series)), tables[2][0]["n"], "series.csv.gz has series.parquet's rows")
		assert.Equal(t, strconv.Itoa(len(series)), tables[3][0]["n"])
		assert.Equal(t, strconv.Itoa(len(means)+countNA(t, filepath.Join(dir, "summary.csv"))), tables[4][0]["n"])
		assert.NotEqual(t, "0", tables[5][0]["n"])
		var failCols []string
		for _, c := range tables[6] {
			failCols = append(failCols, c["column_name"])
		}
		assert.Equal(t, []string{"run_id", "arm", "point", "replication", "seed", "error"}, failCols)
	})
}

// countNA counts the rows of a statistics table whose mean is NA.
func countNA(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	require.NoError(t, err)
	col := slices.Index(recs[0], "mean")
	n := 0
	for _, r := range recs[1:] {
		if r[col] == CSVMissing {
			n++
		}
	}
	return n
}

// series.csv.gz is the rows of series.parquet, with the parameters of
// each row's run, read back with Go's own gzip and CSV readers.
func TestSeriesCSVMatchesSeriesParquet(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, "days: 20\nreplications: 2\narms: {baseline: {}, never: {policies.detainers: never}}\nvary: {design: grid, params: {policies.outreach: [0.2, 0.8]}}\n")
	dir := t.TempDir()
	execute(t, plan, runner.Options{Out: dir})
	series, err := parquet.ReadFile[seriesRow](filepath.Join(dir, "series.parquet"))
	require.NoError(t, err)
	f, err := os.Open(filepath.Join(dir, seriesCSVFile))
	require.NoError(t, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	require.NoError(t, err)
	recs, err := csv.NewReader(gz).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"run_id", "arm", "point", "replication", "policies.outreach", "day", "metric", "group", "value"}, recs[0])
	require.Len(t, recs, len(series)+1)
	for i, s := range series {
		r := recs[i+1]
		want := []string{s.RunID, s.Arm, strconv.FormatInt(s.Point, 10), strconv.FormatInt(s.Replication, 10),
			paramValues(plan, int(s.Point))[0], CSVNumber(s.Day), s.Metric, s.Group, CSVMissing}
		if s.Value != nil {
			want[8] = CSVNumber(*s.Value)
		}
		require.Equal(t, want, r, "row %d", i+1)
	}
	assert.Equal(t, []string{"0.2", "0.8"}, []string{paramValues(plan, 0)[0], paramValues(plan, 1)[0]})
}
