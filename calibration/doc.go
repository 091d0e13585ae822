// Package calibration checks the model against published stylized facts:
// for each fact in §5 of the project's research brief it simulates the
// arms the fact needs (the scenario, and the scenario with one policy
// changed), computes the simulated counterpart from the runs' events and
// counts — never from the parameters — and reports its mean with a 95%
// confidence interval over replications and whether it lies in the
// published range.
//
// Conventions: replication r of every arm uses the same random streams
// (common random numbers), so comparisons between arms are paired. Results
// are deterministic for a given scenario, seed and replication count,
// whatever the number of workers. [Run] is safe for concurrent use; a
// [Report] is a plain value.
//
// The command 'agencysim check-model' prints a [Report] as a table or JSON
// and exits non-zero when a fact fails.
package calibration
