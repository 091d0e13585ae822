// Package bench holds reference models and benchmarks: the M/M/c dispatch
// queue the kernel is validated against (Erlang C, Little's law) and
// benchmarked on, and one-year runs of the bundled baseline city at
// 200,000, 1 million and 5 million residents.
//
// Run them with
//
//	go test -run '^$' -bench . ./bench/
//
// `make bench` prints the figures of the speed targets as one Markdown
// table (cmd/benchtable, with [Figures] and [WriteTable]): the kernel's and
// the model's events per second and their ratio, ns/event on 3×3 … 32×32
// grid cities ([GridCity]), the cut-down policy comparison's runs per second
// at 1 and 2 workers, and the aggregation's peak heap at 1,000 and 100,000
// runs (from sweep/report's BenchmarkAggregateMemory). Each ratio is the
// median of ratios of measurements taken one after the other (the kernel
// beside container/heap, the model beside the kernel, each grid tier beside
// the smallest in the same round, 1 worker beside 2), printed with their
// range: a shared machine's speed drifts from minute to minute, and a pair
// sees one state of it.
//
// Speed and memory targets are checked here, never by timed tests.
package bench
