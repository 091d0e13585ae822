package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/internal/docgen"
)

func newSchemaCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [scenario|sweep|calibrate]",
		Short: "Print the JSON Schema of scenario files (default), sweep or calibrate files, for editors and validators",
		Long: `schema prints a JSON Schema (draft 2020-12) of the scenario format, or of the
sweep format with 'schema sweep' (of calibrate files with 'schema
calibrate'). It is generated from the Go types the
loaders decode into, so it lists exactly the keys, types, defaults, ranges
and allowed values the loader accepts. Editors use it to complete and check
files as you type: with VS Code's YAML extension, put this first line in a
scenario file (the bundled ones have it):

  # yaml-language-server: $schema=<path or URL of scenario.schema.json>

The same schemas are in docs/scenario.schema.json, docs/sweep.schema.json
and docs/calibrate.schema.json.`,
		Example: `  agencysim schema > scenario.schema.json
  agencysim schema sweep > sweep.schema.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			format := "scenario"
			if len(args) == 1 {
				format = args[0]
			}
			if !slices.Contains(docgen.Formats, format) {
				return inputError{fmt.Errorf("schema %q: allowed: %s", format, strings.Join(docgen.Formats, ", "))}
			}
			_, err := env.Stdout.Write(docgen.Schema(format))
			return err
		},
	}
}
