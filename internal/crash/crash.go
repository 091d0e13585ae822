// Package crash turns a recovered panic into an error that says plainly
// that the program has a bug, keeping the stack trace apart so that a
// command can print it only when asked (agencysim --debug).
//
// A panic is a defect of agencysim, never the user's fault: the message
// asks for a report, and the exit status of a command that hits one is 1.
package crash

import (
	"fmt"
	"runtime/debug"
)

// Error is a recovered panic: its value and the stack of the goroutine
// that panicked.
type Error struct {
	Value any
	Stack []byte
}

func (e *Error) Error() string {
	return fmt.Sprintf("internal error (a bug in agencysim, please report it): panic: %v", e.Value)
}

// FromPanic returns the *Error for a value returned by recover(), with the
// current stack; call it in the deferred function that recovered.
func FromPanic(v any) *Error {
	return &Error{Value: v, Stack: debug.Stack()}
}
