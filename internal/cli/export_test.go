package cli

import "github.com/agencysim/agencysim/agents"

// SetRunHook sets the function RunOne calls before each simulated month
// (to make a run panic in tests) and returns a function that removes it.
func SetRunHook(f func(*agents.Model)) func() {
	runHook = f
	return func() { runHook = nil }
}
