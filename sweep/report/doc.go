// Package report writes the outputs of a sweep (package sweep) from its
// runs (package runner) and their statistics (package stats): the tables
// (runs.csv, runs.parquet, series.parquet, series.csv.gz, summary.csv,
// comparisons.csv, failures.csv, sensitivity.csv), manifest.json, the
// plots (PNG and SVG), report.html and the headline table printed after a
// sweep.
//
// An [Aggregator] is the runner.Sink of an execution: the tables grow as
// the runs finish, so that the outputs are ready when the last run ends.
// [Aggregate] and [Merge] write the outputs of a folder's runs.
//
// Contracts:
//
//   - The outputs depend only on the runs: the same runs give the same
//     bytes in every output, whatever the number of workers or shards and
//     however often the sweep was interrupted; only the times in
//     manifest.json differ. Plots are drawn in parallel and are
//     byte-identical from run to run.
//   - Undefined values (NaN, ±Inf) are missing values everywhere: null in
//     JSON and Parquet, [CSVMissing] in CSV, gaps in plots, "–" in the
//     report and the headline. Text cells of every CSV go through
//     [CSVText] (formula injection); numbers through [CSVNumber].
//   - A metric's label and the format of its values follow one set of
//     rules, in format.go; differences and their interval bounds are
//     written with the decimals the interval needs.
//   - report.html is offline and script-free and fits a 1,280 px wide
//     screen; its findings (findings.go) state the numbers of
//     comparisons.csv at design point 0. The headline printed after a
//     sweep fits [HeadlineWidth] columns.
//   - Every reader opens the tables: runs.csv and runs.parquet have the
//     same columns in the same order (identifiers, design parameters under
//     their keys, metrics under their catalogue keys); in Parquet, metrics
//     that count whole things (agents.Metric.Whole) are integers and
//     strings are dictionary-encoded; series.csv.gz is series.parquet with
//     each run's design parameters, for readers without Parquet. A test
//     runs docs/analysis.md's examples in pandas, R and DuckDB
//     (readers_test.go; `make deps-readers` installs them).
//   - Memory grows neither with the replications nor with the design
//     points times the metrics: every run's values are spilled to
//     temporary files in the results folder (removed by Done and Abort)
//     and summary.csv and comparisons.csv are folded from them; in
//     memory are only the statistics the report, the plots and the
//     screening read (see [New] and package stats).
//   - An Aggregator is used by one goroutine; Results may be read by
//     several.
package report
