package runner

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
)

// lockHelperEnv makes the test binary a process that holds the lock of a
// folder until its standard input closes (or it is killed).
const lockHelperEnv = "AGENCYSIM_TEST_HOLD_LOCK"

func TestMain(m *testing.M) {
	if dir := os.Getenv(lockHelperEnv); dir != "" {
		l, err := lockFolder(dir)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		fmt.Println("locked")
		bufio.NewReader(os.Stdin).ReadString('\n')
		l.unlock()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// holdLock starts a process that holds dir's lock; kill it or close its
// input to let go.
func holdLock(t *testing.T, dir string) (*exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+dir)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, _ := bufio.NewReader(out).ReadString('\n')
	require.Equal(t, "locked\n", line)
	var once sync.Once
	release := func() {
		once.Do(func() {
			in.Close()
			cmd.Wait()
		})
	}
	t.Cleanup(func() { cmd.Process.Kill(); release() })
	return cmd, release
}

func TestASecondWriterStopsAtOnceNamingTheHolder(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	dir := t.TempDir()
	execute(t, plan, Options{Out: dir})
	shard := t.TempDir()
	_, err := Execute(context.Background(), plan, Options{Out: shard, Shard: Shard{0, 2}})
	require.NoError(t, err)
	cmd, release := holdLock(t, dir)

	for name, run := range map[string]func() error{
		"sweep": func() error { _, err := Execute(context.Background(), plan, Options{Out: dir}); return err },
		"merge": func() error { return Merge(dir, []string{shard}, &recorder{}) },
		"merge from a shard being written": func() error {
			return Merge(t.TempDir(), []string{dir}, &recorder{})
		},
	} {
		start := time.Now()
		err := run()
		var busy *BusyError
		require.ErrorAs(t, err, &busy, name)
		assert.True(t, busy.Input(), name)
		assert.Less(t, time.Since(start), 5*time.Second, "%s stops at once", name)
		if name == "merge" {
			continue // its shard folder is not one
		}
		require.NotNil(t, busy.Holder, name)
		assert.Equal(t, cmd.Process.Pid, busy.Holder.PID)
		host, _ := os.Hostname()
		assert.Equal(t, host, busy.Holder.Host)
		assert.Contains(t, err.Error(), fmt.Sprintf("is in use by process %d on %s, started ", cmd.Process.Pid, host))
		assert.Contains(t, err.Error(), "runner.test")
	}
	release()
	_, err = Execute(context.Background(), plan, Options{Out: dir})
	assert.NoError(t, err, "free again")
	_, err = os.Stat(filepath.Join(dir, LockFile))
	assert.ErrorIs(t, err, os.ErrNotExist, "the holder removes the lock file")
}

func TestAStaleLockIsTakenOver(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sweeptest.TwoArms)
	// The holder is killed: the lock file it wrote stays, its lock does not.
	dir := t.TempDir()
	cmd, _ := holdLock(t, dir)
	require.NoError(t, cmd.Process.Kill())
	cmd.Wait()
	require.FileExists(t, filepath.Join(dir, LockFile))
	r, err := Execute(context.Background(), plan, Options{Out: dir})
	require.NoError(t, err)
	assert.Equal(t, 8, r.Done)

	// A lock file naming a process that is gone.
	dir2 := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir2, LockFile), []byte(`{"pid": 999999999, "host": "elsewhere", "command": "agencysim sweep"}`), 0o644))
	_, err = Execute(context.Background(), plan, Options{Out: dir2})
	assert.NoError(t, err)
}

// The runner builds for the browser (the visual mode needs only package
// sweep, but nothing here may stop a js build) and its portable lock vets
// on a system without flock.
func TestRunnerBuildsForWebAssemblyAndWindows(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	cmd = exec.Command("go", "vet", ".")
	cmd.Env = append(os.Environ(), "GOOS=windows")
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "the portable lock: "+strings.TrimSpace(string(out)))
}
