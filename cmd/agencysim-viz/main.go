// Command agencysim-viz is the visual mode of agencysim: a city map with
// units, crimes, operations and trust, live policy toggles, and a
// side-by-side comparison of two policies with the same crimes. See the
// README's "Visual mode" section for the keys.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/viz"
)

func main() {
	var opt viz.Options
	var compare bool
	cmd := &cobra.Command{
		Use:   "agencysim-viz [SCENARIO | --compare A B | --compare SWEEP:ARM1,ARM2]",
		Short: "Watch a synthetic city under inter-agency policies, change policies live, compare two side by side",
		Example: `  agencysim-viz                                   # the bundled baseline
  agencysim-viz task-force-287g                   # a bundled scenario, or a YAML file
  agencysim-viz --compare baseline never-honor    # two policies, same crimes
  agencysim-viz --compare policy-comparison:baseline,jail_287g
  agencysim-viz --frames 600 --speed 100 --screenshot city.png   # scripted, no human
  agencysim-viz --save-timeline workshop.yaml     # keep the session's toggles as a scenario`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.MaximumNArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			switch {
			case compare:
				opt.Compare = args
				if len(args) == 0 {
					return inputErr{fmt.Errorf("--compare needs two scenarios or SWEEP:ARM1,ARM2")}
				}
			case len(args) == 2:
				return inputErr{fmt.Errorf("two scenarios given (%s, %s): use --compare to show them side by side", args[0], args[1])}
			case len(args) == 1:
				opt.Scenario = args[0]
			}
			g, err := viz.Prepare(opt)
			if err != nil {
				return inputErr{err}
			}
			if err := viz.Play(g, opt); err != nil {
				return runErr{err}
			}
			return nil
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return inputErr{err} })
	f := cmd.Flags()
	f.BoolVar(&compare, "compare", false, "show two scenarios (or two arms of a sweep: SWEEP:ARM1,ARM2) side by side, with the same crimes")
	f.StringArrayVar(&opt.Set, "set", nil, "override a scenario key: path=value (repeatable)")
	f.Uint64Var(&opt.Replication, "replication", 0, "replication: selects the random streams")
	f.Float64Var(&opt.Speed, "speed", 3, "simulated hours per second: 1, 3, 10, 30, 100, 300 or 1000")
	f.StringVar(&opt.Group, "group", "undocumented", "whose trust colours the map: citizen, lawful_noncitizen or undocumented")
	f.StringVar(&opt.Script, "script", "", `scripted policy changes: "day=30:policies.detainers=never;day=60:agreements.g287.model=task_force"`)
	f.Float64Var(&opt.StartDay, "start-day", 0, "run the model to this day before the first frame")
	f.IntVar(&opt.Frames, "frames", 0, "stop after N frames (scripted runs)")
	f.StringVar(&opt.Screenshot, "screenshot", "", "save the last frame as this PNG (with --frames)")
	f.StringVar(&opt.Record, "record", "", "save every --every-th frame as PNG into this folder")
	f.IntVar(&opt.Every, "every", 10, "with --record: save one frame in this many")
	f.StringVar(&opt.SaveTimeline, "save-timeline", "", "on exit, write the session's live policy changes as a scenario file")
	f.IntVar(&opt.BenchFrames, "bench-frames", 0, "measure this many frames after a warm-up and print frame time and allocations")
	opt.Stdout, opt.Stderr = os.Stdout, os.Stderr
	// Exit codes as agencysim's (see its --help): 1 when the visual mode
	// fails while running, 2 for bad usage or input (every error cobra
	// returns while parsing the command line, and every scenario that does
	// not load). SIGINT and SIGTERM end the window with the signal's
	// default action, which a shell reports as 130 and 143.
	if err := cmd.Execute(); err != nil {
		lines := strings.Split(err.Error(), "\n")
		for i, l := range lines {
			lines[i] = safetext.Escape(l) // user text cannot drive the terminal
		}
		fmt.Fprintln(os.Stderr, "agencysim-viz:", strings.Join(lines, "\n"))
		if _, ok := err.(runErr); ok {
			os.Exit(1)
		}
		os.Exit(2)
	}
}

// inputErr marks a problem with the command line or the scenario.
type inputErr struct{ error }

// runErr marks a failure of the visual mode itself.
type runErr struct{ error }
