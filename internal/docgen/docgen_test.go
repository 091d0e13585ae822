package docgen_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/docgen"
	"github.com/agencysim/agencysim/internal/schema"
	"github.com/agencysim/agencysim/scenarios"
)

// TestGeneratedDocsAreUpToDate fails when the committed docs differ from
// what the scenario types generate. Fix it with: make docs
func TestGeneratedDocsAreUpToDate(t *testing.T) {
	root := filepath.Join("..", "..")
	files, err := docgen.Files(root)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for path, want := range files {
		got, err := os.ReadFile(filepath.Join(root, path))
		require.NoError(t, err, "%s is missing: run make docs", path)
		assert.Equal(t, string(want), string(got), "%s is out of date: run make docs", path)
	}
}

// Every key with a default states where the default comes from.
func TestEveryDefaultHasASource(t *testing.T) {
	f := schema.Describe(reflect.TypeOf(scenarios.Scenario{}))
	f.Walk(func(c *schema.Field) {
		if c.Default != "" && c.Source == "" {
			t.Errorf("%s has a default but no source tag", c.Path)
		}
	})
}
