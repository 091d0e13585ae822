//go:build !js

package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/internal/version"
	"github.com/spf13/pflag"
)

// parseAndPlay reads the command line with cobra and plays the view.
func parseAndPlay(c *command, args []string, stdout, stderr io.Writer) error {
	cmd := &cobra.Command{
		Use:   "agencysim-viz [SCENARIO | --compare A B | --compare SWEEP:ARM1,ARM2]",
		Short: "Watch a synthetic city under inter-agency policies, change policies live, compare two side by side",
		Example: `  agencysim-viz                                   # the bundled baseline
  agencysim-viz task-force-287g                   # a bundled scenario, or a YAML file
  agencysim-viz --compare baseline never-honor    # two policies, same random numbers
  agencysim-viz --compare policy-comparison:baseline,jail_287g
  agencysim-viz --frames 600 --speed 100 --screenshot city.png   # scripted, no human
  agencysim-viz --save-timeline workshop.yaml     # keep the session's toggles as a scenario`,
		Version:       version.String(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.MaximumNArgs(2),
		RunE:          func(_ *cobra.Command, args []string) error { return c.play(args) },
	}
	cmd.SetArgs(args)
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return inputErr{err} })
	declare(pflags{cmd.Flags()}, c)
	err := cmd.Execute()
	if _, ok := err.(runErr); !ok && err != nil {
		if _, ok := err.(inputErr); !ok {
			err = inputErr{err} // cobra's own: too many arguments
		}
	}
	return err
}

// pflags is cobra's flag set as a [flagSet].
type pflags struct{ *pflag.FlagSet }

func (f pflags) StringsVar(p *[]string, name, usage string) { f.StringArrayVar(p, name, nil, usage) }
