//go:build js

package main

import (
	"flag"
	"fmt"
	"io"
	"syscall/js"
)

// parseAndPlay reads the arguments the page gives (see web/index.html)
// with the standard library's flag package and plays the view.
func parseAndPlay(c *command, args []string, _, stderr io.Writer) error {
	fs := flag.NewFlagSet("agencysim-viz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	declare(stdFlags{fs}, c)
	if err := fs.Parse(args); err != nil {
		return inputErr{err}
	}
	// A scenario file the user opened on the page: its name and text in
	// the global agencysimScenario (see web/index.html).
	if f := js.Global().Get("agencysimScenario"); f.Type() == js.TypeObject && !c.compare {
		c.opt.ScenarioText = []byte(f.Get("text").String())
		return c.play([]string{f.Get("name").String()})
	}
	return c.play(fs.Args())
}

// stdFlags is the standard library's flag set as a [flagSet].
type stdFlags struct{ *flag.FlagSet }

func (f stdFlags) StringsVar(p *[]string, name, usage string) { f.Var((*repeated)(p), name, usage) }

// repeated is a repeatable string flag.
type repeated []string

func (s *repeated) String() string     { return fmt.Sprint([]string(*s)) }
func (s *repeated) Set(v string) error { *s = append(*s, v); return nil }
