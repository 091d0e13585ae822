package docgen

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Detect tells which format of [Formats] a file is, and why:
//
//  1. the format whose schema its leading comment names
//     ("# yaml-language-server: $schema=../../docs/sweep.schema.json");
//  2. otherwise, the first format (in [Formats] order, the scenario first)
//     that has every top-level key of the file (a dotted key counts by its
//     first part);
//  3. otherwise, the format that has the most of them (a file with a
//     misspelt key), the first on a tie.
//
// A file that is not a YAML mapping is taken as a scenario, for its loader
// to report.
func Detect(data []byte) (format, why string) {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "#") {
			break
		}
		_, ref, ok := strings.Cut(line, "$schema=")
		if !ok {
			continue
		}
		name := strings.TrimSuffix(path.Base(strings.TrimSpace(ref)), ".schema.json")
		if slices.Contains(Formats, name) {
			return name, "its $schema line names " + name + ".schema.json"
		}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return "scenario", "it is not a YAML mapping"
	}
	var keys []string
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, _, _ := strings.Cut(m.Content[i].Value, ".")
		keys = append(keys, k)
	}
	best, bestN := Formats[0], -1
	for _, f := range Formats {
		n := 0
		for _, k := range keys {
			if Format(f).Lookup(k) != nil {
				n++
			}
		}
		if n == len(keys) {
			return f, "its keys are " + f + " keys"
		}
		if n > bestN {
			best, bestN = f, n
		}
	}
	return best, fmt.Sprintf("%d of its %d keys are %s keys", bestN, len(keys), best)
}
