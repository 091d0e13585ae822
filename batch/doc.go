// Package batch runs policy sweeps: the arms of a sweep file crossed with a
// design over scenario parameters and a number of replications, in
// parallel, resumable, and aggregated into tables, plots and a report.
//
// Contracts:
//
//   - Loading ([LoadSweep]) checks everything before anything runs: the
//     sweep file, its base scenario, every arm at every design point, the
//     names, the metrics (numeric only, as [SummaryKeys] lists them), the
//     keys the sweep sets itself (seed, and days when the sweep gives
//     them; an arm or a design may not set them) and the sizes, computed
//     with overflow checks against the limits in limits.go. Bad input is
//     returned located (file, line, key path, value, what is allowed);
//     [IsInputError] tells it from a failure of the system.
//   - Results are deterministic: the same plan gives the same bytes in
//     every output, whatever the number of workers or shards and however
//     often it was interrupted; only the times in manifest.json differ.
//   - A run that fails for any reason — an error, a panic, a record that
//     cannot be encoded — is recorded in failures/ and the others go on;
//     only a failure of the results folder itself stops [Execute].
//   - Undefined values (NaN, ±Inf) are missing values everywhere: null in
//     JSON and Parquet, [CSVMissing] in CSV, gaps in plots. Text cells of
//     every CSV go through [CSVText] (formula injection); numbers through
//     [CSVNumber].
//   - Every stored record is checked when it is read ([DamagedError]); a
//     damaged one is never aggregated, and is moved aside (runs/damaged/)
//     by the folder's lock holder to be done again.
//   - A results folder is written by one process at a time: [Execute],
//     [Merge] and [Aggregate] hold its lock ([LockFile]); a second writer
//     gets a [BusyError] naming the holder. Only the holder removes the
//     temporary files a killed process left.
//
// The functions of the package are safe for concurrent use on different
// results folders; a [Plan] may be shared by goroutines.
package batch
