package batch

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/safetext"
)

// Merge joins the results folders of the shards of one sweep into out and
// aggregates them: the outputs are exactly those a single-machine sweep
// writes. It fails if the folders hold different sweeps, if out or a shard
// is being written by another process (its lock is held), or if out holds
// a different sweep; runs missing from every shard are reported by the
// returned Results (Complete is false). Every record is checked before it
// is copied: a damaged one is named in Results.Damaged and left where it is
// (the shard's next 'sweep' moves it aside and does it again).
func Merge(out string, shards []string) (*Results, error) {
	if len(shards) == 0 {
		return nil, inputErr("merge: no shard folders given")
	}
	var plan *Plan
	var started, ended time.Time
	for _, s := range shards {
		p, err := LoadPlan(s)
		if err != nil {
			return nil, err
		}
		if plan == nil {
			plan = p
		} else if p.Hash != plan.Hash {
			return nil, inputErr(fmt.Sprintf("merge: %s holds a different sweep (hash %.12s) from %s (hash %.12s)", safetext.Escape(s), p.Hash, safetext.Escape(shards[0]), plan.Hash))
		}
		st := loadState(s, p)
		if !st.Started.IsZero() && (started.IsZero() || st.Started.Before(started)) {
			started = st.Started
		}
		if st.Finished.After(ended) {
			ended = st.Finished
		}
	}
	for _, d := range []string{out, filepath.Join(out, runsDir), filepath.Join(out, failuresDir)} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			return nil, err
		}
	}
	lock, err := lockFolder(out)
	if err != nil {
		return nil, err
	}
	defer lock.unlock()
	removeTemps(out)
	if err := claim(out, plan); err != nil {
		return nil, err
	}
	checker := newChecker(plan)
	var damaged []Damaged
	for _, s := range shards {
		if same, _ := sameDir(s, out); same {
			continue
		}
		// A shard being written would be merged half done. A shard that
		// cannot hold a lock file (a read-only archive) is written by
		// nobody: it is read as it is.
		sl, err := lockFolder(s)
		var busy *BusyError
		if errors.As(err, &busy) {
			return nil, err
		}
		d, err := copyShard(s, out, checker)
		sl.unlock()
		if err != nil {
			return nil, err
		}
		damaged = append(damaged, d...)
	}
	st := loadState(out, plan)
	st.Started, st.Finished, st.Shard = started, ended, "merged"
	if err := saveState(out, st); err != nil {
		return nil, err
	}
	res, err := aggregate(out, nil, true)
	if err != nil {
		return nil, err
	}
	res.Damaged = append(damaged, res.Damaged...)
	return res, nil
}

// copyShard copies the checked records of shard s into out, and returns
// those that failed their check.
func copyShard(s, out string, checker *recordChecker) ([]Damaged, error) {
	var damaged []Damaged
	for _, sub := range []struct{ dir, suffix string }{{runsDir, recordSuffix}, {failuresDir, failureSuffix}} {
		ids, err := listIDs(s, sub.dir, sub.suffix)
		if err != nil {
			return nil, err
		}
		names := make([]string, 0, len(ids))
		for id := range ids {
			names = append(names, id)
		}
		sort.Strings(names)
		for _, id := range names {
			dst := filepath.Join(out, sub.dir, id+sub.suffix)
			if _, err := os.Stat(dst); err == nil {
				continue
			}
			if sub.dir == failuresDir {
				// A run that failed in one shard may have succeeded in
				// another (a retry).
				if _, err := os.Stat(recordPath(out, id)); err == nil {
					continue
				}
				_, err = checker.readFailure(s, id)
			} else {
				_, err = checker.read(s, id)
			}
			var d *DamagedError
			if errors.As(err, &d) {
				damaged = append(damaged, Damaged{ID: id, Path: d.Path, Problem: d.Problem})
				continue
			}
			if err != nil {
				return nil, err
			}
			if err := copyFile(filepath.Join(s, sub.dir, id+sub.suffix), dst); err != nil {
				return nil, err
			}
		}
	}
	return damaged, nil
}

// ShardDirs expands folders that hold shard folders (but no sweep of their
// own) into those shard folders, in name order.
func ShardDirs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if _, err := os.Stat(filepath.Join(a, planFile)); err == nil {
			out = append(out, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, e := range entries {
			sub := filepath.Join(a, e.Name())
			if _, err := os.Stat(filepath.Join(sub, planFile)); e.IsDir() && err == nil {
				out = append(out, sub)
				n++
			}
		}
		if n == 0 {
			return nil, inputErr(fmt.Sprintf("merge: %s is not a sweep results folder and holds none", a))
		}
	}
	return out, nil
}

func sameDir(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}

// copyFile copies src to dst atomically.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := fsutil.CreateTemp(filepath.Dir(dst), filepath.Base(dst))
	if err != nil {
		return err
	}
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), dst)
}
