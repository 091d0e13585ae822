// Package sweep is the sweep file and its designs: what a policy sweep
// runs. [Load] reads a sweep file — a base scenario, the policy arms to
// compare, a design over scenario parameters ([Design]: one file of this
// package each, found by name in a registry) and the replications — and
// checks it into a [Plan], which enumerates the runs in their canonical
// order ([Plan.EachRun]) and builds the exact scenario of any run
// ([Plan.Scenario]). Running the plan is package runner's job, the
// statistics package stats's, the outputs package report's; the visual
// mode imports only this package.
//
// Contracts:
//
//   - Loading checks everything before anything runs: the sweep file, its
//     base scenario, every arm at every design point, the names, the
//     metrics (numeric only, as [MetricKeys] lists them), the keys the
//     sweep sets itself (seed, and days when the sweep gives them; an arm
//     or a design may not set them) and the sizes, computed with overflow
//     checks against the limits in limits.go. Bad input is returned
//     located (file, line, key path, value, what is allowed) as a
//     schema.Errors, or as an [InputError] when it has no place in a file.
//   - Plans are deterministic: the same file gives the same points, runs,
//     scenarios and [Plan.Hash]; a plan encoded as JSON and decoded again
//     ([DecodePlan]) enumerates and builds the same runs.
//   - A Plan may be shared by goroutines: its methods do not modify it
//     (the scenarios it builds are decoded once, safely).
//   - Programming errors panic with the prefix "sweep: ": a design
//     registered twice, a plan whose design is not registered, negative
//     sizes.
package sweep
