package docgen_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/docgen"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// TestGeneratedDocsAreUpToDate fails when the committed docs differ from
// what the scenario types generate. Fix it with: make docs
func TestGeneratedDocsAreUpToDate(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	f := schema.Describe(reflect.TypeOf(scenarios.Scenario{}))
	f.Walk(func(c *schema.Field) {
		if c.Default != "" && c.Source == "" {
			t.Errorf("%s has a default but no source tag", c.Path)
		}
	})
}

// A default that cites a study or statute, rather than being an assumption
// or scenario input, carries the evidence grade of that source.
func TestEveryCitedSourceHasAGrade(t *testing.T) {
	t.Parallel()
	f := schema.Describe(reflect.TypeOf(scenarios.Scenario{}))
	n := 0
	f.Walk(func(c *schema.Field) {
		if c.Source == "" || strings.HasPrefix(c.Source, "assumption") || strings.HasPrefix(c.Source, "scenario input") {
			return
		}
		n++
		switch c.Grade {
		case "A", "B", "C", "U":
		default:
			t.Errorf("%s cites %q but has no grade tag (A, B, C or U), got %q", c.Path, c.Source, c.Grade)
		}
	})
	if n < 10 {
		t.Errorf("only %d cited sources found; the walk is broken", n)
	}
}
