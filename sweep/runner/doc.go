// Package runner executes a sweep's plan (package sweep): the runs on a
// pool of workers, each stored as it finishes in a results folder, which
// it resumes after an interruption, deals out in shards for a cluster and
// merges back. It gives the runs, in canonical order, to a [Sink] — the
// outputs (package report) — as soon as they are done.
//
// A results folder holds sweep.json (the plan), state.json (the
// replications until_ci decided, and times), runs/ (a gzip-compressed JSON
// record per finished run, and beside it a small file of the values the
// outputs read), failures/ (a record per failed run) and the outputs.
//
// Contracts:
//
//   - Results are deterministic: a Sink receives the same runs, with the
//     same values, in the same order, whatever the number of workers or
//     shards and however often the sweep was interrupted.
//   - A run that fails for any reason — an error, a panic, a record that
//     cannot be encoded — is recorded in failures/ and the others go on;
//     only a failure of the results folder itself, or of the Sink, stops
//     [Execute].
//   - Every stored record is checked when it is read: a values file is
//     used only with the record it was made from (by its SHA-256), else
//     the record is decoded and checked in full ([DamagedError]); a
//     damaged record is never given to a Sink, and is moved aside
//     (runs/damaged/) by the folder's lock holder to be done again.
//   - A results folder is written by one process at a time: [Execute],
//     [Merge] and [Read] hold its lock ([LockFile]); a second writer gets
//     a [BusyError] naming the holder. Only the holder removes the
//     temporary files a killed process left.
//   - A Sink's methods are called from one goroutine at a time, so that
//     appending to its tables is serial; a sink that also implements
//     [Preparer] has its per-run work that needs no order (matching
//     values to columns, formatting rows) done by [Preparer.Prepare] on
//     the workers, so that the serial part does not limit a sweep on many
//     cores.
//   - Bad input (a folder of another sweep, a worker count out of range, a
//     bad --shard) is a sweep.InputError or a *BusyError: both have an
//     Input method that says so.
//
// The functions of the package are safe for concurrent use on different
// results folders. Programming errors panic with the prefix "runner: ".
package runner
