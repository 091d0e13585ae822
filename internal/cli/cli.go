// Package cli implements the agencysim command line. The main package only
// calls [Main], so the whole command line can be exercised in tests.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/internal/version"
	"github.com/agencysim/agencysim/scenarios"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1 // a run or I/O failed
	ExitInput   = 2 // bad usage or a bad scenario
)

// Env is what a command may use of its process: streams, environment and
// cancellation. It keeps commands free of package-level state.
type Env struct {
	Stdout, Stderr io.Writer
	Environ        []string // "NAME=value" pairs; AGENCYSIM_* override scenario keys
	Ctx            context.Context
}

// inputError marks errors caused by bad input, for the exit code.
type inputError struct{ error }

func (e inputError) Unwrap() error { return e.error }

// Main runs the command line with args (without the program name) and
// returns the exit code.
func Main(args []string, env Env) int {
	if env.Ctx == nil {
		env.Ctx = context.Background()
	}
	root := NewRoot(env)
	root.SetArgs(args)
	err := root.ExecuteContext(env.Ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(env.Stderr, "agencysim:", err)
	var ie inputError
	if errors.As(err, &ie) || scenarios.IsInputError(err) {
		return ExitInput
	}
	var intr interruptedError
	if errors.As(err, &intr) {
		return ExitInterrupted
	}
	return ExitFailure
}

// NewRoot builds the command tree.
func NewRoot(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "agencysim",
		Short: "Simulate how police, ICE, Border Patrol and military support units work together, and what it does to community trust, crime reporting and operation safety",
		Long: `agencysim simulates a synthetic city under configurable inter-agency
agreements and policies (287(g), detainers, task forces, deconfliction,
oversight) and reports crime reporting, clearance, operation safety, trust
and costs. Scenarios are YAML files; see 'agencysim scenarios' for the
bundled ones and docs/scenario-reference.md for every key.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version.String(),
	}
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return inputError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	root.AddCommand(newRunCmd(env), newSweepCmd(env), newReportCmd(env), newMergeCmd(env), newValidateCmd(env), newScenariosCmd(env), newCheckModelCmd(env), newSchemaCmd(env), newVersionCmd(env))
	return root
}

func newVersionCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the code version recorded in outputs",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(env.Stdout, version.String())
			return err
		},
	}
}

func newScenariosCmd(env Env) *cobra.Command {
	var show string
	c := &cobra.Command{
		Use:   "scenarios [--show NAME]",
		Short: "List the bundled scenarios and sweeps, or print one to start your own from",
		Example: `  agencysim scenarios
  agencysim scenarios --show task-force-287g > my-city.yaml`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if show != "" {
				text, ok := scenarios.Bundled(show)
				if !ok {
					text, ok = scenarios.BundledSweep(show)
				}
				if !ok {
					var names []string
					for _, b := range scenarios.BundledList() {
						names = append(names, b.Name)
					}
					for _, b := range scenarios.BundledSweepList() {
						names = append(names, b.Name)
					}
					return inputError{fmt.Errorf("--show %q: no bundled scenario or sweep of that name; allowed: %s", show, strings.Join(names, ", "))}
				}
				_, err := env.Stdout.Write(text)
				return err
			}
			fmt.Fprintln(env.Stdout, "Scenarios (agencysim run NAME; agencysim scenarios --show NAME prints one):")
			for _, b := range scenarios.BundledList() {
				fmt.Fprintf(env.Stdout, "  %-30s %s\n", b.Name, b.Summary)
			}
			fmt.Fprintln(env.Stdout, "\nSweeps (agencysim sweep NAME --out DIR):")
			for _, b := range scenarios.BundledSweepList() {
				fmt.Fprintf(env.Stdout, "  %-30s %s\n", b.Name, b.Summary)
			}
			return nil
		},
	}
	c.Flags().StringVar(&show, "show", "", "print the bundled scenario or sweep file NAME")
	return c
}

func newValidateCmd(env Env) *cobra.Command {
	var sets []string
	c := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and report every problem with its file, line, key, value and what is allowed",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			bad := 0
			for _, f := range args {
				l, err := scenarios.Load(f, scenarios.LoadOptions{Set: sets, Env: env.Environ})
				if err != nil {
					bad++
					fmt.Fprintln(env.Stderr, err)
					continue
				}
				fmt.Fprintf(env.Stdout, "%s: ok (scenario %q, hash %s)\n", l.Source, l.Scenario.Name, l.Hash[:12])
			}
			if bad > 0 {
				return inputError{fmt.Errorf("%d of %d scenario files have problems", bad, len(args))}
			}
			return nil
		},
	}
	c.Flags().StringArrayVar(&sets, "set", nil, "override a scenario key: path=value (repeatable)")
	return c
}
