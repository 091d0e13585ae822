package check

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

const manifestDir = ".."

// decodeJobs decodes every document of a manifest strictly into the Job
// type of the Kubernetes API: an unknown or misspelt field, or a value of
// the wrong type, is an error.
func decodeJobs(t *testing.T, text []byte) []batchv1.Job {
	t.Helper()
	var jobs []batchv1.Job
	for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(text), -1) {
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		var job batchv1.Job
		require.NoError(t, yaml.UnmarshalStrict([]byte(doc), &job), "document %d", i)
		jobs = append(jobs, job)
	}
	return jobs
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// validateJob checks the rules of the Job API (k8s.io/kubernetes's
// pkg/apis/batch/validation) that these manifests touch, and returns every
// violation.
func validateJob(j *batchv1.Job) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, j.Name+": "+fmt.Sprintf(format, a...)) }
	if j.APIVersion != "batch/v1" || j.Kind != "Job" {
		bad("apiVersion/kind %s/%s: want batch/v1 Job", j.APIVersion, j.Kind)
	}
	for _, e := range validation.IsDNS1123Subdomain(j.Name) {
		bad("metadata.name: %s", e)
	}
	if len(j.Name) > 63 {
		bad("metadata.name: longer than 63 characters (it becomes a label value)")
	}
	s := &j.Spec
	nonNeg := func(name string, v *int32) {
		if v != nil && *v < 0 {
			bad("spec.%s: %d must be ≥ 0", name, *v)
		}
	}
	nonNeg("completions", s.Completions)
	nonNeg("parallelism", s.Parallelism)
	nonNeg("backoffLimit", s.BackoffLimit)
	nonNeg("backoffLimitPerIndex", s.BackoffLimitPerIndex)
	nonNeg("maxFailedIndexes", s.MaxFailedIndexes)
	indexed := s.CompletionMode != nil && *s.CompletionMode == batchv1.IndexedCompletion
	if s.CompletionMode != nil && !indexed && *s.CompletionMode != batchv1.NonIndexedCompletion {
		bad("spec.completionMode %q: allowed: NonIndexed, Indexed", *s.CompletionMode)
	}
	if indexed {
		if s.Completions == nil {
			bad("spec.completions: required when completionMode is Indexed")
		} else if *s.Completions > 100000 && s.BackoffLimitPerIndex != nil {
			bad("spec.completions: must be ≤ 100000 with backoffLimitPerIndex")
		}
		if s.Parallelism != nil && *s.Parallelism > 100000 {
			bad("spec.parallelism: must be ≤ 100000 for an Indexed Job")
		}
	}
	if s.BackoffLimitPerIndex != nil && !indexed {
		bad("spec.backoffLimitPerIndex: requires completionMode Indexed")
	}
	if s.MaxFailedIndexes != nil {
		if s.BackoffLimitPerIndex == nil {
			bad("spec.maxFailedIndexes: requires backoffLimitPerIndex")
		}
		if s.Completions != nil && *s.MaxFailedIndexes > *s.Completions {
			bad("spec.maxFailedIndexes %d: must be ≤ completions (%d)", *s.MaxFailedIndexes, *s.Completions)
		}
		if *s.MaxFailedIndexes > 100000 {
			bad("spec.maxFailedIndexes: must be ≤ 100000")
		}
	}
	pod := &s.Template.Spec
	switch pod.RestartPolicy {
	case corev1.RestartPolicyNever, corev1.RestartPolicyOnFailure:
	default:
		bad("spec.template.spec.restartPolicy %q: allowed: Never, OnFailure", pod.RestartPolicy)
	}
	containers := map[string]bool{}
	for _, c := range append(slices.Clone(pod.InitContainers), pod.Containers...) {
		containers[c.Name] = true
	}
	if p := s.PodFailurePolicy; p != nil {
		if pod.RestartPolicy != corev1.RestartPolicyNever {
			bad("spec.podFailurePolicy: requires spec.template.spec.restartPolicy Never, not %q", pod.RestartPolicy)
		}
		if len(p.Rules) > 20 {
			bad("spec.podFailurePolicy.rules: at most 20")
		}
		for i, r := range p.Rules {
			at := fmt.Sprintf("spec.podFailurePolicy.rules[%d]", i)
			switch r.Action {
			case batchv1.PodFailurePolicyActionFailJob, batchv1.PodFailurePolicyActionIgnore, batchv1.PodFailurePolicyActionCount:
			case batchv1.PodFailurePolicyActionFailIndex:
				if s.BackoffLimitPerIndex == nil {
					bad("%s.action FailIndex: requires backoffLimitPerIndex", at)
				}
			default:
				bad("%s.action %q: allowed: FailJob, FailIndex, Ignore, Count", at, r.Action)
			}
			if (r.OnExitCodes == nil) == (len(r.OnPodConditions) == 0) {
				bad("%s: exactly one of onExitCodes and onPodConditions", at)
			}
			if e := r.OnExitCodes; e != nil {
				if e.ContainerName != nil && !containers[*e.ContainerName] {
					bad("%s.onExitCodes.containerName %q: no such container", at, *e.ContainerName)
				}
				if e.Operator != batchv1.PodFailurePolicyOnExitCodesOpIn && e.Operator != batchv1.PodFailurePolicyOnExitCodesOpNotIn {
					bad("%s.onExitCodes.operator %q: allowed: In, NotIn", at, e.Operator)
				}
				if len(e.Values) == 0 || len(e.Values) > 255 {
					bad("%s.onExitCodes.values: 1 to 255 values", at)
				}
				for k, v := range e.Values {
					if v == 0 && e.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn {
						bad("%s.onExitCodes.values: 0 is not allowed with In", at)
					}
					if k > 0 && v <= e.Values[k-1] {
						bad("%s.onExitCodes.values: must be ordered and unique", at)
					}
				}
			}
			if len(r.OnPodConditions) > 20 {
				bad("%s.onPodConditions: at most 20", at)
			}
			for k, c := range r.OnPodConditions {
				for _, e := range validation.IsQualifiedName(string(c.Type)) {
					bad("%s.onPodConditions[%d].type: %s", at, k, e)
				}
				switch c.Status {
				case corev1.ConditionTrue, corev1.ConditionFalse, corev1.ConditionUnknown:
				default:
					bad("%s.onPodConditions[%d].status %q: allowed: True, False, Unknown", at, k, c.Status)
				}
			}
		}
	}
	if len(pod.Containers) == 0 {
		bad("spec.template.spec.containers: at least one")
	}
	volumes := map[string]bool{}
	for _, v := range pod.Volumes {
		for _, e := range validation.IsDNS1123Label(v.Name) {
			bad("volume %q: %s", v.Name, e)
		}
		if volumes[v.Name] {
			bad("volume %q: declared twice", v.Name)
		}
		volumes[v.Name] = true
	}
	names := map[string]bool{}
	for _, c := range pod.Containers {
		for _, e := range validation.IsDNS1123Label(c.Name) {
			bad("container %q: %s", c.Name, e)
		}
		if names[c.Name] {
			bad("container %q: declared twice", c.Name)
		}
		names[c.Name] = true
		if c.Image == "" {
			bad("container %q: image is required", c.Name)
		}
		paths := map[string]bool{}
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				bad("container %q: volumeMount %q names no volume", c.Name, m.Name)
			}
			if paths[m.MountPath] {
				bad("container %q: mountPath %q used twice", c.Name, m.MountPath)
			}
			paths[m.MountPath] = true
		}
		for _, e := range c.Env {
			for _, msg := range validation.IsEnvVarName(e.Name) {
				bad("container %q: env %q: %s", c.Name, e.Name, msg)
			}
		}
		for res, limit := range c.Resources.Limits {
			if req, ok := c.Resources.Requests[res]; ok && req.Cmp(limit) > 0 {
				bad("container %q: %s request %s exceeds its limit %s", c.Name, res, req.String(), limit.String())
			}
		}
	}
	return errs
}

