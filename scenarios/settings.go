package scenarios

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/schema"
)

// This file reads a scenario file's values into the tree the decoder
// judges, the way viper's AllSettings reads a YAML file: keys in lower
// case, dotted keys ("policies.detainers: never") nested like written-out
// ones, keys with no value (null, {}) left out (readTree puts back those
// outside lists), lists as they are, with the keys of their mappings in
// lower case. The native build reads files with viper (settings_viper.go);
// the browser build, which has no environment or files to merge, reads
// them with yamlSettings and so does not carry viper and the HTTP and TLS
// code it pulls in. TestSettingsAgree and FuzzSettingsAgree hold the two to
// the same tree.

// yamlSettings reads a YAML document into a tree of settings.
func yamlSettings(data []byte) (map[string]any, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	out := map[string]any{}
	putSettings(out, nil, doc)
	return out, nil
}

// putSettings puts the values of m under prefix into out, in key order.
func putSettings(out map[string]any, prefix []string, m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		path := append(slices.Clip(prefix), strings.Split(strings.ToLower(k), ".")...)
		switch v := m[k].(type) {
		case nil:
		case map[string]any:
			putSettings(out, path, v)
		case map[any]any:
			putSettings(out, path, schema.Normalize(v).(map[string]any))
		default:
			at := out
			for _, p := range path[:len(path)-1] {
				sub, ok := at[p].(map[string]any)
				if !ok {
					sub = map[string]any{}
					at[p] = sub
				}
				at = sub
			}
			at[path[len(path)-1]] = lowerKeys(v)
		}
	}
}

// lowerKeys returns a value of a list or a leaf with the keys of the
// mappings in it in lower case (they are not split at dots).
func lowerKeys(v any) any {
	switch x := v.(type) {
	case map[any]any:
		return lowerKeys(schema.Normalize(x))
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[strings.ToLower(k)] = lowerKeys(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = lowerKeys(e)
		}
	}
	return v
}
