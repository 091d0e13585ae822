package docgen_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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

// ajvDir is the folder whose node_modules holds ajv: AJV_DIR, or
// the folder `make deps-schema` installs it into.
func ajvDir(t *testing.T) string {
	if d := os.Getenv("AJV_DIR"); d != "" {
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
// Schema validator (draft 2020-12, strict mode): all must pass, and so must
// testdata/right/NAME.FORMAT.yaml, files the loader accepts that write keys
// in the less common ways (no city where a parameter set file gives it,
// dotted and nested timeline keys, an arm that indexes a list). Then a set
// of wrong files (testdata/wrong/NAME.FORMAT.yaml), each of which the Go
// loader rejects, must fail the schema of its format: a missing city, a
// timeline typo, a bad value in an arm, a wrong metric name and more, each
// with the error its "# schema: " line gives.
// ajv comes from the npm registry: make deps-schema installs it.
func TestSchemasWithAjv(t *testing.T) {
	t.Parallel()
	dir := ajvDir(t)
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ajv", "dist", "2020.js")); err != nil {
		t.Fatalf("ajv is not installed in %s (run make deps-schema, or set AJV_DIR): %v", dir, err)
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
	want := map[string]bool{}     // job name → valid
	expect := map[string]string{} // job name → an error ajv must give (a "# schema: " line)
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
		for _, line := range strings.Split(string(data), "\n") {
			if e, ok := strings.CutPrefix(line, "# schema: "); ok {
				expect[path] = e
			}
		}
		want[path] = valid
	}
	counts := map[string]int{}
	nWrong := 0
	for folder, format := range bundled {
		files, err := filepath.Glob(filepath.Join(root, folder, "*.yaml"))
		require.NoError(t, err)
		require.NotEmpty(t, files, folder)
		for _, f := range files {
			add(f, format, true)
			counts[format]++
		}
	}
	// Files the loader accepts that the schema must accept too, however
	// they write their keys; and wrong files the loader rejects.
	for _, valid := range []bool{true, false} {
		folder := map[bool]string{true: "right", false: "wrong"}[valid]
		files, err := filepath.Glob(filepath.Join("testdata", folder, "*.yaml"))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		for _, f := range files {
			format := strings.TrimPrefix(filepath.Ext(strings.TrimSuffix(f, ".yaml")), ".")
			require.Contains(t, schemaPath, format, "%s: name it NAME.FORMAT.yaml", f)
			if err := loadAs(format, f); valid {
				assert.NoError(t, err, "%s: the loader rejects it", f)
			} else {
				assert.Error(t, err, "%s: the loader accepts it, so the schema must too", f)
				nWrong++
			}
			add(f, format, valid)
			if !valid {
				assert.Contains(t, expect, f, "%s: give the error ajv must report in a \"# schema: \" line", f)
			}
		}
	}
	require.GreaterOrEqual(t, nWrong, 10)
	// The loader's own example of typical mistakes.
	typos := filepath.Join(root, "docs", "examples", "typos.yaml")
	assert.Error(t, loadAs("scenario", typos))
	add(typos, "scenario", false)
	nWrong++

	// One ajv process per schema, side by side: compiling the large
	// schemas is most of the time.
	var mu sync.Mutex
	var wg sync.WaitGroup
	var out []byte
	var failures []string
	for _, f := range docgen.Formats {
		var mine []ajvJob
		for _, j := range jobs {
			if j.Schema == schemaPath[f] {
				mine = append(mine, j)
			}
		}
		jobFile := filepath.Join(tmp, f+".jobs.json")
		js, err := json.Marshal(mine)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(jobFile, js, 0o644))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var stderr bytes.Buffer
			cmd := exec.Command(node, filepath.Join("testdata", "ajv-check.cjs"), dir, jobFile)
			cmd.Stderr = &stderr
			o, err := cmd.Output()
			mu.Lock()
			defer mu.Unlock()
			out = append(out, o...)
			if err != nil {
				failures = append(failures, fmt.Sprintf("ajv on the %s files: %v: %s", f, err, stderr.String()))
			}
		}()
	}
	wg.Wait()
	require.Empty(t, failures)
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
			if e := expect[r.Name]; e != "" {
				assert.True(t, slices.ContainsFunc(r.Errors, func(s string) bool { return strings.Contains(s, e) }),
					"%s: no error %q among %q", r.Name, e, r.Errors)
			}
			if testing.Verbose() {
				t.Logf("%s: %s", r.Name, strings.Join(r.Errors, "; "))
			}
		}
	}
	require.Equal(t, len(jobs), seen)
	for _, f := range docgen.Formats {
		assert.Positive(t, counts[f], "no bundled %s file", f)
	}
	t.Logf("ajv: bundled files valid by format %v; %d files in all, %d wrong ones rejected", counts, len(jobs), nWrong)
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
