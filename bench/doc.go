// Package bench holds reference models and benchmarks: the M/M/c dispatch
// queue the kernel is validated against (Erlang C, Little's law) and
// benchmarked on, and one-year runs of the bundled baseline city at
// 200,000, 1 million and 5 million residents.
//
// Run them with
//
//	go test -run '^$' -bench . ./bench/
//
// Speed and memory targets are checked here, never by timed tests.
package bench
