//go:build !js

package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/version"
)

var update = flag.Bool("update", false, "rewrite viz/internal/display/help.txt")

// helpFile is the --help text the command prints without a display (it
// cannot start cobra before Ebitengine's init panics).
const helpFile = "../../viz/internal/display/help.txt"

func TestHelpTextWithoutDisplayIsCurrent(t *testing.T) {
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"--help"}, &out, &errb), errb.String())
	if *update {
		require.NoError(t, os.WriteFile(helpFile, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(helpFile)
	require.NoError(t, err)
	assert.Equal(t, string(want), out.String(), "run: go test ./cmd/agencysim-viz -run Help -update")
	assert.Contains(t, out.String(), "--fullscreen")
}

// --help and --version print their text with DISPLAY unset, and exit 0.
func TestHelpAndVersionWithoutDisplay(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "agencysim-viz")
	b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(b))
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DISPLAY=") && !strings.HasPrefix(e, "WAYLAND_DISPLAY=") {
			env = append(env, e)
		}
	}
	want, err := os.ReadFile(helpFile)
	require.NoError(t, err)
	for _, c := range []struct{ arg, want string }{
		{"--help", string(want)},
		{"-h", string(want)},
		{"--version", "agencysim-viz version "},
	} {
		cmd := exec.Command(bin, c.arg)
		cmd.Env = env
		out, err := cmd.Output()
		require.NoError(t, err, c.arg)
		assert.Contains(t, string(out), c.want, c.arg)
	}
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"--version"}, &out, &errb))
	assert.Equal(t, "agencysim-viz version "+version.String()+"\n", out.String())
}
