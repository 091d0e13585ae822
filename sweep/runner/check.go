package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/agencysim/agencysim/internal/pool"
	"github.com/agencysim/agencysim/internal/safetext"
)

// checkStored lists the finished runs of the results folder, checking
// every stored record (in parallel): a damaged one is named on the
// progress writer and moved aside, and its run is not counted as finished.
// It sets x.done and returns a copy: the runs finished before this
// execution.
func (x *executor) checkStored() (map[string]bool, error) {
	dir := x.opt.Out
	ids, err := listIDs(dir, RunsDir, RecordSuffix)
	if err != nil {
		return nil, err
	}
	names := sorted(ids)
	workers, _ := checkWorkers(x.opt.Workers, len(names))
	if x.opt.Progress != nil && len(names) >= 1000 {
		fmt.Fprintf(x.opt.Progress, "checking the %d stored runs\n", len(names))
	}
	problems := make([]error, len(names))
	_ = pool.Run(context.Background(), workers, pool.Indices(len(names)), func(i int) error {
		v, err := x.checker.readValues(dir, names[i], true)
		if err == nil && x.ci != nil {
			x.ci.value(names[i], v)
		}
		problems[i] = err
		return nil
	})
	x.done = map[string]bool{}
	initial := map[string]bool{}
	for i, id := range names {
		err := problems[i]
		var d *DamagedError
		switch {
		case err == nil:
			x.done[id], initial[id] = true, true
		case errors.As(err, &d):
			dm, err := setAside(id, d)
			if err != nil {
				return nil, err
			}
			x.res.Damaged = append(x.res.Damaged, dm)
			if x.opt.Progress != nil {
				fmt.Fprintf(x.opt.Progress, "damaged record %s: %s; moved to %s, the run is done again\n", safetext.Escape(d.Path), safetext.Escape(d.Problem), safetext.Escape(dm.MovedTo))
			}
		default:
			return nil, err
		}
	}
	return initial, nil
}

// setAside moves a damaged record aside (and removes the values file made
// from it) and describes it.
func setAside(id string, d *DamagedError) (Damaged, error) {
	to, err := moveAside(d.Path)
	if err != nil {
		return Damaged{}, fmt.Errorf("runner: cannot move the damaged record %s aside: %w", d.Path, err)
	}
	if base, ok := strings.CutSuffix(d.Path, RecordSuffix); ok {
		os.Remove(base + ValuesSuffix)
	}
	return Damaged{ID: id, Path: d.Path, Problem: d.Problem, MovedTo: to}, nil
}
