// Package sweeptest holds what the tests of the sweep packages share:
// sweep files written into a test's temporary folder, a small sweep, and
// readers of the files a sweep writes. It is for tests only.
package sweeptest

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sweep"
)

// TwoArms is a small sweep: two arms × four replications of 60 days.
const TwoArms = `name: t
days: 60
replications: 4
arms:
  baseline: {}
  never: {policies.detainers: never}
`

// WriteSweep writes a sweep file into a new temporary folder and returns
// its path.
func WriteSweep(t testing.TB, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sweep.yaml")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

// MustPlan loads a sweep file's text, which must be valid.
func MustPlan(t testing.TB, text string) *sweep.Plan {
	t.Helper()
	plan, err := sweep.Load(WriteSweep(t, text), nil)
	require.NoError(t, err)
	return plan
}

// ReadCSV reads a whole CSV file.
func ReadCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err, path)
	return rows
}

// Gunzip returns the decompressed content of a gzip file.
func Gunzip(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	b, err := io.ReadAll(zr)
	require.NoError(t, err)
	return string(b)
}
