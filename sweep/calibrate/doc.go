// Package calibrate fits chosen scenario parameters to observed figures:
// 'agencysim calibrate'. A calibrate file ([Load]) names a base scenario,
// the parameters with their prior ranges and the targets — check-model's
// published ranges (targets: check-model, every fact with a range,
// calibration.RangeFacts, from fact runs: one replication of all the
// check's arms, calibration.Replicate; or check-model-baseline, the facts
// that are one metric of the base scenario, calibration.MetricTargets) or
// a CSV file of a jurisdiction's figures ([ReadTargets]) — and the method:
//
//   - history matching ([HistoryMatch]; Vernon, Goldstein and Bower 2010,
//     hmer's defaults): waves of design points, each run as a sweep on
//     the sweep runner ([SweepEvaluator]), rule out the points whose
//     implausibility ([Target.Implausibility]: observation error, model
//     discrepancy and the replication variance, mean or realisation
//     matching, ranges) is above the cut-off; the result is the
//     non-implausible space and its best point; with fact targets each
//     wave is one batch of fact runs ([FactEvaluator]);
//   - ABC-SMC ([ABCSMC]; Toni et al. 2009, Beaumont et al. 2009, pyABC's
//     defaults): a weighted posterior sample, one simulation per particle
//     ([ModelSimulator]; with fact targets one fact run,
//     [FactSimulator]), its batches kept by a [BatchStore].
//
// [Run] runs either into an output folder and writes the tables and a
// parameter set file (scenarios.ParameterSetFile) that scenarios and
// sweeps use with parameter_set_files.
//
// Contracts:
//
//   - Deterministic: the same file gives the same designs, runs and
//     outputs whatever the worker count, shards or interruptions. Every
//     draw comes from a named stream of the seed (calibrate.hm.design and
//     calibrate.hm.space per wave, calibrate.abc.batch.N per generation).
//   - History matching is resumable and shardable: wave K is the sweep
//     results folder OUT/wave-K (its sweep file and points in
//     OUT/wave-K/design), run, resumed, sharded and merged by package
//     runner; a wave's design depends only on the waves before, so a
//     shard of wave K computes it from the merged waves 1..K−1.
//   - With fact targets (targets: check-model), wave K is one batch of a
//     [BatchStore], OUT/wave-K/facts.csv (its shards
//     OUT/wave-K/facts/shards/I-of-N.csv): fact run id point × R +
//     replication runs replication id mod R, so every point shares the
//     replications' random numbers; resumed, sharded and merged as ABC's
//     batches, a wave at a time. A point's statistics per fact are
//     check-model's estimate over its replications and, as Var, R × that
//     estimate's variance (calibration.Fact.Estimate). Fact targets need
//     days ≥ calibration.MinDays: [Load] returns a located error else.
//   - ABC-SMC is resumable and shardable by batch ([BatchStore]): batch
//     B of generation T is OUT/abc/gen-T/batch-B.csv once complete (the
//     calibration's hash, then each simulation's id, parameters and
//     figures in shortest exact form), its shards
//     OUT/abc/gen-T/batch-B/shards/I-of-N.csv until merged. A batch's
//     particles and ids depend only on the seed and the batches before,
//     so a shard computes them from the stored ones; a run replays the
//     stored batches (no generation is kept apart) and stops at the first
//     it must run. A stored batch whose ids or particles differ from those
//     proposed is another calibration's, and refused.
//   - Memory is bounded by the design, not the runs: a wave keeps a
//     running mean and variance per point and target (the runs stream
//     through a runner.Sink); ABC keeps two populations and a batch.
//   - Bad input is returned located (file:line, key, value, what is
//     allowed) as schema.Errors, or as a sweep.InputError; programming
//     errors panic with the prefix "calibrate: ".
//
// Tests: the analytic oracles of exploration-anchors §6.3–6.4 on toy
// evaluators (no simulator), and the recovery of the default parameters
// from the default model's own outputs.
package calibrate
