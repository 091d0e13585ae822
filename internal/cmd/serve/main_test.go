package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunNeedsABuiltSite(t *testing.T) {
	t.Parallel()
	err := run(t.TempDir(), "127.0.0.1:0")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "make web")
}

func TestDisplayAddr(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "localhost:8080", displayAddr("0.0.0.0:8080"))
	assert.Equal(t, "localhost:8080", displayAddr("[::]:8080"))
	assert.Equal(t, "127.0.0.1:9000", displayAddr("127.0.0.1:9000"))
}
