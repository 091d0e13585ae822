// Package scenarios loads scenario files: YAML documents that describe a
// city, its agencies and their agreements (see docs/scenario-reference.md).
//
// [Load] reads the file (viper turns it into a tree, dotted keys such as
// policies.detainers nested), applies sweep parameters, AGENCYSIM_*
// environment variables and --set overrides in that order, then decodes the
// result exactly into a [Scenario]: unknown keys, wrong types, out-of-range
// values and legally impossible set-ups are all reported together, each
// naming the file and line (or the override it came from), the key path,
// the bad value and what is allowed. Absent keys take the defaults
// documented in docs/model.md; nothing is defaulted or dropped silently:
//
//   - A key written with no value (days: ~, days:, days: {}, days: []) is
//     an error for a value or a list. A section with no value (policies: ~,
//     policies: {}) gives no keys: they all keep their defaults, as if the
//     section were left out. An empty list (timeline: []) has no items.
//   - A second YAML document, a key given twice (nested or dotted), a key
//     that is empty, has an empty part between dots, is not lower case or
//     holds control characters are errors.
//   - Every override path must be well formed (keys joined by dots, list
//     indices [N]; see schema.SplitPath), have a value and name a scenario
//     key. An error on a key that an override created is located at that
//     override.
//
// The loader's time and memory are linear in the size of its input: a
// file is at most [MaxFileBytes], nests at most [MaxDepth] levels, has at
// most [MaxKeys] keys in one mapping and aliases that expand it at most
// [MaxAliasGrowth] times; lists have item limits (maxitems tags, shown in
// the reference). Sweep files are read by [ReadDocument] under the same
// limits.
//
// Errors print user text escaped, so that names and values holding control
// characters cannot drive the terminal; the scenario name must be a name
// (safetext.NameProblem), and the description may hold newlines and tabs
// but no other control characters.
//
// Bundled scenarios are embedded in the binary; [BundledList] lists them
// and [Load] finds them by name. The default is "baseline".
package scenarios
