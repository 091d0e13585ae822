package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// binary is the agencysim command built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "agencysim-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "agencysim")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		panic("building agencysim: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func agencysim(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return out.String(), code
}

// The sweep used by the end-to-end tests: 3 arms × 12 replications of a
// short year, long enough to be interrupted part-way.
const e2eSweep = `name: e2e
base: baseline
days: 150
replications: 12
arms:
  baseline: {}
  jail: {agreements.g287.model: jail_enforcement}
  never: {policies.detainers: never}
`

func sweepFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sweep.yaml")
	require.NoError(t, os.WriteFile(p, []byte(e2eSweep), 0o644))
	return p
}

// finished counts the run records in a results folder.
func finished(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "runs", "*.json.gz"))
	return len(m)
}

// A sweep killed with SIGKILL part-way and run again gives the same outputs
// as an uninterrupted one.
func TestSweepSurvivesKill9(t *testing.T) {
	t.Parallel()
	sw := sweepFile(t)
	whole := filepath.Join(t.TempDir(), "whole")
	out, code := agencysim(t, "sweep", sw, "--out", whole, "--quiet")
	require.Equal(t, 0, code, out)

	dir := filepath.Join(t.TempDir(), "killed")
	cmd := exec.Command(binary, "sweep", sw, "--out", dir, "--quiet")
	require.NoError(t, cmd.Start())
	deadline := time.Now().Add(60 * time.Second)
	for finished(dir) < 5 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	cmd.Wait()
	n := finished(dir)
	require.Less(t, n, 36, "killed before the end")
	require.GreaterOrEqual(t, n, 5)

	out, code = agencysim(t, "sweep", sw, "--out", dir)
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "resumed:")
	assert.Contains(t, out, "Report: "+filepath.Join(dir, "report.html"))
	sameResults(t, whole, dir)
}

// Ctrl-C (SIGINT) and SIGTERM stop a sweep cleanly with exit code 130 and
// 143 (128 + the signal's number) and a message saying how to resume.
func TestSweepStopsOnSignal(t *testing.T) {
	t.Parallel()
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		sw := sweepFile(t)
		dir := filepath.Join(t.TempDir(), "out")
		cmd := exec.Command(binary, "sweep", sw, "--out", dir)
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		require.NoError(t, cmd.Start())
		deadline := time.Now().Add(60 * time.Second)
		for finished(dir) < 3 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		require.NoError(t, cmd.Process.Signal(sig))
		err := cmd.Wait()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, buf.String())
		assert.Equal(t, want, ee.ExitCode(), "%v: %s", sig, buf.String())
		assert.Contains(t, buf.String(), "run the same command again to resume")
		tmp, _ := filepath.Glob(filepath.Join(dir, "runs", ".*tmp*"))
		assert.Empty(t, tmp, "no half-written files")
	}
}

// A single run stops on a signal too, with the same exit codes, and writes
// nothing.
func TestRunStopsOnSignal(t *testing.T) {
	t.Parallel()
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		dir := filepath.Join(t.TempDir(), "out")
		// Ten simulated years: far longer than the wait below.
		cmd := exec.Command(binary, "run", "--days", "3650", "--out", dir)
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		require.NoError(t, cmd.Start())
		// Signal only once the command catches the signal: sent earlier (a
		// loaded machine), it would kill the process by the default action.
		waitRunning(t, cmd.Process.Pid)
		require.NoError(t, cmd.Process.Signal(sig))
		err := cmd.Wait()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, buf.String())
		assert.Equal(t, want, ee.ExitCode(), "%v: %s", sig, buf.String())
		assert.Contains(t, buf.String(), "interrupted")
		_, err = os.Stat(dir)
		assert.True(t, os.IsNotExist(err), "nothing written")
	}
}

// waitRunning waits until process pid has used a tenth of a second of CPU
// (Linux: /proc/PID/stat), for at most a minute: by then its main has long
// installed its signal handler (the first thing it does), however loaded
// the machine, so sig reaches the handler, not the default action.
func waitRunning(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		require.NoError(t, err)
		// Fields after the command name in parentheses: state is field 3,
		// utime and stime fields 14 and 15 (clock ticks of 10 ms).
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		ut, err1 := strconv.Atoi(f[11])
		st, err2 := strconv.Atoi(f[12])
		require.NoError(t, errors.Join(err1, err2))
		if ut+st >= 10 {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("process %d has not run for a tenth of a second of CPU in a minute", pid)
}

// Usage errors and missing files exit 2 from the binary too.
func TestUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"rn"}, {"validate"}, {"run", "no-such-file.yaml"}, {"sweep", "no-such.yaml", "--out", t.TempDir()}, {"--bogus"}, {"run", "a", "b"}} {
		out, code := agencysim(t, args...)
		assert.Equal(t, 2, code, "%v: %s", args, out)
	}
}

