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
		Use:   "schema [scenario|sweep|calibrate|search]",
		Short: "Print the JSON Schema of scenario files (default), sweep, calibrate or search files, for editors and validators",
		Long: `schema prints a JSON Schema (draft 2020-12) of the scenario format, or of the
sweep format with 'schema sweep' (of calibrate and search files with
'schema calibrate' and 'schema search'). It is generated from the Go types
the loaders decode into, so it lists exactly the keys, types, defaults,
ranges and allowed values the loader accepts, the keys the loader requires
(a scenario's city, a sweep's arms), and the scenario keys and metrics a
file may name (timeline entries, arms, designs, metrics, genes,
objectives). Rules that span keys (shares that sum to 1, the legal rules)
are checked by the loader only: run 'agencysim validate'. Editors use it to
complete and check files as you type: with VS Code's YAML extension, put
this first line in a scenario file (the bundled ones have it):

  # yaml-language-server: $schema=<path or URL of scenario.schema.json>

The same schemas are in docs/scenario.schema.json, docs/sweep.schema.json,
docs/calibrate.schema.json and docs/search.schema.json.`,
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
