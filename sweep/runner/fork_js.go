//go:build js

package runner

import (
	"context"
	"errors"

	"github.com/agencysim/agencysim/scenarios"
)

var errNoFork = errors.New("runner: sweeps with fork_day are not available in the browser build")

// forkGroup refuses fork_day in the browser build, which leaves it out.
func (x *executor) forkGroup(context.Context, []job) error {
	return errNoFork
}

func (x *executor) forkBase(int) (*scenarios.Loaded, error) { return nil, errNoFork }