// Three shards run as separate processes and merged equal the single-machine
// sweep.
func TestShardsAsProcessesMerge(t *testing.T) {
	t.Parallel()
	sw := sweepFile(t)
	base := t.TempDir()
	whole := filepath.Join(base, "whole")
	out, code := agencysim(t, "sweep", sw, "--out", whole, "--quiet")
	require.Equal(t, 0, code, out)

	var cmds []*exec.Cmd
	var dirs []string
	for i := range 3 {
		d := filepath.Join(base, "shard", string(rune('a'+i)))
		dirs = append(dirs, d)
		c := exec.Command(binary, "sweep", sw, "--out", d, "--shard", string(rune('0'+i))+"/3", "--quiet")
		require.NoError(t, c.Start())
		cmds = append(cmds, c)
	}
	for _, c := range cmds {
		require.NoError(t, c.Wait())
	}
	total := 0
	for _, d := range dirs {
		total += finished(d)
	}
	assert.Equal(t, 36, total)

	merged := filepath.Join(base, "merged")
	out, code = agencysim(t, append([]string{"merge", "--out", merged}, dirs...)...)
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "Report: ")
	sameResults(t, whole, merged)
}

// `agencysim run --from DIR --run ID` reproduces a sweep's run exactly, and
// `agencysim report DIR` rebuilds identical outputs.
func TestReproduceAndRebuild(t *testing.T) {
	t.Parallel()
	sw := sweepFile(t)
	dir := filepath.Join(t.TempDir(), "out")
	out, code := agencysim(t, "sweep", sw, "--out", dir, "--quiet")
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "Reporting rate, undocumented victims")

	out, code = agencysim(t, "run", "--from", dir, "--run", "jail.p0000.r00007", "--format", "json")
	require.Equal(t, 0, code, out)
	var fromRun, fromCSV map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &fromRun))
	// The stored record holds the same summary.
	rec := readRecordJSON(t, dir, "jail.p0000.r00007")
	require.NoError(t, json.Unmarshal(rec["summary"], &fromCSV))
	assert.Equal(t, fromCSV, fromRun)

	before, err := os.ReadFile(filepath.Join(dir, "comparisons.csv"))
	require.NoError(t, err)
	require.NoError(t, os.Remove(filepath.Join(dir, "comparisons.csv")))
	out, code = agencysim(t, "report", dir)
	require.Equal(t, 0, code, out)
	after, err := os.ReadFile(filepath.Join(dir, "comparisons.csv"))
	require.NoError(t, err)
	assert.Equal(t, before, after)

	_, code = agencysim(t, "run", "--from", dir, "--run", "nope")
	assert.Equal(t, 2, code)
}

func readRecordJSON(t *testing.T, dir, id string) map[string]json.RawMessage {
	t.Helper()
	cmd := exec.Command("gzip", "-dc", filepath.Join(dir, "runs", id+".json.gz"))
	b, err := cmd.Output()
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// sameResults compares two results folders' outputs byte for byte, the
// manifest without its times.
func sameResults(t *testing.T, a, b string) {
	t.Helper()
	for _, f := range []string{"runs.csv", "runs.parquet", "series.parquet", "series.csv.gz", "summary.csv", "comparisons.csv", "failures.csv", "report.html"} {
		x, err := os.ReadFile(filepath.Join(a, f))
		require.NoError(t, err, f)
		y, err := os.ReadFile(filepath.Join(b, f))
		require.NoError(t, err, f)
		assert.True(t, bytes.Equal(x, y), "%s differs", f)
	}
	var ma, mb map[string]any
	x, _ := os.ReadFile(filepath.Join(a, "manifest.json"))
	y, _ := os.ReadFile(filepath.Join(b, "manifest.json"))
	require.NoError(t, json.Unmarshal(x, &ma))
	require.NoError(t, json.Unmarshal(y, &mb))
	for _, k := range []string{"started", "ended"} {
		delete(ma, k)
		delete(mb, k)
	}
	assert.Equal(t, ma, mb)
	assert.True(t, strings.HasSuffix(ma["sweep"].(string), "sweep.yaml"))
}
