// Package slurm_test runs deploy/slurm's scripts on a real single-node
// Slurm cluster (Debian's slurmctld, slurmd and munge, started by the test
// in a temporary folder and stopped at its end): the sweep as a job array,
// the dependent merge, a resubmitted shard, and submissions the scripts
// must refuse. The merged outputs must equal a single-machine sweep byte
// for byte. A policy search runs too, a generation per array job
// (TestSearchOnSlurm), and must end with a single machine's front.
//
// `make test` installs the packages (make deps-cluster) and sets
// CLUSTER_TESTS=1: then a cluster that cannot start is a failure.
// Outside make test the test runs when it can start daemons (as root) and
// is skipped, saying so, otherwise.
package slurm_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clusterEnv is set by the Makefile's test target: cluster tests must run.
const clusterEnv = "CLUSTER_TESTS"

// tools are the commands the test needs, from Debian's slurmctld, slurmd,
// slurm-client and munge packages.
var tools = []string{"munged", "mungekey", "slurmctld", "slurmd", "sbatch", "scontrol", "sinfo"}

// The sweep: 3 arms × 4 replications of two months, in 3 shards.
const sweepYAML = `name: slurm-test
base: baseline
days: 60
replications: 4
arms:
  baseline: {}
  never: {policies.detainers: never}
  jail: {agreements.g287.model: jail_enforcement}
`

const shards = 3

func needCluster(t *testing.T) {
	t.Helper()
	if os.Getenv(clusterEnv) == "" && os.Geteuid() != 0 {
		t.Skipf("the Slurm test starts munged, slurmctld and slurmd and needs root: run it with make test (which sets %s=1 and installs Slurm), or as root", clusterEnv)
	}
	var missing []string
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("Slurm is not installed (no %s): make deps-cluster installs it (apt-get install slurmctld slurmd slurm-client munge)", strings.Join(missing, ", "))
	}
}

// cluster is a single-node Slurm cluster in a temporary folder.
type cluster struct {
	dir  string   // state, spool, logs, munge socket and key, slurm.conf
	env  []string // SLURM_CONF and the caller's environment
	work string   // where jobs are submitted from (and write their logs)
}

// freePort returns a TCP port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// daemon starts a program in the background and stops it when the test
// ends.
func daemon(t *testing.T, logPath string, name string, args ...string) {
	t.Helper()
	log, err := os.Create(logPath)
	require.NoError(t, err)
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = log, log
	require.NoError(t, cmd.Start(), name)
	done := make(chan struct{})
	go func() { cmd.Wait(); log.Close(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
}

// waitFor polls cond every 100 ms until it holds or the limit passes.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not the case after %s: %s", what, limit, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// startCluster starts munged, slurmctld and slurmd. The node has the
// machine's CPUs and 2 GB of memory: a small node, which the template's
// default requests must fit.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	dir, err := os.MkdirTemp("", "agencysim-slurm-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range []string{"state", "spool", "log", "work"} {
		require.NoError(t, os.Mkdir(filepath.Join(dir, d), 0o755))
	}
	c := &cluster{dir: dir, work: filepath.Join(dir, "work")}

	key, sock := filepath.Join(dir, "munge.key"), filepath.Join(dir, "munge.sock")
	out, err := exec.Command("mungekey", "--create", "--keyfile="+key).CombinedOutput()
	require.NoError(t, err, "mungekey: %s", out)
	daemon(t, filepath.Join(dir, "log", "munged.out"), "munged", "--foreground", "--force",
		"--key-file="+key, "--socket="+sock, "--pid-file="+filepath.Join(dir, "munged.pid"),
		"--seed-file="+filepath.Join(dir, "munged.seed"), "--log-file="+filepath.Join(dir, "log", "munged.log"))
	waitFor(t, 20*time.Second, "munged's socket", func() (bool, string) {
		_, err := os.Stat(sock)
		return err == nil, c.logs()
	})

	host, err := os.Hostname()
	require.NoError(t, err)
	host, _, _ = strings.Cut(host, ".")
	node := nodeLine(t, host)
	conf := filepath.Join(dir, "slurm.conf")
	require.NoError(t, os.WriteFile(conf, []byte(fmt.Sprintf(`# A single-node cluster for deploy/slurm's test.
ClusterName=agencysim-test
SlurmctldHost=%[1]s(127.0.0.1)
SlurmctldPort=%[2]d
SlurmdPort=%[3]d
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=%[4]s
CredType=cred/munge
StateSaveLocation=%[5]s/state
SlurmdSpoolDir=%[5]s/spool
SlurmctldPidFile=%[5]s/slurmctld.pid
SlurmdPidFile=%[5]s/slurmd.pid
SlurmctldLogFile=%[5]s/log/slurmctld.log
SlurmdLogFile=%[5]s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=600
%[6]s
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`, host, freePort(t), freePort(t), sock, dir, node)), 0o644))
	c.env = append(os.Environ(), "SLURM_CONF="+conf)

	daemon(t, filepath.Join(dir, "log", "slurmctld.out"), "slurmctld", "-D", "-i", "-f", conf)
	daemon(t, filepath.Join(dir, "log", "slurmd.out"), "slurmd", "-D", "-f", conf, "-N", host)
	waitFor(t, 60*time.Second, "the node is idle", func() (bool, string) {
		out, _ := c.command("sinfo", "-h", "-o", "%T").CombinedOutput()
		return strings.TrimSpace(string(out)) == "idle", string(out) + c.logs()
	})
	return c
}

