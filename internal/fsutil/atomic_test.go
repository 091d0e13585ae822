package fsutil_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/fsutil"
)

// WriteAtomic and WriteReplace (the same without the sync) write the new
// content in place of the old, and a failing writer leaves the old content
// and no temporary file.
func TestWriteAtomic(t *testing.T) {
	for name, write := range map[string]func(string, func(io.Writer) error) error{
		"WriteAtomic": fsutil.WriteAtomic, "WriteReplace": fsutil.WriteReplace,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "out.csv")
			for _, content := range []string{"old\n", "new, longer than the old\n", "x"} {
				require.NoError(t, write(p, func(w io.Writer) error {
					_, err := io.WriteString(w, content)
					return err
				}))
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				assert.Equal(t, content, string(b))
			}
			err := write(p, func(w io.Writer) error {
				io.WriteString(w, "half of the new")
				return errors.New("disk on fire")
			})
			require.EqualError(t, err, "disk on fire")
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			assert.Equal(t, "x", string(b))
			entries, _ := os.ReadDir(dir)
			assert.Len(t, entries, 1)

			err = write(filepath.Join(dir, "missing", "x"), func(io.Writer) error { return nil })
			assert.Error(t, err)
		})
	}
}

// Files are created as os.Create would: mode 0666 less the umask, not the
// 0600 of os.CreateTemp.
func TestWriteAtomicRespectsUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	p := filepath.Join(dir, "report.html")
	require.NoError(t, fsutil.WriteAtomic(p, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())

	syscall.Umask(0o077)
	p2 := filepath.Join(dir, "private.csv")
	require.NoError(t, fsutil.WriteAtomic(p2, func(w io.Writer) error { return nil }))
	fi, err = os.Stat(p2)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	f, err := fsutil.CreateTemp(dir, "runs.csv")
	require.NoError(t, err)
	defer f.Close()
	assert.True(t, fsutil.IsTemp(filepath.Base(f.Name())), f.Name())
	assert.False(t, fsutil.IsTemp("runs.csv"))
}

// Files reuse their buffers: an aborted file's unflushed bytes, and a
// committed file's, reach no later file, whatever their sizes, and a File
// written after it is done panics rather than writing to a buffer another
// File now holds.
func TestFilesShareNoContent(t *testing.T) {
	dir := t.TempDir()
	sizes := []int{0, 1, 1 << 10, 1<<16 - 1, 1 << 16, 1<<16 + 7, 3 << 16}
	for i, n := range sizes {
		aborted, err := fsutil.Create(filepath.Join(dir, "aborted"))
		require.NoError(t, err)
		_, err = aborted.Write(bytes.Repeat([]byte{'x'}, n+3))
		require.NoError(t, err)
		aborted.Abort()
		assert.Panics(t, func() { aborted.Write([]byte("late")) })

		want := bytes.Repeat([]byte{byte('a' + i)}, n)
		p := filepath.Join(dir, fmt.Sprint("f", i))
		f, err := fsutil.Create(p)
		require.NoError(t, err)
		_, err = f.Write(want)
		require.NoError(t, err)
		require.NoError(t, f.Commit())
		assert.PanicsWithValue(t, "fsutil: a write to a File committed or aborted", func() { f.Write([]byte("late")) })
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Equal(t, want, got, "file %d (%d bytes)", i, n)
	}
	_, err := os.Stat(filepath.Join(dir, "aborted"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}
