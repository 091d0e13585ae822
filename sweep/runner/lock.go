package runner

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/agencysim/agencysim/internal/safetext"
)

// LockFile is the advisory lock of a results folder, held by the process
// that writes it ('sweep', 'merge', or 'report' when nobody else writes).
// It holds a [LockHolder] and is removed when the holder is done. A lock
// whose holder died (killed, or its machine rebooted) is taken over: on
// Linux, macOS and the BSDs the operating system releases it with the
// process (flock(2)); elsewhere a lock whose process no longer exists on
// the same host is taken over.
const LockFile = "agencysim.lock"

// LockHolder describes the process that holds a results folder's lock.
type LockHolder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	Command string    `json:"command"`
}

func (h LockHolder) String() string {
	s := fmt.Sprintf("process %d", h.PID)
	if h.Host != "" {
		s += " on " + safetext.Escape(h.Host)
	}
	if !h.Started.IsZero() {
		s += ", started " + h.Started.UTC().Format(time.RFC3339)
	}
	if h.Command != "" {
		s += " (" + safetext.Escape(h.Command) + ")"
	}
	return s
}

func thisProcess() LockHolder {
	host, _ := os.Hostname()
	return LockHolder{PID: os.Getpid(), Host: host, Started: time.Now().UTC().Truncate(time.Second), Command: strings.Join(os.Args, " ")}
}

// BusyError reports a results folder locked by another process.
type BusyError struct {
	Dir    string
	Holder *LockHolder // nil if the lock file could not be read yet
}

// Input reports that the error is the user's to fix (another folder, or
// waiting), not a failure of the system: exit code 2.
func (*BusyError) Input() bool { return true }

func (e *BusyError) Error() string {
	who := "another process"
	if e.Holder != nil {
		who = e.Holder.String()
	}
	return fmt.Sprintf("%s is in use by %s: wait for it to finish, or use another folder (the lock is %s)",
		safetext.Escape(e.Dir), who, safetext.Escape(filepath.Join(e.Dir, LockFile)))
}

// folderLock is a held lock on a results folder.
type folderLock struct {
	f    *os.File
	path string
}

// lockFolder takes the lock of a results folder, or returns a *BusyError
// naming the process that holds it.
func lockFolder(dir string) (*folderLock, error) {
	path := filepath.Join(dir, LockFile)
	f, err := acquire(path)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(thisProcess())
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt(append(b, '\n'), 0)
	}
	if err != nil {
		release(f, path)
		return nil, fmt.Errorf("runner: cannot write the lock %s: %w", path, err)
	}
	return &folderLock{f: f, path: path}, nil
}

// unlock releases the lock and removes the lock file.
func (l *folderLock) unlock() {
	if l != nil && l.f != nil {
		release(l.f, l.path)
		l.f = nil
	}
}

// readHolder reads the holder recorded in a lock file, or nil.
func readHolder(path string) *LockHolder {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var h LockHolder
	if json.Unmarshal(b, &h) != nil || h.PID == 0 {
		return nil
	}
	return &h
}

func dirOf(lockPath string) string { return filepath.Dir(lockPath) }
