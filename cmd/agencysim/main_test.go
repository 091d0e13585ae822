package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The headless binary must run on cluster nodes without a display: it must
// not depend on ebiten (which needs cgo and X11) and must build without cgo.
func TestHeadlessBinaryHasNoEbitenAndNoCgo(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	list := exec.Command("go", "list", "-deps", ".")
	list.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := list.CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/agencysim/agencysim/agents")
	for _, dep := range deps {
		assert.NotContains(t, dep, "ebiten", "the headless command must not import the visual mode")
		assert.NotContains(t, dep, "agencysim/viz", "the headless command must not import the visual mode")
	}

	bin := filepath.Join(t.TempDir(), "agencysim")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err = build.CombinedOutput()
	require.NoError(t, err, string(out))
	run := exec.Command(bin, "run", "--days", "14", "--format", "csv")
	run.Env = append(os.Environ(), "DISPLAY=")
	out, err = run.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "crimes.occurred")
}

// The visual mode (and its WebAssembly build) imports only the sweep file's
// package of the sweep code: none of what the outputs need (Parquet,
// plots, protobuf) nor the progress bar.
func TestTheVisualModeImportsOnlyTheSweepFile(t *testing.T) {
	t.Parallel()
	for _, goos := range []string{"", "js"} {
		list := exec.Command("go", "list", "-deps", "../agencysim-viz")
		list.Env = os.Environ()
		if goos == "js" {
			list.Env = append(list.Env, "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
		}
		out, err := list.CombinedOutput()
		require.NoError(t, err, string(out))
		deps := strings.Fields(string(out))
		require.Contains(t, deps, "github.com/agencysim/agencysim/sweep", goos)
		banned := []string{"parquet-go", "gonum.org/v1/plot", "progressbar", "protobuf", "agencysim/sweep/"}
		if goos == "js" {
			// In the browser, neither the command line's nor the files'
			// readers, nor the statistics: they weigh megabytes.
			banned = append(banned, "spf13/cobra", "spf13/viper", "gonum.org", "net/http", "crypto/tls")
		}
		for _, dep := range deps {
			for _, banned := range banned {
				assert.NotContains(t, dep, banned, "GOOS=%s: the visual mode imports %s", goos, dep)
			}
		}
	}
}
