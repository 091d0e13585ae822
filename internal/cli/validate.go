package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/internal/docgen"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/calibrate"
	"github.com/agencysim/agencysim/sweep/search"
)

func newValidateCmd(env Env) *cobra.Command {
	var sets []string
	var as string
	c := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario, sweep, calibrate and search files and report every problem with its file, line, key, value and what is allowed",
		Long: `validate checks each file with the loader of its format, as the command that
uses it would (run, sweep, calibrate, search), and reports every problem
with its file, line, key path, value and what is allowed. A sweep is
checked with its base scenario and every arm at every design point.

The format of a file is the one its first comment lines name
("# yaml-language-server: $schema=.../sweep.schema.json"), else the one
whose keys the file has (a file with arms is a sweep, with genes a search,
with targets or params a calibrate file); --as sets it. A name that is not
a file is a bundled scenario ('agencysim scenarios').`,
		Example: `  agencysim validate my-city.yaml
  agencysim validate scenarios/sweeps/policy-comparison.yaml
  agencysim validate --as sweep my-sweep.yaml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if as != "" && !slices.Contains(docgen.Formats, as) {
				return inputError{fmt.Errorf("--as %q: allowed: %s", as, strings.Join(docgen.Formats, ", "))}
			}
			bad := 0
			for _, f := range args {
				format := as
				if format == "" {
					format = "scenario" // a name that is not a file: a bundled scenario
					if data, err := scenarios.ReadFile(f); err == nil {
						format, _ = docgen.Detect(data)
					}
				}
				ok, err := validateAs(env, format, f, sets)
				if err != nil {
					bad++
					fmt.Fprintln(env.Stderr, escapeLines(err.Error()))
					continue
				}
				fmt.Fprintln(env.Stdout, ok)
			}
			if bad > 0 {
				return inputError{fmt.Errorf("%d of %d files have problems", bad, len(args))}
			}
			return nil
		},
	}
	c.Flags().StringArrayVar(&sets, "set", nil, "override a key of the file: path=value (repeatable; not for search files)")
	c.Flags().StringVar(&as, "as", "", "the format of the files: "+strings.Join(docgen.Formats, ", ")+" (default: detected)")
	return c
}

// validateAs loads a file with the loader of format and returns the line
// that says it is valid.
func validateAs(env Env, format, f string, sets []string) (string, error) {
	switch format {
	case "sweep":
		p, err := sweep.Load(f, sets)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s: ok (sweep %q: %d arms, %d design points, base %s, hash %s)", safetext.Escape(p.Source), p.Sweep.Name, len(p.Arms), len(p.Points), safetext.Escape(p.BaseName), p.Hash[:12]), nil
	case "calibrate":
		c, err := calibrate.Load(f, sets)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s: ok (calibrate %q: %d parameters, %d targets, base %s)", safetext.Escape(c.Source), c.Spec.Name, len(c.Params), len(c.Targets), safetext.Escape(c.BaseName)), nil
	case "search":
		if len(sets) > 0 {
			return "", inputError{fmt.Errorf("%s: --set does not apply to search files (agencysim search has no --set)", safetext.Escape(f))}
		}
		p, err := search.LoadSpec(f)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s: ok (search: %d genes, %d objectives)", safetext.Escape(f), len(p.Genes()), p.NumObjectives()), nil
	}
	l, err := scenarios.Load(f, scenarios.LoadOptions{Set: sets, Env: env.Environ})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: ok (scenario %q, hash %s)", safetext.Escape(l.Source), l.Scenario.Name, l.Hash[:12]), nil
}
