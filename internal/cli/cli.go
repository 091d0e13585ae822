// Package cli implements the agencysim command line. The main package only
// calls [Main], so the whole command line can be exercised in tests.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/internal/crash"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/internal/version"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// Exit codes. They are documented in the README and in 'agencysim --help'
// (exitCodesHelp); tests check each.
const (
	ExitOK      = 0
	ExitFailure = 1   // some runs failed, a run or an I/O operation failed, or a bug (a panic)
	ExitInput   = 2   // bad usage or bad input: a command line cobra or a command rejects, a missing or bad file
	ExitSIGINT  = 130 // stopped by SIGINT (Ctrl-C): 128 + 2
	ExitSIGTERM = 143 // stopped by SIGTERM (a batch system's stop): 128 + 15
)

// ExitInterrupted is the exit code of a command stopped by Ctrl-C.
const ExitInterrupted = ExitSIGINT

// exitCodesHelp is the exit status table printed by 'agencysim --help'.
const exitCodesHelp = `Exit status:
  0    success
  1    some runs failed (the others are in the results), a run or an I/O
       operation failed, or an internal error (--debug prints its stack
       trace)
  2    bad input or usage: an unknown command or flag, a missing or extra
       argument, a missing, unreadable or invalid scenario, sweep or results
       folder, a bad --set or flag value
  130  stopped by SIGINT (Ctrl-C); a sweep resumes when run again
  143  stopped by SIGTERM (e.g. a batch system's time limit or preemption)`

// Env is what a command may use of its process: streams, environment and
// cancellation. It keeps commands free of package-level state.
//
// When a signal stops the command, the process's main cancels Ctx with a
// [Signal] as its cause (context.WithCancelCause), so that the exit code
// can tell SIGINT (130) from SIGTERM (143).
type Env struct {
	Stdout, Stderr io.Writer
	Environ        []string // "NAME=value" pairs; AGENCYSIM_* override scenario keys
	Ctx            context.Context
}

// Signal is the cancellation cause of Env.Ctx when a signal stops the
// command. Its exit code is 128 + the signal number.
type Signal struct{ Sig os.Signal }

func (s Signal) Error() string { return "stopped by " + signalName(s.Sig) }

// ExitCode returns 128 + the signal's number (130 for SIGINT, 143 for
// SIGTERM).
func (s Signal) ExitCode() int {
	if n, ok := s.Sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return ExitSIGINT
}

func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.String()
}

// signalOf returns the signal that cancelled ctx, if any.
func signalOf(ctx context.Context) (Signal, bool) {
	var s Signal
	ok := errors.As(context.Cause(ctx), &s)
	return s, ok
}

// inputError marks an error of the command line's own checks (a flag value
// out of range, options that do not go together) as bad input.
type inputError struct{ error }

func (e inputError) Unwrap() error { return e.error }

// Input reports that the error is bad input (see exitCode).
func (inputError) Input() bool { return true }

// commandError marks an error a command's RunE returned. Every other error
// comes from cobra parsing the command line (an unknown command or flag, a
// wrong number of arguments) and is a usage error: exit code 2.
type commandError struct{ error }

func (e commandError) Unwrap() error { return e.error }

// Main runs the command line with args (without the program name) and
// returns the exit code. A panic in the command is reported as an internal
// error (exit code 1), its stack trace only with --debug.
func Main(args []string, env Env) (code int) {
	if env.Ctx == nil {
		env.Ctx = context.Background()
	}
	root := NewRoot(env)
	defer func() {
		if r := recover(); r != nil {
			code = exitWith(env, commandError{crash.FromPanic(r)}, debugOn(root))
		}
	}()
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(env.Ctx)
	var ce commandError
	var ie inputError
	if err != nil && !errors.As(err, &ce) && !errors.As(err, &ie) && cmd != nil && !strings.Contains(err.Error(), "--help") {
		msg, sep := strings.TrimRight(err.Error(), "\n"), " "
		if strings.Contains(msg, "\n") {
			sep = "\n"
		}
		err = fmt.Errorf("%s%s(see '%s --help')", msg, sep, cmd.CommandPath())
	}
	return exitWith(env, err, debugOn(root))
}

// exitWith prints err (escaped, so that no user text in it can drive the
// terminal) and returns its exit code.
func exitWith(env Env, err error, debug bool) int {
	if err != nil {
		fmt.Fprintln(env.Stderr, "agencysim:", escapeLines(err.Error()))
		var ce *crash.Error
		if errors.As(err, &ce) {
			if debug {
				fmt.Fprintf(env.Stderr, "%s\n", ce.Stack)
			} else {
				fmt.Fprintln(env.Stderr, "(run the same command with --debug to print the stack trace)")
			}
		}
	} else if sig, stopped := signalOf(env.Ctx); stopped { // the command finished, but the process was asked to stop
		fmt.Fprintf(env.Stderr, "agencysim: %s\n", sig)
	}
	return exitCode(env.Ctx, err)
}

