//go:build js

package scenarios

// readSettings reads a YAML document into a tree of settings: in the
// browser, without viper (see settings.go).
func readSettings(data []byte) (map[string]any, error) { return yamlSettings(data) }
