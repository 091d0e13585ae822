package runner

import (
	"time"

	"github.com/agencysim/agencysim/sweep"
)

// Run is one run of a sweep as the outputs see it: finished, with its
// values, or failed.
type Run struct {
	Spec    sweep.RunSpec
	Values  *Values  // of a finished run; nil for a failed one
	Failure *Failure // of a failed run; nil for a finished one
	// Prepared is what a [Preparer] sink's Prepare returned for this run
	// (nil if the sink is not one, or the run was not prepared: [Read] and
	// [Merge] do not prepare, and a Preparer must accept nil).
	Prepared any
}

// A Preparer is a [Sink] that does part of its work on a run before the
// run's turn: [Execute] calls Prepare on the worker that finished the run,
// so that with N workers the sink's per-run work is done N ways at once
// and only what needs the canonical order (appending to its tables) is
// left to Run, which gets Prepare's result as [Run.Prepared]. Prepare is
// called concurrently with itself and with the Sink's methods, after
// Start; it must use only r and what Start set up.
type Preparer interface {
	Sink
	Prepare(r Run) any
}

// A Sink receives the runs of a sweep in canonical order (see
// sweep.Plan.EachRun): every finished and every failed run once, a run
// missing from the folder not at all. [Execute] gives each run as soon as
// it and every run before it are done, so that the outputs are ready when
// the last run ends; [Read] and [Merge] give those a folder holds. The
// methods of a Sink are called from one goroutine at a time.
type Sink interface {
	// Start is called first, with the results folder and the plan as the
	// folder stores it.
	Start(dir string, plan *sweep.Plan) error
	// Run receives one run.
	Run(r Run) error
	// Done is called after the last run, while the folder's lock is still
	// held (unless f.Writer says another process holds it).
	Done(f *Folder) error
	// Abort is called, once, instead of Done when Start succeeded but the
	// runs stop before the last (an interrupted sweep, a failure of the
	// folder or of Run): the sink discards what it wrote. A sink whose
	// Start or Done fails cleans up itself.
	Abort()
}

// Folder describes a results folder whose runs a [Sink] received.
type Folder struct {
	Dir      string
	Plan     *sweep.Plan
	Reps     map[string][]int // replications per arm and point (until_ci may have added some)
	Expected int              // runs the sweep asks for
	Started  time.Time        // of the first execution; zero if unknown
	Finished time.Time        // of the last complete execution; zero if none completed
	// Damaged lists the stored records that failed their check: they were
	// not given to the sink and, unless Writer is set, were moved aside so
	// that the next execution does them again.
	Damaged []Damaged
	// Writer, if not nil, is the process that held the folder's lock while
	// it was read (a sweep still running): the sink received the runs
	// finished so far, and nothing in runs/ was touched.
	Writer *LockHolder
}
