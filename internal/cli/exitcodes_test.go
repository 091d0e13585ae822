package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/cli"
)

// A short sweep for the in-process tests: 2 arms × 2 replications of a
// month.
const tinySweep = "name: tiny\nbase: baseline\ndays: 30\nreplications: 2\narms:\n  a: {}\n  b: {policies.detainers: never}\n"

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

// Every usage error and every missing or bad input exits 2, for every
// command: cobra's own errors (unknown command or flag, wrong number of
// arguments, a flag value of the wrong type) as well as the commands'.
func TestEveryUsageAndInputErrorExits2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sweep := writeFile(t, dir, "sweep.yaml", tinySweep)
	missing := filepath.Join(dir, "missing.yaml")
	missingDir := filepath.Join(dir, "no-such-results")
	emptyDir := t.TempDir()
	badScenario := writeFile(t, dir, "bad.yaml", "name: x\npolicies: {detainers: maybe}\n")
	usage := [][]string{
		// unknown commands, mistyped or in the wrong case
		{"rn"}, {"sweeep", sweep}, {"Run"}, {"help", "nosuch"}, {"completion", "bash"},
		{"version", "x"}, {"scenarios", "extra"},
		// missing and extra arguments
		{"validate"}, {"report"}, {"merge", "--out", dir}, {"sweep"}, {"sweep", "--out", dir},
		{"run", "a", "b"}, {"schema", "a", "b"}, {"report", dir, dir}, {"check-model", "a", "b"},
		{"sweep", sweep, sweep, "--out", dir}, {"sweep", "--list-metrics", sweep},
		// unknown flags, on every command
		{"--bogus"}, {"run", "--no-such-flag"}, {"sweep", sweep, "--out", dir, "--bogus"}, {"report", dir, "--x"},
		{"merge", "--x"}, {"validate", "baseline", "--x"}, {"check-model", "--x"}, {"schema", "--x"},
		{"version", "--x"}, {"scenarios", "--x"},
		{"run", "--seed", "abc"}, {"run", "--days", "soon"}, {"run", "--replication", "-1"},
		{"sweep", sweep, "--out", dir, "--workers", "many"},
	}
	for _, args := range usage { // the message says where to read more
		_, errs, _ := agencysim(t, nil, args...)
		assert.Contains(t, errs, "--help", "agencysim %s", strings.Join(args, " "))
	}
	cases := append(usage, [][]string{
		// flag values out of range
		{"run", "--format", "xml"}, {"check-model", "--format", "xml"},
		{"sweep", sweep, "--out", dir, "--shard", "3/3"},
		{"sweep", sweep, "--out", dir, "--shard", "x"},
		{"check-model", "--replications", "1"}, {"check-model", "--replications", "10001"},
		// missing files and folders
		{"run", missing}, {"validate", missing}, {"validate", "baseline", missing}, {"check-model", missing},
		{"sweep", missing, "--out", filepath.Join(dir, "o1")}, {"report", missingDir}, {"report", emptyDir},
		{"merge", "--out", filepath.Join(dir, "m"), missingDir}, {"merge", "--out", filepath.Join(dir, "m"), emptyDir},
		{"run", "--from", missingDir, "--run", "a.p0000.r00000"}, {"run", dir}, {"sweep", dir, "--out", filepath.Join(dir, "o2")},
		// bad input in a file or an override
		{"run", badScenario}, {"validate", badScenario}, {"check-model", badScenario},
		{"run", "--set", "bad"}, {"validate", "baseline", "--set", "bad"}, {"check-model", "--set", "bad"},
		{"sweep", sweep, "--out", filepath.Join(dir, "o3"), "--set", "bad"},
		{"run", "--set", "policies.detainers=sometimes"}, {"run", "--set", "no.such.key=1"},
		{"run", "--days", "-5"}, {"run", "--days", "NaN"}, {"run", "--days", "0"},
		{"scenarios", "--show", "nosuch"}, {"schema", "city"},
		// options that do not go together, or are missing
		{"run", "--from", dir}, {"run", "--run", "a.p0000.r00000"}, {"run", "baseline", "--from", dir, "--run", "x"},
		{"sweep", sweep}, {"merge", dir},
	}...)
	for _, args := range cases {
		_, errs, code := agencysim(t, nil, args...)
		assert.Equal(t, cli.ExitInput, code, "agencysim %s: %s", strings.Join(args, " "), errs)
		assert.Contains(t, errs, "agencysim: ", "agencysim %s: a message on stderr", strings.Join(args, " "))
	}
}

