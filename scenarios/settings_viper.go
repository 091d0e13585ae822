//go:build !js

package scenarios

import (
	"bytes"

	"github.com/spf13/viper"
)

// readSettings reads a YAML document into a tree of settings with viper.
func readSettings(data []byte) (map[string]any, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return v.AllSettings(), nil
}
