package docgen_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/internal/docgen"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/calibrate"
	"github.com/agencysim/agencysim/sweep/search"
)

// ajvDir is the folder whose node_modules holds ajv: AGENCYSIM_AJV_DIR, or
// the folder `make deps-schema` installs it into.
func ajvDir(t *testing.T) string {
	if d := os.Getenv("AGENCYSIM_AJV_DIR"); d != "" {
		return d
	}
	cache, err := os.UserCacheDir()
	require.NoError(t, err)
	return filepath.Join(cache, "agencysim", "ajv")
}

type ajvJob struct {
	Schema   string `json:"schema"`
	Instance string `json:"instance"`
	Name     string `json:"name"`
}

type ajvResult struct {
	Name   string   `json:"name"`
	Valid  bool     `json:"valid"`
	Errors []string `json:"errors"`
}

// TestSchemasWithAjv validates every bundled scenario, sweep, calibrate and
// search file against the generated JSON Schemas with ajv, a standard JSON
// Schema validator (draft 2020-12, strict mode): all must pass. Then a set
// of wrong files (testdata/wrong/NAME.FORMAT.yaml), each of which the Go
// loader rejects, must fail the schema of its format: a missing city, a
// timeline typo, a bad value in an arm, a wrong metric name and more.
// ajv comes from the npm registry: make deps-schema installs it.
func TestSchemasWithAjv(t *testing.T) {
	t.Parallel()
	dir := ajvDir(t)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ajv", "dist", "2020.js")); err != nil {
		t.Fatalf("ajv is not installed in %s (run make deps-schema, or set AGENCYSIM_AJV_DIR): %v", dir, err)
	}
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is needed (make deps-schema installs it)")

	tmp := t.TempDir()
	schemaPath := map[string]string{}
	for _, f := range docgen.Formats {
		p := filepath.Join(tmp, f+".schema.json")
		require.NoError(t, os.WriteFile(p, docgen.Schema(f), 0o644))
		schemaPath[f] = p
	}
	root := filepath.Join("..", "..")
	bundled := map[string]string{ // folder → format
		"scenarios":           "scenario",
		"scenarios/sweeps":    "sweep",
		"scenarios/calibrate": "calibrate",
		"scenarios/searches":  "search",
	}
	var jobs []ajvJob
	want := map[string]bool{} // job name → valid
	add := func(path, format string, valid bool) {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		var v any
		require.NoError(t, yaml.Unmarshal(data, &v), path)
		js, err := json.Marshal(schema.Normalize(v))
		require.NoError(t, err, path)
		inst := filepath.Join(tmp, strings.NewReplacer("/", "_", "..", "").Replace(path)+".json")
		require.NoError(t, os.WriteFile(inst, js, 0o644))
		jobs = append(jobs, ajvJob{Schema: schemaPath[format], Instance: inst, Name: path})
		want[path] = valid
	}
	counts := map[string]int{}
	for folder, format := range bundled {
		files, err := filepath.Glob(filepath.Join(root, folder, "*.yaml"))
		require.NoError(t, err)
		require.NotEmpty(t, files, folder)
		for _, f := range files {
			add(f, format, true)
			counts[format]++
		}
	}
	wrong, err := filepath.Glob(filepath.Join("testdata", "wrong", "*.yaml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(wrong), 10)
	for _, f := range wrong {
		format := strings.TrimSuffix(filepath.Ext(strings.TrimSuffix(f, ".yaml")), "")[1:]
		require.Contains(t, schemaPath, format, "%s: name it NAME.FORMAT.yaml", f)
		assert.Error(t, loadAs(format, f), "%s: the loader accepts it, so the schema must too", f)
		add(f, format, false)
	}
	// The loader's own example of typical mistakes.
	typos := filepath.Join(root, "docs", "examples", "typos.yaml")
	assert.Error(t, loadAs("scenario", typos))
	add(typos, "scenario", false)

	jobFile := filepath.Join(tmp, "jobs.json")
	js, err := json.Marshal(jobs)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(jobFile, js, 0o644))
	var stderr bytes.Buffer
	cmd := exec.Command(node, filepath.Join("testdata", "ajv-check.cjs"), dir, jobFile)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "ajv: %s", stderr.String())
	seen := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r ajvResult
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		seen++
		if want[r.Name] {
			assert.True(t, r.Valid, "%s fails its schema: %s", r.Name, strings.Join(r.Errors, "; "))
		} else {
			assert.False(t, r.Valid, "%s passes its schema, but the loader rejects it", r.Name)
			if testing.Verbose() {
				t.Logf("%s: %s", r.Name, strings.Join(r.Errors, "; "))
			}
		}
	}
	require.Equal(t, len(jobs), seen)
	for _, f := range docgen.Formats {
		assert.Positive(t, counts[f], "no bundled %s file", f)
	}
	t.Logf("ajv: %d bundled files valid (%v), %d wrong files rejected", len(jobs)-len(wrong)-1, counts, len(wrong)+1)
}

// loadAs loads a file with the loader of its format.
func loadAs(format, path string) error {
	var err error
	switch format {
	case "scenario":
		_, err = scenarios.Load(path, scenarios.LoadOptions{})
	case "sweep":
		_, err = sweep.Load(path, nil)
	case "calibrate":
		_, err = calibrate.Load(path, nil)
	case "search":
		_, err = search.LoadSpec(path)
	}
	return err
}
