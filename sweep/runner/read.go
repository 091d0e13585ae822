package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/agencysim/agencysim/internal/fsutil"
	"github.com/agencysim/agencysim/internal/pool"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/sweep"
)

// Read gives sink the finished and failed runs of the results folder dir,
// in canonical order, and then the folder's description. Every record is
// checked as it is read: a damaged one is never given, and is moved aside
// (runs/damaged/) to be done again. If another process holds the folder's
// lock (a sweep still running), Read gives the runs finished so far
// without touching runs/ (Folder.Writer says who writes); otherwise it
// holds the lock until the sink is done.
func Read(dir string, sink Sink) error {
	if _, err := LoadPlan(dir); err != nil {
		return err
	}
	lock, err := lockFolder(dir)
	var busy *BusyError
	switch {
	case errors.As(err, &busy):
		return read(dir, busy.Holder, false, nil, sink)
	case err != nil:
		return err
	}
	defer lock.unlock()
	removeTemps(dir)
	return read(dir, nil, true, nil, sink)
}

// readBatch is how many runs are read ahead, in parallel, of those given
// to the sink: a few per core, so that the cores stay busy while the
// values held (a run's series are hundreds of kB over a year) stay few.
func readBatch() int { return min(max(8*runtime.GOMAXPROCS(0), 16), 256) }

// read is Read for a folder whose lock is held (by the caller when own is
// set; by writer, if known, otherwise). damaged are damaged records found
// before (the shards' of a merge).
func read(dir string, writer *LockHolder, own bool, damaged []Damaged, sink Sink) error {
	plan, err := LoadPlan(dir)
	if err != nil {
		return err
	}
	st := loadState(dir, plan)
	done, err := listIDs(dir, RunsDir, RecordSuffix)
	if err != nil {
		return err
	}
	failed, err := listIDs(dir, FailuresDir, FailureSuffix)
	if err != nil {
		return err
	}
	f := &Folder{Dir: dir, Plan: plan, Reps: st.Reps, Started: st.Started, Finished: st.Finished, Damaged: damaged}
	if !own {
		f.Writer = writer
		if writer == nil {
			f.Writer = &LockHolder{}
		}
	}
	plan.EachRun(st.Reps, func(int, sweep.RunSpec) bool { f.Expected++; return true })
	if f.Expected == 0 {
		return fmt.Errorf("runner: %s: the sweep has no runs", safetext.Escape(dir))
	}
	if err := sink.Start(dir, plan); err != nil {
		return err
	}
	ended := false
	defer func() {
		if !ended {
			sink.Abort()
		}
	}()
	c := newChecker(plan)
	bad := func(id string, d *DamagedError) error {
		dm := Damaged{ID: id, Path: d.Path, Problem: d.Problem}
		if own {
			var err error
			if dm, err = setAside(id, d); err != nil {
				return err
			}
		}
		f.Damaged = append(f.Damaged, dm)
		return nil
	}
	// The finished runs of a batch are read in parallel, then given in
	// order.
	nbatch := readBatch()
	batch := make([]sweep.RunSpec, 0, nbatch)
	values := make([]*Values, nbatch)
	errs := make([]error, nbatch)
	flush := func() error {
		workers := runtime.GOMAXPROCS(0)
		_ = pool.Run(context.Background(), workers, pool.Indices(len(batch)), func(i int) error {
			values[i], errs[i] = nil, nil
			if id := batch[i].ID(); done[id] {
				values[i], errs[i] = c.readValues(dir, id, own)
			}
			return nil
		})
		for i, spec := range batch {
			id := spec.ID()
			var d *DamagedError
			if !done[id] {
				if !failed[id] {
					continue
				}
				fl, err := c.readFailure(dir, id)
				switch {
				case errors.As(err, &d):
					if err := bad(id, d); err != nil {
						return err
					}
				case errors.Is(err, fs.ErrNotExist):
					// Removed since the listing: a retry succeeded.
				case err != nil:
					return err
				default:
					if err := sink.Run(Run{Spec: spec, Failure: fl}); err != nil {
						return err
					}
				}
				continue
			}
			switch err := errs[i]; {
			case errors.As(err, &d):
				if err := bad(id, d); err != nil {
					return err
				}
			case err != nil:
				return err
			default:
				if err := sink.Run(Run{Spec: spec, Values: values[i]}); err != nil {
					return err
				}
			}
		}
		batch = batch[:0]
		return nil
	}
	var ferr error
	plan.EachRun(st.Reps, func(_ int, spec sweep.RunSpec) bool {
		batch = append(batch, spec)
		if len(batch) == nbatch {
			ferr = flush()
		}
		return ferr == nil
	})
	if ferr == nil {
		ferr = flush()
	}
	if ferr != nil {
		return ferr
	}
	ended = true
	return sink.Done(f)
}

