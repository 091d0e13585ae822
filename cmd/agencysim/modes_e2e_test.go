package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withUmask runs the binary under a umask (set by a shell, so the test
// process's own umask is untouched) and returns its output and exit code.
func withUmask(t *testing.T, umask string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("sh", append([]string{"-c", `umask "$0" && exec "$@"`, umask, binary}, args...)...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return string(out), code
}

// checkModes asserts that every file and folder under root (root included)
// has the mode the umask leaves of 0666 (files) and 0777 (folders), and
// returns how many files it checked.
func checkModes(t *testing.T, root string, file, dir fs.FileMode) int {
	t.Helper()
	n := 0
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		info, err := d.Info()
		require.NoError(t, err)
		want := file
		if d.IsDir() {
			want = dir
		} else {
			n++
		}
		assert.Equal(t, want, info.Mode().Perm(), "%s: mode %v, want %v", p, info.Mode().Perm(), want)
		return nil
	}))
	return n
}

// Every file and folder the toolkit writes (run --out, a sweep with its
// tables, Parquet files, plots and report, shards and their merge, a
// rebuilt report) has the permissions the umask asks for: 0644 and 0755
// under 022, so colleagues and a web server can read them, 0600 and 0700
// under 077.
func TestOutputFilesRespectTheUmask(t *testing.T) {
	t.Parallel()
	sw := sweepFile(t)
	for umask, modes := range map[string][2]fs.FileMode{"022": {0o644, 0o755}, "077": {0o600, 0o700}} {
		base := filepath.Join(t.TempDir(), "u"+umask)
		require.NoError(t, os.Mkdir(base, 0o755))
		run := filepath.Join(base, "run", "nested")
		out, code := withUmask(t, umask, "run", "--days", "14", "--out", run)
		require.Equal(t, 0, code, out)
		assert.Equal(t, 2, checkModes(t, filepath.Join(base, "run"), modes[0], modes[1]))

		whole := filepath.Join(base, "whole")
		out, code = withUmask(t, umask, "sweep", sw, "--out", whole, "--quiet", "--set", "replications=2")
		require.Equal(t, 0, code, out)
		for _, f := range []string{"runs.csv", "runs.parquet", "series.parquet", "summary.csv", "comparisons.csv", "failures.csv", "manifest.json", "report.html", "sweep.json"} {
			assert.FileExists(t, filepath.Join(whole, f))
		}
		plots, _ := filepath.Glob(filepath.Join(whole, "plots", "*.png"))
		assert.NotEmpty(t, plots)
		n := checkModes(t, whole, modes[0], modes[1])
		assert.Greater(t, n, 20, "the runs, tables, plots and report")

		require.NoError(t, os.Remove(filepath.Join(whole, "report.html")))
		require.NoError(t, os.Remove(filepath.Join(whole, "summary.csv")))
		out, code = withUmask(t, umask, "report", whole)
		require.Equal(t, 0, code, out)
		checkModes(t, whole, modes[0], modes[1])

		var shards []string
		for i := range 2 {
			d := filepath.Join(base, "shards", string(rune('0'+i)))
			shards = append(shards, d)
			out, code = withUmask(t, umask, "sweep", sw, "--out", d, "--quiet", "--set", "replications=2", "--shard", string(rune('0'+i))+"/2")
			require.Equal(t, 0, code, out)
		}
		merged := filepath.Join(base, "merged")
		out, code = withUmask(t, umask, append([]string{"merge", "--out", merged}, shards...)...)
		require.Equal(t, 0, code, out)
		checkModes(t, filepath.Join(base, "shards"), modes[0], modes[1])
		checkModes(t, merged, modes[0], modes[1])

		// Nothing is left behind as a temporary file either.
		require.NoError(t, filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			assert.False(t, strings.Contains(d.Name(), ".tmp-"), "temporary file left: %s", p)
			return err
		}))
	}
}
