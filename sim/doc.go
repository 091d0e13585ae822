// Package sim is a small, domain-free discrete-event simulation kernel.
//
// It knows nothing about police, immigration or cities: it provides a clock
// and event calendar ([Engine]), reproducible random-number streams
// ([Streams], [Draws]), pools of identical servers with a priority queue of
// waiting requests ([Pool]) and the statistics a simulation report needs
// ([Counter], [Welford], [TimeWeighted], [Sample]).
//
// # Conventions
//
// Time is a float64 [Time] in model units; the agencysim models use hours.
// Events are callbacks ([Action]) kept in a binary heap ordered by
// (time, priority, insertion sequence), so events at the same time and
// priority run in the order they were scheduled and a run is reproducible.
// There is no goroutine per process: a callback runs to completion and
// schedules whatever comes next. Lower [Priority] values run first.
//
// Programmer misuse panics with a message prefixed "sim: " (scheduling in the
// past, a negative or NaN delay, a nil action, releasing an idle pool).
// Nothing in this package uses a global random source or package-level
// mutable state; every random process draws from its own named stream,
// derived from (seed, replication, name), so two model variants that share a
// seed and replication see the same random numbers in every process they have
// in common (common random numbers).
//
// A model that copies itself (agents.Model.Fork) lists the actions it
// keeps through an [ActionVisitor]; [Pool.EachAction] and
// [Ticker.EachAction] visit the ones a pool and a ticker make themselves.
//
// None of the types is safe for concurrent use. Run one [Engine] per
// goroutine; replications are embarrassingly parallel.
//
// # The calendar's cost
//
// Scheduling and running an event allocate nothing once the engine has
// grown to its working size (BenchmarkMMCSteadyStateAllocs in bench/). A
// heap entry holds its key inline, packed so that ordering is one 128-bit
// unsigned comparison: the bits of the (non-negative) time, then the
// priority and a 32-bit sequence number (renumbered in calendar order when
// the counter runs out). The running event's entry stays the root of the
// heap while its callback runs: the callback's first scheduling takes its
// place with a single sift-down (the common "hold" pattern: an arrival
// schedules the next arrival), and the root is removed after the callback
// only if nothing replaced it. Below 2^14 entries the sift-down chooses the
// earlier child without a branch; in larger heaps the branch is cheaper,
// because its prediction starts the next level's load early. Cancelled
// events are marked dead and dropped when they reach the root, or all at
// once when they are more than half of the calendar. `make bench` prints
// the kernel's rate against the same M/M/10 queue written on container/heap.
//
// A calendar queue (R. Brown, Comm. ACM 31(10), 1988: buckets of one width,
// each sorted, the width three times the mean gap between the events
// taken) was measured in place of the heap above 1,024 pending events, and
// it was slower on both workloads: the 32 × 32 grid city ran 290–302
// ns/event, against 235–248 on the heap (BenchmarkGrid/side=32, 200 runs,
// alternated), and the hold benchmark with 100,000 pending events ran
// 1.9 M events/s against 2.9 M (BenchmarkHoldLarge). The grid city's heap
// is about 1,350 entries (32 KB); the calendar's 2,048 buckets took about
// 250 KB, and in its profile the sorted insertions (with slices outgrowing
// their room where events share a time) and the moves between heap and
// calendar when cancelled events were compacted cost more than the heap's
// deeper sift-down saved.
//
// A far tier was measured too: the events at or after a limit kept
// unsorted beside the heap and moved into it when it ran empty, the limit
// the earliest of them plus a window that doubled when a refill's scan of
// the tier cost more than one entry per event taken since the last, and
// halved when it cost less than a quarter. On the baseline city it kept
// 52 entries in the heap and 193 in the tier, on average, and cut the
// instructions of a run by 4.9 % (callgrind, 651 M → 620 M; the
// sift-down of a replaced root 259 → 191 instructions, of a removed one
// 319 → 216), but not the time: over ten alternated rounds the baseline
// ran at 0.98 (0.73–1.11) of the heap's speed and the M/M/10, which never
// turned the tier on, at 0.94 (0.83–1.07). Fewer instructions did not
// mean less time for the sift-down either: one that kept the entry it
// places in registers ran the M/M/10 in 1.8 % fewer instructions, at 0.99
// of the speed (eight alternated rounds).
//
// A [Pool] with the fields its fast paths touch (engine, capacity, busy,
// Busy, queue, Wait) first, in 128 bytes rather than spread over 232, and
// the agents' district with its pool pointer beside its index, cut the
// 32 × 32 grid city's L1 read misses by 13 % and those of a simulated
// 512 KB L2 by 21 % (callgrind --cache-sim), but ran at 1.01 (0.86–1.08)
// of the old layout's speed over eight alternated rounds, so the fields
// keep their order.
//
// # Floating point
//
// Results are bit-for-bit reproducible for the same binary and architecture.
// Go may fuse multiply-add operations on some architectures (arm64, ppc64,
// s390x), so the last bits of floating-point results can differ between
// architectures.
package sim
