// Command agencysim is the headless simulator: it runs scenarios and
// prints or writes their outcomes. It never imports the visual mode, so it
// builds with CGO_ENABLED=0 and runs on machines without a display.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/agencysim/agencysim/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Environ: os.Environ(), Ctx: ctx})
	stop()
	os.Exit(code)
}