// expand replaces $(NAME) in s by the container's environment as the
// kubelet does, with JOB_COMPLETION_INDEX set to index.
func expand(s string, c *corev1.Container, index int) string {
	return regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`).ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		if name == "JOB_COMPLETION_INDEX" {
			return strconv.Itoa(index)
		}
		for _, e := range c.Env {
			if e.Name == name {
				return e.Value
			}
		}
		return m
	})
}

// shardCount returns N of the container's --shard i/N argument, after
// expansion.
func shardCount(t *testing.T, c *corev1.Container) int {
	t.Helper()
	i := slices.Index(c.Args, "--shard")
	require.GreaterOrEqual(t, i, 0, "the sweep container passes --shard")
	require.Less(t, i+1, len(c.Args))
	idx, n, ok := strings.Cut(expand(c.Args[i+1], c, 5), "/")
	require.True(t, ok, "--shard %s", c.Args[i+1])
	assert.Equal(t, "5", idx, "--shard's index is the pod's completion index")
	count, err := strconv.Atoi(n)
	require.NoError(t, err, "--shard %s: N must be a number (after expansion)", c.Args[i+1])
	return count
}

func byName(t *testing.T, jobs []batchv1.Job, name string) *batchv1.Job {
	t.Helper()
	for i := range jobs {
		if jobs[i].Name == name {
			return &jobs[i]
		}
	}
	t.Fatalf("no Job %s", name)
	return nil
}

// checkManifests checks the jobs of a rendered manifest and the rules that
// tie them together; it returns the sweep Job.
func checkManifests(t *testing.T, jobs []batchv1.Job) *batchv1.Job {
	t.Helper()
	require.Len(t, jobs, 2)
	for i := range jobs {
		assert.Empty(t, validateJob(&jobs[i]))
		assert.NotEmpty(t, jobs[i].Labels["step"], "%s: kubectl apply -l step=... selects it", jobs[i].Name)
		assert.Equal(t, jobs[i].Labels["step"], jobs[i].Spec.Template.Labels["step"])
	}
	sweep, merge := byName(t, jobs, "agencysim-sweep"), byName(t, jobs, "agencysim-merge")
	s := &sweep.Spec
	require.NotNil(t, s.CompletionMode)
	assert.Equal(t, batchv1.IndexedCompletion, *s.CompletionMode)
	require.NotNil(t, s.Completions)
	require.NotNil(t, s.BackoffLimitPerIndex, "each shard has its own retries")
	require.NotNil(t, s.MaxFailedIndexes)
	require.NotNil(t, s.PodFailurePolicy)
	require.NotNil(t, s.Parallelism)
	assert.Equal(t, *s.Completions, *s.Parallelism, "every shard runs at once")
	c := &s.Template.Spec.Containers[0]
	assert.Equal(t, int(*s.Completions), shardCount(t, c), "the args' shard count equals completions")

	// Exit code 2 (bad input) fails the index at once, disruptions are not
	// counted, anything else is retried.
	var failIndex2, ignoreDisruption bool
	for _, r := range s.PodFailurePolicy.Rules {
		if e := r.OnExitCodes; e != nil && r.Action == batchv1.PodFailurePolicyActionFailIndex &&
			e.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && slices.Contains(e.Values, 2) {
			failIndex2 = true
			assert.NotContains(t, e.Values, int32(1), "exit code 1 (a failed run or I/O) is retried")
		}
		for _, pc := range r.OnPodConditions {
			if pc.Type == corev1.DisruptionTarget && r.Action == batchv1.PodFailurePolicyActionIgnore {
				ignoreDisruption = true
			}
		}
	}
	assert.True(t, failIndex2, "podFailurePolicy: FailIndex on exit code 2")
	assert.True(t, ignoreDisruption, "podFailurePolicy: Ignore on DisruptionTarget")

	// The merge Job reads the folders the shards write.
	out := c.Args[slices.Index(c.Args, "--out")+1]
	mc := &merge.Spec.Template.Spec.Containers[0]
	assert.Contains(t, mc.Args, filepath.Dir(out), "merge reads the shards' parent folder")
	return sweep
}

func TestManifestsAreValidJobs(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(manifestDir, "sweep-job.yaml"))
	require.NoError(t, err)
	checkManifests(t, decodeJobs(t, raw)) // as kubectl apply -f sees it
	checkManifests(t, render(t, nil))     // as kubectl apply -k renders it
}

// render runs kustomize (what kubectl apply -k runs) over deploy/kubernetes,
// with edit applied to sweep-job.yaml first.
func render(t *testing.T, edit func(string) string) []batchv1.Job {
	t.Helper()
	fs := filesys.MakeFsInMemory()
	for _, f := range []string{"kustomization.yaml", "sweep-job.yaml"} {
		b, err := os.ReadFile(filepath.Join(manifestDir, f))
		require.NoError(t, err)
		if edit != nil && f == "sweep-job.yaml" {
			b = []byte(edit(string(b)))
		}
		require.NoError(t, fs.WriteFile("/k/"+f, b))
	}
	res, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fs, "/k")
	require.NoError(t, err)
	out, err := res.AsYaml()
	require.NoError(t, err)
	return decodeJobs(t, out)
}

// The shard count is kept in one place: changing completions changes the
// pods' --shard N and the parallelism with it.
func TestShardCountIsSetInOnePlace(t *testing.T) {
	for _, n := range []int{1, 3, 64} {
		jobs := render(t, func(s string) string {
			return regexp.MustCompile(`(?m)^(  completions:) \d+`).ReplaceAllString(s, "$1 "+strconv.Itoa(n))
		})
		sweep := checkManifests(t, jobs)
		assert.EqualValues(t, n, *sweep.Spec.Completions)
		assert.EqualValues(t, n, *sweep.Spec.Parallelism)
		assert.Equal(t, n, shardCount(t, &sweep.Spec.Template.Spec.Containers[0]))
	}
}

// The validation catches what it should: each broken manifest is refused.
func TestValidationRefusesBrokenJobs(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(manifestDir, "sweep-job.yaml"))
	require.NoError(t, err)
	for edit, want := range map[[2]string]string{
		{"restartPolicy: Never    # required", "restartPolicy: OnFailure    #"}:         "requires spec.template.spec.restartPolicy Never",
		{"maxFailedIndexes: 1 ", "maxFailedIndexes: 9 "}:                                "must be ≤ completions",
		{"completionMode: Indexed", "completionMode: NonIndexed"}:                       "requires completionMode Indexed",
		{"values: [2]", "values: [2, 1]"}:                                               "ordered and unique",
		{"values: [2]", "values: [0, 2]"}:                                               "0 is not allowed with In",
		{"containerName: sweep,", "containerName: sweeper,"}:                            "no such container",
		{"action: FailIndex ", "action: Retry "}:                                        "allowed: FailJob, FailIndex",
		{"requests: {cpu: \"1\", memory: 1Gi}", "requests: {cpu: \"1\", memory: 3Gi}"}:  "exceeds its limit",
		{"{name: results, mountPath: /results}", "{name: result, mountPath: /results}"}: "names no volume",
	} {
		text := strings.Replace(string(raw), edit[0], edit[1], 1)
		require.NotEqual(t, string(raw), text, "edit %q applies", edit[0])
		var all []string
		for _, j := range decodeJobs(t, []byte(text)) {
			all = append(all, validateJob(&j)...)
		}
		assert.Contains(t, strings.Join(all, "\n"), want, "edit %q", edit)
	}
	// Strict decoding: a misspelt field is an error, not ignored.
	var job batchv1.Job
	assert.Error(t, yaml.UnmarshalStrict([]byte(strings.Replace(string(raw), "backoffLimitPerIndex:", "backofLimitPerIndex:", 1)), &job))
	parts := strings.SplitN(strings.Replace(string(raw), "completions: 8", "completions: eight", 1), "\n---", 2)
	assert.Error(t, yaml.UnmarshalStrict([]byte(parts[0]), &job))
	// A shard count in the args that differs from completions is caught.
	jobs := decodeJobs(t, []byte(strings.Replace(string(raw), `{name: SHARDS, value: "8"}`, `{name: SHARDS, value: "4"}`, 1)))
	sweep := byName(t, jobs, "agencysim-sweep")
	assert.NotEqual(t, int(*sweep.Spec.Completions), shardCount(t, &sweep.Spec.Template.Spec.Containers[0]))
}

// The pods' command lines work with the real binary: every index of the
// sweep Job and then the merge Job, with the volumes as local folders,
// give a merged result; a bad sweep file exits 2, the code the
// podFailurePolicy fails an index on.
func TestPodCommandsRunTheSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs agencysim")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "agencysim")
	build := exec.Command("go", "build", "-o", bin, "./cmd/agencysim")
	build.Dir = filepath.Join(manifestDir, "..", "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	bout, err := build.CombinedOutput()
	require.NoError(t, err, string(bout))

	jobs := render(t, func(s string) string { return strings.Replace(s, "completions: 8", "completions: 3", 1) })
	sweep, merge := byName(t, jobs, "agencysim-sweep"), byName(t, jobs, "agencysim-merge")
	config, results := filepath.Join(dir, "config"), filepath.Join(dir, "results")
	require.NoError(t, os.MkdirAll(config, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(config, "sweep.yaml"), []byte("name: k8s\nbase: baseline\ndays: 30\nreplications: 3\narms:\n  a: {}\n  b: {policies.detainers: never}\n"), 0o644))
	local := func(arg string) string { // the volumes' mount paths → local folders
		arg = strings.Replace(arg, "/config", config, 1)
		return strings.Replace(arg, "/results", results, 1)
	}
	pod := func(c *corev1.Container, index int) (string, int) {
		args := make([]string, len(c.Args))
		for i, a := range c.Args {
			args[i] = local(expand(a, c, index))
		}
		require.Equal(t, []string{"/agencysim"}, c.Command)
		cmd := exec.Command(bin, args...)
		var b bytes.Buffer
		cmd.Stdout, cmd.Stderr = &b, &b
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return b.String(), ee.ExitCode()
		}
		require.NoError(t, err)
		return b.String(), 0
	}
	sc := &sweep.Spec.Template.Spec.Containers[0]
	for i := range int(*sweep.Spec.Completions) {
		out, code := pod(sc, i)
		require.Equal(t, 0, code, out)
		assert.Contains(t, out, fmt.Sprintf("shard %d/3", i))
	}
	mout, code := pod(&merge.Spec.Template.Spec.Containers[0], 0)
	require.Equal(t, 0, code, mout)
	assert.FileExists(t, filepath.Join(results, "merged", "report.html"))
	assert.FileExists(t, filepath.Join(results, "merged", "comparisons.csv"))

	require.NoError(t, os.WriteFile(filepath.Join(config, "sweep.yaml"), []byte("name: k8s\nbase: baseline\nreplications: three\n"), 0o644))
	_, code = pod(sc, 0)
	assert.Equal(t, 2, code, "bad input exits 2: the podFailurePolicy fails the index instead of retrying")
}