// nodeLine is slurmd's description of this machine as a NodeName line,
// with 2 GB of memory (or less if the machine has less).
func nodeLine(t *testing.T, host string) string {
	t.Helper()
	out, err := exec.Command("slurmd", "-C").Output()
	require.NoError(t, err)
	line, _, _ := strings.Cut(string(out), "\n")
	mem := 2048
	if m := regexp.MustCompile(`RealMemory=(\d+)`).FindStringSubmatch(line); m != nil {
		if n, _ := strconv.Atoi(m[1]); n < mem {
			mem = n
		}
		line = strings.Replace(line, m[0], "RealMemory="+strconv.Itoa(mem), 1)
	}
	line = regexp.MustCompile(`^NodeName=\S+`).ReplaceAllString(line, "NodeName="+host+" NodeAddr=127.0.0.1")
	return line + " State=UNKNOWN"
}

func (c *cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = c.env
	cmd.Dir = c.work
	return cmd
}

// logs returns the end of the daemons' logs, for failure messages.
func (c *cluster) logs() string {
	var b strings.Builder
	files, _ := filepath.Glob(filepath.Join(c.dir, "log", "*"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if len(data) > 1500 {
			data = data[len(data)-1500:]
		}
		fmt.Fprintf(&b, "\n--- %s\n%s", f, data)
	}
	return b.String()
}

// sbatch submits a job and returns its id.
func (c *cluster) sbatch(t *testing.T, args ...string) string {
	t.Helper()
	out, err := c.command("sbatch", append([]string{"--parsable"}, args...)...).CombinedOutput()
	require.NoError(t, err, "sbatch %v: %s", args, out)
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";")
	return id
}

// task is the end state of one job or array task.
type task struct {
	ID, State, ExitCode, Reason string
}

var finalStates = map[string]bool{"COMPLETED": true, "FAILED": true, "CANCELLED": true, "TIMEOUT": true,
	"NODE_FAIL": true, "OUT_OF_MEMORY": true, "PREEMPTED": true, "BOOT_FAIL": true, "DEADLINE": true}

// wait waits until every task of job id has ended and returns them by task
// id ("" for a job that is not an array).
func (c *cluster) wait(t *testing.T, id string) map[string]task {
	t.Helper()
	var tasks map[string]task
	field := regexp.MustCompile(`(\w+)=(\S*)`)
	waitFor(t, 3*time.Minute, "job "+id+" ends", func() (bool, string) {
		out, err := c.command("scontrol", "-o", "show", "job", id).CombinedOutput()
		if err != nil {
			return false, string(out)
		}
		tasks = map[string]task{}
		done := true
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := map[string]string{}
			for _, m := range field.FindAllStringSubmatch(line, -1) {
				if _, ok := f[m[1]]; !ok {
					f[m[1]] = m[2]
				}
			}
			tasks[f["ArrayTaskId"]] = task{ID: f["ArrayTaskId"], State: f["JobState"], ExitCode: f["ExitCode"], Reason: f["Reason"]}
			done = done && finalStates[f["JobState"]]
		}
		return done, string(out)
	})
	return tasks
}

// requireCompleted asserts that every task ended with exit code 0.
func (c *cluster) requireCompleted(t *testing.T, id string, tasks map[string]task, want int) {
	t.Helper()
	require.Len(t, tasks, want, "job %s: %v", id, tasks)
	for _, tk := range tasks {
		require.Equal(t, "COMPLETED", tk.State, "job %s task %s: %+v\n%s", id, tk.ID, tk, c.jobLogs())
		require.Equal(t, "0:0", tk.ExitCode, "job %s task %s", id, tk.ID)
	}
}

