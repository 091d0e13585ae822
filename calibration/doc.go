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
// For calibrators ('agencysim calibrate', targets: check-model): [Facts]
// and [RangeFacts] list the facts (those with a direction instead of a
// range are left out of RangeFacts), [Replicate] runs one replication of
// every arm (NumArms model runs) and returns every fact's raw figures,
// and [Fact.Estimate] combines R replications' figures into the estimate
// check-model reports, with that estimate's variance (s²/R for a mean,
// the jackknife's for a ratio, as behind check-model's interval);
// [Fact.Value] is the fact's value in one replication. The check, and a
// replication, needs days ≥ [MinDays] ([CheckDays]). [MetricTargets]
// lists the facts that are one metric of the baseline scenario.
//
// The command 'agencysim check-model' prints a [Report] as a table or JSON
// and exits non-zero when a fact fails.
package calibration
