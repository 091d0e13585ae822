package viz

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startViz runs the command with env and returns its exit code and stderr.
func startViz(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(vizBin, args...)
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
// panic Ebitengine ends in at init (which exits with 2, like a bad flag).
func TestNoDisplayIsExplained(t *testing.T) {
	t.Parallel()
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DISPLAY=") && !strings.HasPrefix(e, "WAYLAND_DISPLAY=") {
			env = append(env, e)
		}
	}
	code, stderr := startViz(t, env, "--group", "citizen")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "no display")
	assert.Contains(t, stderr, "xvfb-run -a agencysim-viz --frames")
	assert.NotContains(t, stderr, "panic")
}

func TestTwoScenariosNeedCompare(t *testing.T) {
	t.Parallel()
	code, stderr := startViz(t, os.Environ(), "baseline", "never-honor")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "two scenarios given (baseline, never-honor): use --compare")
}
