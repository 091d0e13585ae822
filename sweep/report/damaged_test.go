package report

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, err := zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// recordJSON returns the decompressed JSON of a stored record.
func recordJSON(t *testing.T, dir, id string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(sweeptest.Gunzip(t, runner.RecordPath(dir, id))), &m))
	return m
}

func storeJSON(t *testing.T, dir, id string, m map[string]any) {
	t.Helper()
	b, err := json.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(runner.RecordPath(dir, id), gzipBytes(t, b), 0o644))
}

// damages are ways a stored record goes bad, each applied to one run of a
// finished sweeptest.TwoArms sweep in dir (other is a finished sweep of another plan).
var damages = []struct {
	name, id, problem string
	spoil             func(t *testing.T, dir, other, id string)
}{
	{"only an id", "baseline.p0000.r00000", "it holds run \"x\"", func(t *testing.T, dir, _, id string) {
		require.NoError(t, os.WriteFile(runner.RecordPath(dir, id), gzipBytes(t, []byte(`{"id":"x"}`)), 0o644))
	}},
	{"its own id but nothing else", "baseline.p0000.r00001", "sweep", func(t *testing.T, dir, _, id string) {
		require.NoError(t, os.WriteFile(runner.RecordPath(dir, id), gzipBytes(t, []byte(`{"id":"`+id+`","arm":"baseline","point":0,"replication":1}`)), 0o644))
	}},
	{"another run's record", "never.p0000.r00000", "not the run its file name says", func(t *testing.T, dir, _, id string) {
		b, err := os.ReadFile(runner.RecordPath(dir, "never.p0000.r00003"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(runner.RecordPath(dir, id), b, 0o644))
	}},
	{"truncated", "never.p0000.r00001", "", func(t *testing.T, dir, _, id string) {
		b, err := os.ReadFile(runner.RecordPath(dir, id))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(runner.RecordPath(dir, id), b[:len(b)/2], 0o644))
	}},
	{"not gzip", "never.p0000.r00002", "not gzip data", func(t *testing.T, dir, _, id string) {
		require.NoError(t, os.WriteFile(runner.RecordPath(dir, id), []byte("{}"), 0o644))
	}},
	{"empty", "baseline.p0000.r00002", "not gzip data", func(t *testing.T, dir, _, id string) {
		require.NoError(t, os.WriteFile(runner.RecordPath(dir, id), nil, 0o644))
	}},
	{"another sweep's run", "baseline.p0000.r00003", "belongs to another sweep", func(t *testing.T, dir, other, id string) {
		b, err := os.ReadFile(runner.RecordPath(other, id))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(runner.RecordPath(dir, id), b, 0o644))
	}},
	{"a metric missing", "never.p0000.r00003", "summary.clearance.rate is missing", func(t *testing.T, dir, _, id string) {
		m := recordJSON(t, dir, id)
		delete(m["summary"].(map[string]any)["clearance"].(map[string]any), "rate")
		storeJSON(t, dir, id, m)
	}},
}

