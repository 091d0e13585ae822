// Package fsutil writes files so that a reader never sees half of one, with
// the permissions the user's umask asks for.
//
// Files are created with mode 0666 and folders with 0777, both reduced by
// the process umask (so 0644 and 0755 under the usual umask 022), as
// os.Create and os.Mkdir do: colleagues on a shared cluster, or a web server
// serving a report, can read them unless the user's umask says otherwise.
package fsutil

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// TempMarker is part of the name of every temporary file this package
// creates: "." + base + TempMarker + random suffix. A reader that lists a
// folder skips such names.
const TempMarker = ".tmp-"

// IsTemp reports whether a file name is that of a temporary file made by
// [CreateTemp].
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, TempMarker)
}

// CreateTemp creates a new temporary file in dir for the eventual file
// base, named "." + base + ".tmp-" + a random suffix, opened for reading and
// writing. Unlike os.CreateTemp (mode 0600) it creates the file with mode
// 0666 reduced by the umask, so that renaming it into place gives a file
// with the permissions of one made by os.Create.
func CreateTemp(dir, base string) (*os.File, error) {
	for range 100 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, "."+base+TempMarker+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("fsutil: cannot create a temporary file in %s", dir)
}

// WriteAtomic writes path through write: the content goes to a temporary
// file in the same directory, is synced, and is renamed over path only if
// write and the sync succeed. A crash leaves either the old file or the new
// one, never a mix; the temporary file is removed on failure.
func WriteAtomic(path string, write func(w io.Writer) error) error {
	return writeFile(path, write, true)
}

// WriteReplace writes path through write as WriteAtomic does (a reader
// sees the old file or the new one, never a mix), but does not sync it:
// after a crash of the machine the new file may be missing, empty or cut
// short. It is for files derived from others and checked when read (a
// sweep's values files, made again from their record when their check
// fails), for which a sync, which waits for the disk (and on a cluster
// filesystem for the servers), would buy nothing.
func WriteReplace(path string, write func(w io.Writer) error) error {
	return writeFile(path, write, false)
}

func writeFile(path string, write func(w io.Writer) error, sync bool) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	f.nosync = !sync
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// File is a file being written in place of path, for content written over
// time (a table that grows as a sweep's runs finish): writes go, buffered,
// to a temporary file in path's directory, which [File.Commit] syncs and
// renames over path. Until then path is untouched; [File.Abort] removes
// the temporary file. A File is used by one goroutine.
type File struct {
	path   string
	f      *os.File
	w      *bufio.Writer
	done   bool
	nosync bool // WriteReplace's: Commit does not sync
}

// Create starts writing path (see [File]).
func Create(path string) (*File, error) {
	f, err := CreateTemp(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return nil, err
	}
	w := writers.Get().(*bufio.Writer)
	w.Reset(f)
	return &File{path: path, f: f, w: w}, nil
}

// writers recycles the Files' 64 KB buffers: a sweep writes one file per
// run, and allocating a buffer for each was about 4 % of a sweep's garbage
// (issue 16).
var writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 1<<16) }}

// release returns f's buffer for reuse; f writes no more.
func (f *File) release() {
	if f.w != nil {
		f.w.Reset(nil)
		writers.Put(f.w)
		f.w = nil
	}
}

// Write implements io.Writer. It panics after Commit or Abort.
func (f *File) Write(p []byte) (int, error) {
	if f.w == nil {
		panic("fsutil: a write to a File committed or aborted")
	}
	return f.w.Write(p)
}

// Commit flushes and syncs the content and renames it over path. On
// failure the temporary file is removed and path is untouched.
func (f *File) Commit() (err error) {
	if f.done {
		panic("fsutil: a File committed or aborted twice")
	}
	defer func() {
		if err != nil {
			f.Abort()
		}
	}()
	if err = f.w.Flush(); err != nil {
		return err
	}
	f.release()
	if !f.nosync {
		if err = f.f.Sync(); err != nil {
			return err
		}
	}
	if err = f.f.Close(); err != nil {
		return err
	}
	f.done = true
	if err = os.Rename(f.f.Name(), f.path); err != nil {
		os.Remove(f.f.Name())
		return fmt.Errorf("fsutil: %w", err)
	}
	return nil
}

// Abort removes the temporary file, leaving path as it was. It does
// nothing after Commit, so that it can be deferred.
func (f *File) Abort() {
	if !f.done {
		f.done = true
		f.release()
		f.f.Close()
		os.Remove(f.f.Name())
	}
}
