package fsutil_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/fsutil"
)

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	require.NoError(t, fsutil.WriteAtomic(p, func(w io.Writer) error {
		_, err := io.WriteString(w, "old\n")
		return err
	}))
	// A failing writer leaves the old content and no temporary file.
	err := fsutil.WriteAtomic(p, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return errors.New("disk on fire")
	})
	require.EqualError(t, err, "disk on fire")
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, "old\n", string(b))
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1)

	err = fsutil.WriteAtomic(filepath.Join(dir, "missing", "x"), func(io.Writer) error { return nil })
	assert.Error(t, err)
}