// The workers flag accepts 0 (one per core) or 1 to the documented
// maximum, on every command that has it.
func TestWorkersAreLimited(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sweep := writeFile(t, dir, "sweep.yaml", tinySweep)
	for _, w := range []string{"-1", "-1000", "257", "1000000", "9223372036854775807"} {
		_, errs, code := agencysim(t, nil, "sweep", sweep, "--out", filepath.Join(dir, "o"), "--workers", w)
		assert.Equal(t, cli.ExitInput, code, "sweep --workers %s", w)
		_, errs2, code := agencysim(t, nil, "check-model", "--workers", w)
		assert.Equal(t, cli.ExitInput, code, "check-model --workers %s", w)
		if w != "9223372036854775807" { // out of int range on some systems: pflag's message
			assert.Contains(t, errs, "allowed: 0 (one per core) or 1 to 256")
			assert.Contains(t, errs2, "allowed: 0 (one per core) or 1 to 256")
		}
	}
	_, err := os.Stat(filepath.Join(dir, "o"))
	assert.True(t, os.IsNotExist(err), "nothing is written for a rejected command line")
	for _, w := range []string{"0", "1", "3"} {
		_, errs, code := agencysim(t, nil, "sweep", sweep, "--out", filepath.Join(dir, "w"+w), "--workers", w, "--quiet")
		assert.Equal(t, cli.ExitOK, code, "--workers %s: %s", w, errs)
	}
	assert.Equal(t, 256, cli.MaxWorkers)
}

func TestSuccessExits0(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"version"}, {"--version"}, {"--help"}, {"help"}, {"help", "run"}, {"run", "--help"}, {"scenarios"},
		{"scenarios", "--show", "baseline"}, {"schema"}, {"schema", "sweep"}, {"schema", "search"}, {"validate", "baseline", "never-honor"},
		{"sweep", "--list-metrics"},
	} {
		_, errs, code := agencysim(t, nil, args...)
		assert.Equal(t, cli.ExitOK, code, "agencysim %s: %s", strings.Join(args, " "), errs)
	}
	out, _, _ := agencysim(t, nil, "--help")
	for _, want := range []string{"Exit status:", "0    success", "1    some runs failed", "2    bad input or usage", "130  stopped by SIGINT", "143  stopped by SIGTERM"} {
		assert.Contains(t, out, want, "--help documents the exit codes")
	}
}

// An output that cannot be written is a failure (1), not bad input.
func TestWriteFailureExits1(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := writeFile(t, dir, "a-file", "x")
	_, errs, code := agencysim(t, nil, "run", "--days", "7", "--out", filepath.Join(file, "sub"))
	assert.Equal(t, cli.ExitFailure, code, errs)
	assert.Contains(t, errs, "not a directory")
}

// A panic in the model is an internal error: a clear message and exit
// code 1, the stack trace only when asked for. Not parallel: it sets the
// package's run hook, which every run would call.
func TestPanicIsAnInternalError(t *testing.T) {
	defer cli.SetRunHook(func(m *agents.Model) {
		if m.Now() > 24*30 {
			var p *struct{ x int }
			_ = p.x // a nil pointer dereference, as a model bug would
		}
	})()
	for _, args := range [][]string{{"run", "--days", "90"}, {"run", "--days", "90", "--format", "json", "--out", t.TempDir()}} {
		out, errs, code := agencysim(t, nil, args...)
		assert.Equal(t, cli.ExitFailure, code)
		assert.Empty(t, out)
		assert.Contains(t, errs, "agencysim: internal error (a bug in agencysim, please report it): panic: runtime error: invalid memory address or nil pointer dereference")
		assert.Contains(t, errs, "with --debug")
		assert.NotContains(t, errs, "goroutine ", "no stack trace unless asked")
	}
	_, errs, code := agencysim(t, nil, "run", "--days", "90", "--debug")
	assert.Equal(t, cli.ExitFailure, code)
	assert.Contains(t, errs, "internal error")
	assert.Contains(t, errs, "goroutine ", "the stack trace with --debug")
	assert.Contains(t, errs, "cli.RunOne")
}

