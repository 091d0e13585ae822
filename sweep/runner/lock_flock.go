//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly || illumos

package runner

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// acquire opens and locks the lock file with flock(2), which the system
// releases when the holder exits, however it exits: a stale lock cannot
// exist.
func acquire(path string) (*os.File, error) {
	for range 100 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
		if err != nil {
			return nil, fmt.Errorf("runner: cannot create the lock %s: %w", path, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &BusyError{Dir: dirOf(path), Holder: readHolder(path)}
			}
			return nil, fmt.Errorf("runner: cannot lock %s: %w", path, err)
		}
		// The previous holder removes the file as it lets go: the lock
		// taken may be that of a file no longer in the folder.
		st, err1 := f.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(st, now) {
			return f, nil
		}
		f.Close()
	}
	return nil, fmt.Errorf("runner: cannot lock %s: it keeps being replaced", path)
}

// release removes the lock file, then lets go of the lock (closing the
// file releases it), so that a process that locked the old file sees it
// is gone.
func release(f *os.File, path string) {
	os.Remove(path)
	f.Close()
}