// jobLogs returns the jobs' output files.
func (c *cluster) jobLogs() string {
	var b strings.Builder
	files, _ := filepath.Glob(filepath.Join(c.work, "agencysim-*.out"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		fmt.Fprintf(&b, "\n--- %s\n%s", filepath.Base(f), data)
	}
	return b.String()
}

func readLog(t *testing.T, c *cluster, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.work, name))
	require.NoError(t, err, "%s%s", name, c.jobLogs())
	return string(b)
}

// buildBinary builds the headless agencysim into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "agencysim")
	build := exec.Command("go", "build", "-o", bin, "github.com/agencysim/agencysim/cmd/agencysim")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// files lists the regular files under dir (relative paths) with their
// modification times.
func files(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	m := map[string]time.Time{}
	require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			m[rel] = info.ModTime()
		}
		return nil
	}))
	return m
}

func names(m map[string]time.Time) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sameResults compares the outputs of two results folders byte for byte,
// the manifest without its times.
func sameResults(t *testing.T, want, got string) {
	t.Helper()
	for _, f := range []string{"runs.csv", "runs.parquet", "series.parquet", "series.csv.gz", "summary.csv", "comparisons.csv", "failures.csv", "report.html"} {
		x, err := os.ReadFile(filepath.Join(want, f))
		require.NoError(t, err, f)
		y, err := os.ReadFile(filepath.Join(got, f))
		require.NoError(t, err, f)
		assert.True(t, bytes.Equal(x, y), "%s differs between a single-machine sweep and the Slurm one", f)
		assert.NotEmpty(t, x, f)
	}
	var mw, mg map[string]any
	x, err := os.ReadFile(filepath.Join(want, "manifest.json"))
	require.NoError(t, err)
	y, err := os.ReadFile(filepath.Join(got, "manifest.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(x, &mw))
	require.NoError(t, json.Unmarshal(y, &mg))
	for _, k := range []string{"started", "ended"} {
		delete(mw, k)
		delete(mg, k)
	}
	assert.Equal(t, mw, mg, "manifest.json")
}

func TestSweepOnSlurm(t *testing.T) {
	needCluster(t)
	here, err := os.Getwd()
	require.NoError(t, err)
	sweepScript, mergeScript, submit := filepath.Join(here, "sweep.sbatch"), filepath.Join(here, "merge.sbatch"), filepath.Join(here, "submit.sh")

	c := startCluster(t)
	bin := buildBinary(t, c.dir)
	c.env = append(c.env, "AGENCYSIM="+bin)
	sweep := filepath.Join(c.work, "sweep.yaml")
	require.NoError(t, os.WriteFile(sweep, []byte(sweepYAML), 0o644))

	// The same sweep on one machine.
	whole := filepath.Join(c.dir, "whole")
	out, err := exec.Command(bin, "sweep", sweep, "--out", whole, "--quiet").CombinedOutput()
	require.NoError(t, err, string(out))

	// Submissions the template refuses, with exit code 2 and a reason:
	// without the shard count, an index that is not a shard, not an array.
	refused := map[string]string{
		c.sbatch(t, "--array=0", sweepScript, sweep, filepath.Join(c.dir, "bad")):                             "the number of shards N",
		c.sbatch(t, "--array=3", sweepScript, sweep, filepath.Join(c.dir, "bad"), "3"):                        "array index 3 is not a shard of 3",
		c.sbatch(t, "--array=0", sweepScript, sweep, filepath.Join(c.dir, "bad"), "two"):                      "must be a whole number",
		c.sbatch(t, "--output=agencysim-single-%j.out", sweepScript, sweep, filepath.Join(c.dir, "bad"), "3"): "not an array task",
	}
	for id, why := range refused {
		tasks := c.wait(t, id)
		require.Len(t, tasks, 1)
		for _, tk := range tasks {
			assert.Equal(t, "FAILED", tk.State, "job %s", id)
			assert.Equal(t, "2:0", tk.ExitCode, "job %s exits 2 (bad submission)", id)
			logName := "agencysim-" + id + "_" + tk.ID + ".out"
			if tk.ID == "" {
				logName = "agencysim-single-" + id + ".out"
			}
			assert.Contains(t, readLog(t, c, logName), why)
		}
	}
	_, err = os.Stat(filepath.Join(c.dir, "bad"))
	assert.True(t, os.IsNotExist(err), "a refused submission writes nothing")

	// The documented submission: the array and the dependent merge. The
	// default requests fit the small node (else the jobs would pend).
	results := filepath.Join(c.dir, "results")
	out, err = c.command(submit, sweep, results, strconv.Itoa(shards)).CombinedOutput()
	require.NoError(t, err, string(out))
	m := regexp.MustCompile(`sweep array job (\d+) \(3 shards\), merge job (\d+)`).FindStringSubmatch(string(out))
	require.NotNil(t, m, string(out))
	arrayID, mergeID := m[1], m[2]
	c.requireCompleted(t, arrayID, c.wait(t, arrayID), shards)
	c.requireCompleted(t, mergeID, c.wait(t, mergeID), 1)
	for i := range shards {
		log := readLog(t, c, fmt.Sprintf("agencysim-%s_%d.out", arrayID, i))
		assert.Contains(t, log, fmt.Sprintf("shard %d/%d: 4 runs finished, 0 failed", i, shards))
	}
	sameResults(t, whole, results)

	// A shard lost (preempted, its folder gone) and resubmitted alone reruns
	// exactly that shard: the others are not touched, the merge is the same.
	before := map[int]map[string]time.Time{}
	for i := range shards {
		before[i] = files(t, filepath.Join(results, "shards", strconv.Itoa(i)))
		require.NotEmpty(t, before[i])
	}
	require.NoError(t, os.RemoveAll(filepath.Join(results, "shards", "2")))
	entries, err := os.ReadDir(results)
	require.NoError(t, err)
	for _, e := range entries { // the merged outputs go too
		if e.Name() != "shards" {
			require.NoError(t, os.RemoveAll(filepath.Join(results, e.Name())))
		}
	}
	rerun := c.sbatch(t, "--array=2", sweepScript, sweep, results, strconv.Itoa(shards))
	c.requireCompleted(t, rerun, c.wait(t, rerun), 1)
	log := readLog(t, c, "agencysim-"+rerun+"_2.out")
	assert.Contains(t, log, "shard 2/3: 4 runs finished, 0 failed", "the resubmitted task ran shard 2 of 3, not the whole sweep")
	assert.Equal(t, names(before[2]), names(files(t, filepath.Join(results, "shards", "2"))), "shard 2 was rebuilt with the same runs")
	for i := range 2 {
		assert.Equal(t, before[i], files(t, filepath.Join(results, "shards", strconv.Itoa(i))), "shard %d was not touched", i)
	}
	merge := c.sbatch(t, "--dependency=afterok:"+rerun, mergeScript, results)
	c.requireCompleted(t, merge, c.wait(t, merge), 1)
	sameResults(t, whole, results)
}

// The search of TestSearchOnSlurm: population 6, one generation after the
// initial population, of 20-day runs.
const searchYAML = `scenario: baseline
days: 20
replications: 1
population: 6
generations: 1
genes:
  - key: policies.detainers
  - key: policies.outreach
objectives:
  - metric: crimes.reporting_rate
  - metric: detainers.transfers
    direction: maximise
`

// A policy search on Slurm as docs/sweeps.md gives it: per generation, an
// array job of 3 shards (sbatch --wait) and a merge; the merged front is
// one machine's, byte for byte.
func TestSearchOnSlurm(t *testing.T) {
	needCluster(t)
	c := startCluster(t)
	bin := buildBinary(t, c.dir)
	spec := filepath.Join(c.work, "search.yaml")
	require.NoError(t, os.WriteFile(spec, []byte(searchYAML), 0o644))
	whole := filepath.Join(c.dir, "whole")
	out, err := exec.Command(bin, "search", spec, "--out", whole).CombinedOutput()
	require.NoError(t, err, string(out))

	results := filepath.Join(c.dir, "search")
	for gen := 0; gen <= 1; gen++ {
		wrap := fmt.Sprintf("%s search %s --out %s --shard $SLURM_ARRAY_TASK_ID/3", bin, spec, results)
		out, err := c.command("sbatch", "--wait", "--array=0-2", "--cpus-per-task=1", "--mem=256M",
			"--output=agencysim-%A_%a.out", "--wrap", wrap).CombinedOutput()
		require.NoError(t, err, "generation %d: %s%s", gen, out, c.jobLogs())
		logs := c.jobLogs()
		for i := range 3 {
			assert.Contains(t, logs, fmt.Sprintf("generation %d shard %d/3 done", gen, i))
		}
		out, err = exec.Command(bin, "search", spec, "--out", results, "--merge").CombinedOutput()
		require.NoError(t, err, string(out))
		if gen == 0 {
			assert.Contains(t, string(out), "generation 1 is ready")
		}
	}
	for _, f := range []string{"pareto.csv", "generations.csv", "evaluations.csv"} {
		x, err := os.ReadFile(filepath.Join(whole, f))
		require.NoError(t, err, f)
		y, err := os.ReadFile(filepath.Join(results, f))
		require.NoError(t, err, f)
		assert.NotEmpty(t, x, f)
		assert.True(t, bytes.Equal(x, y), "%s differs between one machine and the Slurm search", f)
	}
}
