// Package scenarios loads scenario files: YAML documents that describe a
// city, its agencies and their agreements (see docs/scenario-reference.md).
//
// [Load] merges the file, AGENCYSIM_* environment variables and --set
// overrides with viper, then decodes the result exactly into a [Scenario]:
// unknown keys, wrong types, out-of-range values and legally impossible
// set-ups are all reported together, each naming the file and line (or the
// override it came from), the key path, the bad value and what is allowed.
// Absent keys take the defaults documented in docs/model.md; nothing is
// defaulted silently on error.
//
// Bundled scenarios are embedded in the binary; [BundledList] lists them
// and [Load] finds them by name. The default is "baseline".
package scenarios
