// Command agencysim-viz is the visual mode of agencysim: a city map with
// units, crimes, operations and trust, live policy toggles, and a
// side-by-side comparison of two policies with the same random numbers. See the
// README's "Visual mode" section for the keys.
//
// The native command reads its command line with cobra (flags_native.go);
// the browser build, whose arguments come from the page's query, with the
// standard library's flag package (flags_js.go), so that the WebAssembly
// does not carry cobra. Both declare the same flags, in [declare].
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/viz"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// flagSet is what declare needs of a command line's flags: the methods
// shared by cobra's flag set and the standard library's, and a repeatable
// string flag.
type flagSet interface {
	BoolVar(p *bool, name string, value bool, usage string)
	StringVar(p *string, name string, value string, usage string)
	Float64Var(p *float64, name string, value float64, usage string)
	IntVar(p *int, name string, value int, usage string)
	Uint64Var(p *uint64, name string, value uint64, usage string)
	StringsVar(p *[]string, name string, usage string)
}

// command is the parsed command line.
type command struct {
	opt     viz.Options
	compare bool
}

// declare declares the command's flags.
func declare(f flagSet, c *command) {
	opt := &c.opt
	f.BoolVar(&c.compare, "compare", false, "show two scenarios (or two arms of a sweep: SWEEP:ARM1,ARM2) side by side, with the same random numbers")
	f.StringsVar(&opt.Set, "set", "override a scenario key: path=value (repeatable)")
	f.Uint64Var(&opt.Replication, "replication", 0, "replication: selects the random streams")
	f.Float64Var(&opt.Speed, "speed", 3, "simulated hours per second: 1, 3, 10, 30, 100, 300 or 1000")
	f.StringVar(&opt.Group, "group", "undocumented", "whose trust colours the map: all, a group (citizen, lawful_noncitizen, undocumented) or a cohort (e.g. citizen_hispanic, undocumented_other); G cycles them")
	f.StringVar(&opt.Script, "script", "", `scripted policy changes: "day=30:policies.detainers=never;day=60:agreements.g287.model=task_force"`)
	f.Float64Var(&opt.StartDay, "start-day", 0, "run the model to this day before the first frame")
	f.IntVar(&opt.Frames, "frames", 0, "stop after N frames (scripted runs)")
	f.StringVar(&opt.Screenshot, "screenshot", "", "save the last frame as this PNG (with --frames)")
	f.StringVar(&opt.Record, "record", "", "save every --every-th frame as PNG into this folder")
	f.IntVar(&opt.Every, "every", 10, "with --record: save one frame in this many")
	f.StringVar(&opt.SaveTimeline, "save-timeline", "", "on exit, write the session's live policy changes as a scenario file")
	f.BoolVar(&opt.Fullscreen, "fullscreen", false, "fill the screen (F toggles it); the layout and its type scale with the window")
	f.Float64Var(&opt.Scale, "scale", 1, "window size as a multiple of 1280×720, from 0.5 to 4 (1.5: 1920×1080); type scales with it")
	f.IntVar(&opt.BenchFrames, "bench-frames", 0, "measure this many frames after a warm-up and print frame time and allocations")
}

// play checks the scenario arguments, then prepares and plays the view.
func (c *command) play(args []string) error {
	switch {
	case c.compare:
		c.opt.Compare = args
		if len(args) == 0 {
			return inputErr{fmt.Errorf("--compare needs two scenarios or SWEEP:ARM1,ARM2")}
		}
	case len(args) > 2:
		return inputErr{fmt.Errorf("%d scenarios given: give one, or two with --compare", len(args))}
	case len(args) == 2:
		return inputErr{fmt.Errorf("two scenarios given (%s, %s): use --compare to show them side by side", args[0], args[1])}
	case len(args) == 1:
		c.opt.Scenario = args[0]
	}
	g, err := viz.Prepare(c.opt)
	if err != nil {
		return inputErr{err}
	}
	if err := viz.Play(g, c.opt); err != nil {
		return runErr{err}
	}
	return nil
}

// run runs the command and returns its exit code, as agencysim's (see its
// --help): 1 when the visual mode fails while running, 2 for bad usage or
// input (every error while parsing the command line, and every scenario
// that does not load). SIGINT and SIGTERM end the window with the
// signal's default action, which a shell reports as 130 and 143.
func run(args []string, stdout, stderr io.Writer) int {
	c := &command{}
	c.opt.Stdout, c.opt.Stderr = stdout, stderr
	err := parseAndPlay(c, args, stdout, stderr)
	if err == nil {
		return 0
	}
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = safetext.Escape(l) // user text cannot drive the terminal
	}
	fmt.Fprintln(stderr, "agencysim-viz:", strings.Join(lines, "\n"))
	if _, ok := err.(runErr); ok {
		return 1
	}
	return 2
}

// inputErr marks a problem with the command line or the scenario.
type inputErr struct{ error }

// runErr marks a failure of the visual mode itself.
type runErr struct{ error }
