// Package stats computes the statistics of a sweep's runs (package sweep):
// the mean of every metric per arm and design point with its 95% interval,
// the paired differences of every arm from the baseline arm over the
// replications that shared random streams (with the Welch interval they
// would have had unpaired), the means of the time series, and the
// screening of the varied parameters of a screening design.
//
// Contracts:
//
//   - An [Accumulator] takes the runs one by one in canonical order and
//     its result depends only on them: the same runs give the same
//     figures, bit for bit, whether a statistic is read from memory or
//     folded again from the spill files.
//   - Memory grows neither with the replications nor with the design
//     points times the metrics: in memory are every metric's statistics
//     at design point 0, the statistics at every point of the metrics
//     analysed across points ([KeptMetrics]: the reported metrics, which
//     the screening, the Sobol' indices and the report's table of design
//     points read, and the until_ci metric) and of those named in
//     Options.Keep (a tool that reads other metrics across points, such
//     as a calibration, declares them there), as (n, mean, M2) triples,
//     and the series means of design point 0 only (the plots draw no
//     other; series.parquet has every run's series). Every run's values
//     also go to at most 128 temporary files in Options.Dir (a sweep's
//     results folder), by block of consecutive design points; [Table.EachStat]
//     and [Table.EachComparison] fold them one block and one arm at a
//     time, in the order of summary.csv and comparisons.csv (arm, point,
//     metric), in time linear in the runs. [Table.Close] (or
//     [Accumulator.Close], for an accumulation abandoned before its
//     Table) removes them; the runner's clean-up of a results folder
//     removes those a killed process left.
//   - [Table.Stat] and [Table.Comparison] answer for a metric at a point
//     from memory: absent (false) for an unknown arm, point or metric,
//     and a panic ("stats: metric … is not kept at design point …") for
//     a metric that exists but is not kept at that point, never a silent
//     absence. [Table.Keeps] says which metrics are kept at every point.
//     [TableOf] builds a Table of given rows, all kept (tests, tools).
//   - Undefined values (NaN, ±Inf) are left out of every statistic; a
//     statistic of no values is NaN (a series day with none stays, with
//     N 0 and no mean: a gap).
//   - A [Table] may be read by goroutines at once (walks of the spill
//     files take turns); an Accumulator is used by one goroutine.
//   - Programming errors (values that do not match the metrics, a kept
//     metric that is not one of them, a run added after Table, a walk
//     after Close) panic with the prefix "stats: ". Errors of the spill
//     files are returned by Add, Table and the walks.
package stats
