// Command agencysim is the headless simulator: it runs scenarios and
// prints or writes their outcomes. It never imports the visual mode, so it
// builds with CGO_ENABLED=0 and runs on machines without a display.
//
// The first SIGINT or SIGTERM asks the running command to stop (a sweep
// keeps its finished runs); the exit code is then 130 or 143. A second
// signal ends the process at once.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/agencysim/agencysim/internal/cli"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		signal.Reset(os.Interrupt, syscall.SIGTERM) // a second signal kills
		cancel(cli.Signal{Sig: s})
	}()
	code := cli.Main(os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Environ: os.Environ(), Ctx: ctx})
	os.Exit(code)
}