// Merge joins the results folders of the shards of one sweep into out and
// gives sink its runs, as [Read] does: the outputs are exactly those a
// single-machine sweep writes. It fails if the folders hold different
// sweeps, if out or a shard is being written by another process (its
// lock is held), or if out holds a different sweep; runs missing from
// every shard are missing from what the sink receives. Every record is
// checked before it is copied: a damaged one is named in Folder.Damaged
// and left where it is (the shard's next 'sweep' moves it aside and does
// it again).
func Merge(out string, shards []string, sink Sink) error {
	if len(shards) == 0 {
		return sweep.InputError("merge: no shard folders given")
	}
	var plan *sweep.Plan
	var started, ended time.Time
	for _, s := range shards {
		p, err := LoadPlan(s)
		if err != nil {
			return err
		}
		if plan == nil {
			plan = p
		} else if p.Hash != plan.Hash {
			return sweep.InputError(fmt.Sprintf("merge: %s holds a different sweep (hash %.12s) from %s (hash %.12s)", safetext.Escape(s), p.Hash, safetext.Escape(shards[0]), plan.Hash))
		}
		st := loadState(s, p)
		if !st.Started.IsZero() && (started.IsZero() || st.Started.Before(started)) {
			started = st.Started
		}
		if st.Finished.After(ended) {
			ended = st.Finished
		}
	}
	for _, d := range []string{out, filepath.Join(out, RunsDir), filepath.Join(out, FailuresDir)} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			return err
		}
	}
	lock, err := lockFolder(out)
	if err != nil {
		return err
	}
	defer lock.unlock()
	removeTemps(out)
	if err := claim(out, plan); err != nil {
		return err
	}
	c := newChecker(plan)
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
			return err
		}
		d, err := copyShard(s, out, c)
		sl.unlock()
		if err != nil {
			return err
		}
		damaged = append(damaged, d...)
	}
	st := loadState(out, plan)
	st.Started, st.Finished, st.Shard = started, ended, "merged"
	if err := saveState(out, st); err != nil {
		return err
	}
	return read(out, nil, true, damaged, sink)
}

// copyShard copies the checked records of shard s into out, with their
// values files, and returns those that failed their check.
func copyShard(s, out string, c *checker) ([]Damaged, error) {
	var damaged []Damaged
	for _, sub := range []struct{ dir, suffix string }{{RunsDir, RecordSuffix}, {FailuresDir, FailureSuffix}} {
		ids, err := listIDs(s, sub.dir, sub.suffix)
		if err != nil {
			return nil, err
		}
		for _, id := range sorted(ids) {
			dst := filepath.Join(out, sub.dir, id+sub.suffix)
			if _, err := os.Stat(dst); err == nil {
				continue
			}
			if sub.dir == FailuresDir {
				// A run that failed in one shard may have succeeded in
				// another (a retry).
				if _, err := os.Stat(RecordPath(out, id)); err == nil {
					continue
				}
				_, err = c.readFailure(s, id)
			} else {
				_, err = c.readValues(s, id, false)
			}
			var d *DamagedError
			if errors.As(err, &d) {
				damaged = append(damaged, Damaged{ID: id, Path: d.Path, Problem: d.Problem})
				continue
			}
			if err != nil {
				return nil, err
			}
			if sub.dir == RunsDir {
				// The values file, if the shard has one made from this
				// record (else the merge's read makes it).
				if err := copyFile(valuesPath(s, id), valuesPath(out, id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return nil, err
				}
			}
			if err := copyFile(filepath.Join(s, sub.dir, id+sub.suffix), dst); err != nil {
				return nil, err
			}
		}
	}
	return damaged, nil
}

// ShardDirs expands folders that hold shard folders (but no sweep of their
// own) into those shard folders, in name order. A folder that cannot be
// read, or holds no sweep, is a sweep.InputError.
func ShardDirs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if _, err := os.Stat(filepath.Join(a, PlanFile)); err == nil {
			out = append(out, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, sweep.InputError("merge: " + safetext.Escape(err.Error()))
		}
		n := 0
		for _, e := range entries {
			sub := filepath.Join(a, e.Name())
			if _, err := os.Stat(filepath.Join(sub, PlanFile)); e.IsDir() && err == nil {
				out = append(out, sub)
				n++
			}
		}
		if n == 0 {
			return nil, sweep.InputError(fmt.Sprintf("merge: %s is not a sweep results folder and holds none", safetext.Escape(a)))
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
	return fsutil.WriteAtomic(dst, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}
