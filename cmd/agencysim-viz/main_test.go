package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The rendering tests are in package viz; these check the command's
// start-up, which needs a built binary and, for the second, a display.

var bin string

func TestMain(m *testing.M) {
	if os.Getenv("DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "agencysim-viz tests open a window and need a display: run them under xvfb-run -a (make test does)")
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "agencysim-viz-test")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "agencysim-viz")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building agencysim-viz: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func run(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), errb.String()
	}
	require.NoError(t, err)
	return 0, errb.String()
}

// Without a display the command says what to do, instead of the GLFW
// panic Ebitengine ends in (which also exits with 2, like a bad flag).
func TestNoDisplayIsExplained(t *testing.T) {
	var env []string
	for _, e := range os.Environ() {
		if len(e) < 8 || (e[:8] != "DISPLAY=" && (len(e) < 16 || e[:16] != "WAYLAND_DISPLAY=")) {
			env = append(env, e)
		}
	}
	code, stderr := run(t, env, "--group", "citizen")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no display")
	assert.Contains(t, stderr, "xvfb-run -a agencysim-viz --frames")
	assert.NotContains(t, stderr, "panic")
}

// With a display, input errors name the bad value and exit with 2.
func TestBadInputExitsWith2(t *testing.T) {
	code, stderr := run(t, os.Environ(), "--group", "aliens")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `--group "aliens"`)
	assert.Contains(t, stderr, "citizen, lawful_noncitizen, undocumented")

	code, stderr = run(t, os.Environ(), "a.yaml", "b.yaml")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "use --compare")
}