// exitCode maps the error a command ended with (nil: none) to the exit
// status (see exitCodesHelp): the one place where errors are classified.
// A panic is a failure (1); an error cobra returned for the command line
// is bad usage (2); a stopped process has its signal's code; bad input is
// 2: a located problem in a file (schema.Errors), or any error in the
// chain whose Input method says so (the loaders', the runner's, the
// command line's own); anything else is a failure (1).
func exitCode(ctx context.Context, err error) int {
	sig, stopped := signalOf(ctx)
	var (
		ce    *crash.Error
		cmd   commandError
		intr  interruptedError
		es    schema.Errors
		input interface{ Input() bool }
	)
	switch {
	case err == nil && stopped:
		return sig.ExitCode()
	case err == nil:
		return ExitOK
	case errors.As(err, &ce):
		return ExitFailure
	case !errors.As(err, &cmd):
		return ExitInput // cobra rejected the command line
	case stopped:
		return sig.ExitCode()
	case errors.As(err, &intr):
		return ExitInterrupted
	case errors.As(err, &es), errors.As(err, &input) && input.Input():
		return ExitInput
	}
	return ExitFailure
}

// debugOn reports whether --debug was given.
func debugOn(root *cobra.Command) bool {
	d, _ := root.PersistentFlags().GetBool("debug")
	return d
}

// escapeLines escapes the control characters of each line and tab-separated
// piece of s (see safetext.Escape), keeping the line breaks and tabs of a
// multi-line message.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = safetext.Escape(p)
		}
		lines[i] = strings.Join(parts, "\t")
	}
	return strings.Join(lines, "\n")
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
bundled ones and docs/scenario-reference.md for every key.

` + exitCodesHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version.String(),
	}
	root.PersistentFlags().Bool("debug", false, "on an internal error, print its stack trace")
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return inputError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	// Only the documented commands: no generated shell-completion command.
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetHelpCommand(newHelpCmd())
	root.AddCommand(newRunCmd(env), newSweepCmd(env), newReportCmd(env), newMergeCmd(env), newDiscoverCmd(env), newSearchCmd(env), newCalibrateCmd(env), newValidateCmd(env), newScenariosCmd(env), newCheckModelCmd(env), newMetricsCmd(env), newSchemaCmd(env), newVersionCmd(env))
	markCommandErrors(root)
	return root
}

// markCommandErrors wraps the RunE of every command so that its errors are
// told apart from cobra's usage errors (see commandError).
func markCommandErrors(c *cobra.Command) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if err := run(cmd, args); err != nil {
				return commandError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		markCommandErrors(sub)
	}
}

// newHelpCmd is 'agencysim help [command]': unlike cobra's, it fails (exit
// code 2) for a command that does not exist.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 || (len(args) > 0 && cmd == c.Root()) {
				return inputError{fmt.Errorf("help %s: no such command (see '%s --help')", strings.Join(args, " "), c.Root().Name())}
			}
			return cmd.Help()
		},
	}
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
		Short: "List the bundled scenarios, sweeps and searches, or print one to start your own from",
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
					text, ok = scenarios.BundledSearch(show)
				}
				if !ok {
					var names []string
					for _, b := range scenarios.BundledList() {
						names = append(names, b.Name)
					}
					for _, b := range append(scenarios.BundledSweepList(), scenarios.BundledSearchList()...) {
						names = append(names, b.Name)
					}
					return inputError{fmt.Errorf("--show %q: no bundled scenario, sweep or search of that name; allowed: %s", show, strings.Join(names, ", "))}
				}
				_, err := env.Stdout.Write(text)
				return err
			}
			fmt.Fprintln(env.Stdout, "Scenarios (agencysim run NAME; agencysim scenarios --show NAME prints one):")
			for _, b := range scenarios.BundledList() {
				fmt.Fprintf(env.Stdout, "  %-30s %s\n", b.Name, safetext.Escape(b.Summary))
			}
			fmt.Fprintln(env.Stdout, "\nSweeps (agencysim sweep NAME --out DIR):")
			for _, b := range scenarios.BundledSweepList() {
				fmt.Fprintf(env.Stdout, "  %-30s %s\n", b.Name, b.Summary)
			}
			fmt.Fprintln(env.Stdout, "\nSearches (agencysim search NAME --out DIR):")
			for _, b := range scenarios.BundledSearchList() {
				fmt.Fprintf(env.Stdout, "  %-30s %s\n", b.Name, b.Summary)
			}
			return nil
		},
	}
	c.Flags().StringVar(&show, "show", "", "print the bundled scenario, sweep or search file NAME")
	return c
}