func stoppedBy(sig os.Signal) context.Context {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cli.Signal{Sig: sig})
	return ctx
}

// A command stopped by a signal exits 128 + its number: 130 for SIGINT,
// 143 for SIGTERM (the end-to-end tests send real signals).
func TestSignalsExit130And143(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sweep := writeFile(t, dir, "sweep.yaml", tinySweep)
	for sig, want := range map[os.Signal]int{os.Interrupt: cli.ExitSIGINT, syscall.SIGTERM: cli.ExitSIGTERM} {
		for i, args := range [][]string{
			{"run", "--days", "400"},
			{"sweep", sweep, "--out", filepath.Join(dir, "s"+strings.ReplaceAll(sig.String(), " ", "")), "--quiet"},
			{"check-model", "--replications", "2"},
			{"version"}, // a command that finished when the signal came
		} {
			var out, errb bytes.Buffer
			code := cli.Main(args, cli.Env{Stdout: &out, Stderr: &errb, Ctx: stoppedBy(sig)})
			assert.Equal(t, want, code, "%v: %v: %s", sig, args, errb.String())
			if i < 3 {
				assert.Contains(t, errb.String(), "interrupted", "%v", args)
			}
		}
	}
	assert.Equal(t, 143, cli.Signal{Sig: syscall.SIGTERM}.ExitCode())
	assert.Equal(t, 130, cli.Signal{Sig: os.Interrupt}.ExitCode())
	assert.Equal(t, 129, cli.Signal{Sig: syscall.SIGHUP}.ExitCode())
}

// User text in messages (paths, values, names) is printed with its control
// characters escaped: ESC[2J in a name cannot clear the screen.
func TestUserTextIsEscapedWhenPrinted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	esc := "\x1b[2J\x1b[31m"
	noControl := func(args []string, s string) {
		t.Helper()
		assert.NotContains(t, s, "\x1b", "agencysim %q printed a raw ESC: %q", args, s)
		assert.NotContains(t, s, "\u202e", "agencysim %q printed a raw bidi override", args)
	}
	sweep := writeFile(t, dir, "sweep.yaml", tinySweep)
	named := writeFile(t, dir, "named.yaml", "name: \"evil"+`\e[2J`+"\"\n")
	cases := [][]string{
		{"run", filepath.Join(dir, "missing"+esc+".yaml")},
		{"validate", filepath.Join(dir, "x\u202egnp.yaml")},
		{"validate", "baseline", "--set", "policies.detainers=" + esc},
		{"validate", "baseline", "--set", "policies.detain" + esc + "ers=never"},
		{"run", "--set", "name=" + esc, "--days", "7"},
		{"validate", named},
		{"run", named, "--days", "7"},
		{"report", filepath.Join(dir, "no"+esc)},
		{"run", "--days", "7", "--out", filepath.Join(dir, "out"+esc)},
		{"sweep", sweep, "--out", filepath.Join(dir, "shard"+esc), "--shard", "0/2"},
		{"sweep", sweep, "--set", "arms.a" + esc + "=1", "--out", filepath.Join(dir, "o")},
		{"scenarios", "--show", esc},
		{"help", esc},
		{esc},
	}
	for _, args := range cases {
		out, errs, _ := agencysim(t, nil, args...)
		noControl(args, out)
		noControl(args, errs)
	}
	_, errs, _ := agencysim(t, nil, "run", filepath.Join(dir, "missing"+esc+".yaml"))
	assert.Contains(t, errs, `missing\x1b[2J\x1b[31m.yaml`, "the escape is shown, not dropped")
}
