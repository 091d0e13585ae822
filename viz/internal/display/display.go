//go:build (linux || freebsd || netbsd || openbsd) && !android

// Package display stops a program that uses package viz (agencysim-viz,
// viz's tests) with a clear message when there is no display to open a
// window on.
//
// Ebitengine opens its window system while its packages are initialized,
// before main runs, and panics with a GLFW error if that fails (exit code
// 2, like a bad flag). This package has no dependencies outside the
// standard library and its import path sorts before Ebitengine's, so Go
// initializes it first (packages are initialized in import-path order once
// their own imports are) and it can explain what to do instead. viz imports
// it for that side effect alone.
package display

import (
	_ "embed"
	"fmt"
	"os"

	"github.com/agencysim/agencysim/internal/version"
)

// help is agencysim-viz's --help text, as cobra writes it; a test in
// cmd/agencysim-viz checks that it is current (go test
// ./cmd/agencysim-viz -run Help -update rewrites it).
//
//go:embed help.txt
var help string

func init() {
	if os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "" {
		return
	}
	// Help and the version need no window, but Ebitengine panics at init
	// without a display: they are answered here, before it starts.
	switch asksForText(os.Args[1:]) {
	case "help":
		fmt.Print(help)
		os.Exit(0)
	case "version":
		fmt.Println("agencysim-viz version " + version.String())
		os.Exit(0)
	}
	fmt.Fprint(os.Stderr, `agencysim-viz: no display (DISPLAY is not set): the visual mode opens a window.
Run it in a desktop session, or on a virtual display for scripted runs and tests:
  xvfb-run -a agencysim-viz --frames 600 --screenshot city.png
  xvfb-run -a go test ./viz/... ./cmd/agencysim-viz/...     (make test does this)
The headless 'agencysim' command needs no display.
`)
	os.Exit(1)
}

// asksForText returns "help" or "version" if the command line asks for
// that text, as cobra reads it (help first), else "".
func asksForText(args []string) string {
	ask := ""
	for _, a := range args {
		switch a {
		case "-h", "--help":
			return "help"
		case "--version":
			ask = "version"
		case "--":
			return ask
		}
	}
	return ask
}
