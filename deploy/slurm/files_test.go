package slurm_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The Kubernetes Job and the Slurm script are well-formed and shard the
// sweep (deploy/kubernetes/check tests the manifests fully; the cluster
// test runs the script on Slurm).
func TestDeployFilesAreWellFormed(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "kubernetes", "sweep-job.yaml"))
	require.NoError(t, err)
	docs := strings.Split(string(b), "\n---\n")
	require.Len(t, docs, 2)
	for _, d := range docs {
		var v map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(d), &v))
		assert.Equal(t, "batch/v1", v["apiVersion"])
		assert.Equal(t, "Job", v["kind"])
	}
	assert.Contains(t, docs[0], "completionMode: Indexed")
	assert.Contains(t, docs[0], "$(JOB_COMPLETION_INDEX)/$(SHARDS)") // deploy/kubernetes/check tests it fully
	out, err := exec.Command("bash", "-n", "sweep.sbatch").CombinedOutput()
	require.NoError(t, err, string(out))
	sb, _ := os.ReadFile("sweep.sbatch")
	assert.Contains(t, string(sb), `--shard "$INDEX/$SHARDS"`) // deploy/slurm runs it on Slurm
}