func TestDamagedRecordsAreNamedMovedAsideAndRedone(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	whole := t.TempDir()
	execute(t, plan, runner.Options{Out: whole})
	other := t.TempDir()
	execute(t, sweeptest.MustPlan(t, strings.Replace(sweeptest.TwoArms, "days: 60", "days: 61", 1)), runner.Options{Out: other})

	for _, mode := range []string{"report", "sweep"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			copyTree(t, whole, dir)
			for _, d := range damages {
				d.spoil(t, dir, other, d.id)
			}
			var damaged []runner.Damaged
			if mode == "report" {
				res, err := Aggregate(dir)
				require.NoError(t, err, "never a panic, never a stop")
				assert.Equal(t, 8-len(damages), res.Present, "damaged records are not aggregated")
				assert.False(t, res.Complete())
				assert.Equal(t, len(damages), res.Manifest.Damaged)
				damaged = res.Damaged
				html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
				assert.Contains(t, string(html), `id="damaged"`)
			} else {
				r, err := runner.Execute(context.Background(), plan, runner.Options{Out: dir})
				require.NoError(t, err)
				assert.Equal(t, len(damages), r.Done, "the same command does them again")
				damaged = r.Damaged
			}
			require.Len(t, damaged, len(damages))
			byID := map[string]runner.Damaged{}
			for _, d := range damaged {
				byID[d.ID] = d
			}
			for _, d := range damages {
				got, ok := byID[d.id]
				require.True(t, ok, d.name)
				assert.Equal(t, runner.RecordPath(dir, d.id), got.Path, d.name)
				assert.Contains(t, got.Problem, d.problem, d.name)
				assert.Equal(t, filepath.Join(dir, runner.RunsDir, runner.DamagedDir, d.id+runner.RecordSuffix), got.MovedTo, d.name)
				assert.FileExists(t, got.MovedTo, d.name)
			}
			// Done again (on resume, or already), the results are those of an
			// undamaged sweep.
			execute(t, plan, runner.Options{Out: dir})
			sameOutputs(t, whole, dir)
		})
	}
}

func TestDamagedFailureRecordsAndMergeInputs(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	boom := func(s sweep.RunSpec) error {
		if s.Replication == 3 {
			return assert.AnError
		}
		return nil
	}
	_, err := runner.Execute(context.Background(), plan, runner.Options{Out: dir, RunHook: boom})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(runner.FailurePath(dir, "never.p0000.r00003"), []byte(`{"id": "never.p0000.r00003"`), 0o644))
	require.NoError(t, os.WriteFile(runner.FailurePath(dir, "baseline.p0000.r00003"), []byte(`{"id": "baseline.p0000.r00003", "arm": "baseline", "point": 0, "replication": 3, "seed": 1, "sweep_hash": "`+plan.Hash+`", "error": ""}`), 0o644))
	res, err := Aggregate(dir)
	require.NoError(t, err)
	assert.Zero(t, res.Failed, "damaged failure records are not counted as failures")
	require.Len(t, res.Damaged, 2)
	for _, d := range res.Damaged {
		assert.FileExists(t, d.MovedTo)
		assert.Contains(t, d.MovedTo, filepath.Join(runner.FailuresDir, runner.DamagedDir))
	}

	// Merge checks its inputs: a damaged shard record is named, left in the
	// shard, and not merged.
	var shards []string
	for i := range 2 {
		s := t.TempDir()
		_, err := runner.Execute(context.Background(), plan, runner.Options{Out: s, Shard: runner.Shard{Index: i, Count: 2}})
		require.NoError(t, err)
		shards = append(shards, s)
	}
	bad := runner.RecordPath(shards[1], "never.p0000.r00000")
	require.NoError(t, os.WriteFile(bad, gzipBytes(t, []byte(`{"id":"x"}`)), 0o644))
	merged := t.TempDir()
	mres, err := Merge(merged, shards)
	require.NoError(t, err)
	assert.False(t, mres.Complete())
	assert.Equal(t, 7, mres.Present)
	require.Len(t, mres.Damaged, 1)
	assert.Equal(t, bad, mres.Damaged[0].Path)
	assert.FileExists(t, bad, "a shard is an input: left as it is")
	assert.NoFileExists(t, runner.RecordPath(merged, "never.p0000.r00000"))

	// The shard's next sweep moves it aside and does it again; the merge is
	// then complete.
	r, err := runner.Execute(context.Background(), plan, runner.Options{Out: shards[1], Shard: runner.Shard{Index: 1, Count: 2}})
	require.NoError(t, err)
	assert.Equal(t, 1, r.Done)
	mres, err = Merge(merged, shards)
	require.NoError(t, err)
	assert.True(t, mres.Complete())
}

// copyTree copies a results folder.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	}))
}
