package crash_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/crash"
)

func panicky() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("run 3: %w", crash.FromPanic(r))
		}
	}()
	var m map[string]int
	m["x"] = 1 // a nil-map write panics
	return nil
}

func TestFromPanicKeepsTheStackApart(t *testing.T) {
	err := panicky()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "internal error (a bug in agencysim")
	assert.Contains(t, err.Error(), "assignment to entry in nil map")
	assert.NotContains(t, err.Error(), "goroutine", "the message holds no stack trace")
	var ce *crash.Error
	require.True(t, errors.As(err, &ce))
	assert.True(t, strings.Contains(string(ce.Stack), "panicky"), "the stack names the function that panicked")
}
