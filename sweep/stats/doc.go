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
//     figures, bit for bit. Its memory grows with arms × points × metrics,
//     never with the replications.
//   - Undefined values (NaN, ±Inf) are left out of every statistic; a
//     statistic of no values is NaN (a series day with none stays, with
//     N 0 and no mean: a gap).
//   - A [Table] may be read by goroutines at once; an Accumulator is used
//     by one goroutine.
//   - Programming errors (values that do not match the metrics) panic
//     with the prefix "stats: ".
package stats
