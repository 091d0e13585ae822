package report

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sweeps that hit undefined values: groups with no crimes in an
// interval make a rate NaN (the bundled border-town at 12 or more
// replications; a daily series; a tiny city).
var undefinedSweeps = map[string]string{
	// The border-town case, with daily series: a small group has
	// days without crimes (with crime from the offender stock and
	// predation on silence, it no longer has weeks without).
	"border-town": "name: bt\nbase: border-town\nreplications: 12\ndays: 120\narms: {a: {}}\n" +
		"vary: {design: grid, params: {output.interval_days: [1]}}\n",
	"daily series": "name: daily\nreplications: 3\ndays: 20\narms: {a: {}, never: {policies.detainers: never}}\n" +
		"vary: {design: grid, params: {output.interval_days: [1]}}\n",
	"quarter-day series": "name: q\nbase: border-town\nreplications: 2\ndays: 10\narms: {a: {}}\n" +
		"vary: {design: grid, params: {output.interval_days: [0.25]}}\n",
}

func TestUndefinedValuesAreMissingValuesEverywhere(t *testing.T) {
	t.Parallel()
	for name, text := range undefinedSweeps {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			plan := sweeptest.MustPlan(t, text)
			dir := t.TempDir()
			r, res := execute(t, plan, runner.Options{Out: dir})
			require.Zero(t, r.Failed, "no run fails on an undefined value")
			require.True(t, res.Complete())

			// JSON: null in the stored records, NaN when read back.
			nullSeen, nanRead := false, false
			for _, spec := range plan.Specs(res.Needed) {
				text := sweeptest.Gunzip(t, runner.RecordPath(dir, spec.ID()))
				nullSeen = nullSeen || strings.Contains(text, `"Value":null`)
				assert.NotContains(t, text, "NaN")
				rec, err := runner.ReadRecord(dir, spec.ID())
				require.NoError(t, err)
				for _, p := range rec.Series {
					nanRead = nanRead || math.IsNaN(p.Value)
				}
			}
			assert.True(t, nullSeen, "an undefined series value is stored as null")
			assert.True(t, nanRead, "and read back as NaN")

			// Parquet: null, never NaN.
			series, err := parquet.ReadFile[seriesRow](filepath.Join(dir, "series.parquet"))
			require.NoError(t, err)
			nulls := 0
			for _, s := range series {
				if s.Value == nil {
					nulls++
				} else {
					assert.False(t, math.IsNaN(*s.Value))
				}
			}
			assert.Greater(t, nulls, 0)
			assertNoNaNInRunsParquet(t, dir)

			// CSV: NA for the undefined, numbers otherwise.
			for _, f := range []string{"runs.csv", "summary.csv", "comparisons.csv"} {
				for _, row := range sweeptest.ReadCSV(t, filepath.Join(dir, f)) {
					for _, c := range row {
						assert.NotContains(t, []string{"NaN", "+Inf", "-Inf", "Inf", ""}, c, f)
					}
				}
			}

			// Plots: a day whose value is undefined in every run is a gap
			// (no mean), not a zero.
			gaps := 0
			for _, s := range res.Series {
				if s.N == 0 {
					gaps++
					assert.True(t, math.IsNaN(s.Mean), "%+v", s)
				} else {
					assert.False(t, math.IsNaN(s.Mean), "%+v", s)
				}
			}
			if name == "quarter-day series" {
				assert.Greater(t, gaps, 0, "a short interval leaves days with no crimes of some group in every run")
			}
		})
	}
}

// openRunsParquet opens a folder's runs.parquet.
func openRunsParquet(t *testing.T, dir string) *parquet.File {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "runs.parquet"))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	require.NoError(t, err)
	return pf
}

func assertNoNaNInRunsParquet(t *testing.T, dir string) {
	t.Helper()
	pf := openRunsParquet(t, dir)
	rows := make([]parquet.Row, pf.NumRows())
	n, _ := parquet.NewReader(pf).ReadRows(rows)
	require.EqualValues(t, pf.NumRows(), n)
	nulls := 0
	for _, row := range rows[:n] {
		for _, v := range row {
			if v.IsNull() {
				nulls++
				continue
			}
			if v.Kind() == parquet.Double {
				assert.False(t, math.IsNaN(v.Double()))
			}
		}
	}
	assert.Greater(t, nulls, 0, "undefined metrics are null")
}

// A run whose record cannot be encoded, or that panics on the way, is a
// failed run: recorded with its seed and error, and the others go on.
func TestARunThatFailsForAnyReasonIsRecorded(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	opt := runner.Options{Out: dir, RecordHook: func(r *runner.Record) {
		switch {
		case r.Arm == "never" && r.Replication == 1:
			r.Summary.Run.Days = math.NaN() // a bare float64: JSON cannot encode it
		case r.Arm == "baseline" && r.Replication == 2:
			r.Summary.Run.Days = math.Inf(1)
		case r.Arm == "baseline" && r.Replication == 3:
			var m map[string]int
			m["x"]++ // a panic while the record is built
		}
	}}
	r, res := execute(t, plan, opt)
	assert.Equal(t, 3, r.Failed)
	assert.Equal(t, 5, r.Done)
	assert.Equal(t, 3, res.Failed)
	rows := sweeptest.ReadCSV(t, filepath.Join(dir, "failures.csv"))
	require.Len(t, rows, 4)
	byID := map[string][]string{}
	for _, row := range rows[1:] {
		byID[row[0]] = row
		assert.Equal(t, "1", row[4], "the seed")
	}
	assert.Contains(t, byID["never.p0000.r00001"][5], "cannot be encoded")
	assert.Contains(t, byID["never.p0000.r00001"][5], "unsupported value: NaN")
	assert.Contains(t, byID["baseline.p0000.r00002"][5], "unsupported value: +Inf")
	assert.Contains(t, byID["baseline.p0000.r00003"][5], "panic: assignment to entry in nil map")

	// Run again without the fault: only the failed runs are redone.
	r2, res2 := execute(t, plan, runner.Options{Out: dir})
	assert.Equal(t, 3, r2.Done)
	assert.True(t, res2.Complete())
	assert.Empty(t, res2.Failures)
}
