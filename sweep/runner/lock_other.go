//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly || illumos)

package runner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// acquire creates the lock file exclusively. Without flock(2) the system
// does not release the lock of a process that dies: a lock file whose
// process is gone from this host is taken over.
func acquire(path string) (*os.File, error) {
	for range 2 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("runner: cannot create the lock %s: %w", path, err)
		}
		h := readHolder(path)
		host, _ := os.Hostname()
		if h == nil || h.Host != host || processExists(h.PID) {
			return nil, &BusyError{Dir: dirOf(path), Holder: h}
		}
		os.Remove(path) // stale: its process is gone
	}
	return nil, &BusyError{Dir: dirOf(path), Holder: readHolder(path)}
}

// processExists reports whether a process of this host may still run
// (os.FindProcess fails for a process that is gone on Windows; elsewhere it
// cannot tell, and the lock is kept).
func processExists(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	_, err := os.FindProcess(pid)
	return err == nil
}

func release(f *os.File, path string) {
	f.Close()
	os.Remove(path)
}
