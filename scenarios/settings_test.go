package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"go.yaml.in/yaml/v3"

	"github.com/agencysim/agencysim/schema"
)

// settingsCases are documents whose reading is easy to get wrong: dotted
// and written-out keys together, keys with no value at any depth, lists
// of mappings (whose keys are not split), anchors and merge keys, numbers
// of every size, keys that are not text.
var settingsCases = []string{
	"",
	"name: x\n",
	"policies.detainers: never\npolicies:\n  priority: all\n",
	"a:\n  b.c: 1\n  d:\n    e.f.g: [1, 2]\n",
	"a: null\nb: {}\nc:\n  d: ~\n  e: {}\nf: []\n",
	"a:\n  b:\n    c: {}\n",
	"task_forces:\n  - name: t\n    agencies: [ice, police]\n    x.y: 1\n  - {}\n  - null\n",
	"base: &b\n  k: 1\n  l: two\nother:\n  <<: *b\n  l: three\n",
	"n: 12\nbig: 9007199254740993\nhuge: 18446744073709551615\nneg: -3\nf: 1.5e3\ninf: .inf\nnan: .nan\nhex: 0x1F\noct: 0o17\n",
	"t: 2026-12-01\ns: 'yes'\nb: yes\nq: \"on\"\n",
	"1: one\ntrue: yes\nm:\n  2: two\n",
	"lst:\n  - [1, [2, {a: 1}]]\n  - {k: {l: m}}\n",
	"Upper: 1\nmixed:\n  CaseKey: 2\nlist:\n  - Key: 3\n",
}

// The browser's reader gives the tree viper gives, for every bundled
// scenario and sweep and for documents whose reading is easy to get wrong.
func TestSettingsAgree(t *testing.T) {
	t.Parallel()
	docs := map[string][]byte{}
	for i, c := range settingsCases {
		docs[string(rune('A'+i))+": "+c] = []byte(c)
	}
	files, err := filepath.Glob("*.yaml")
	require.NoError(t, err)
	more, err := filepath.Glob("sweeps/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		docs[f] = b
	}
	for name, data := range docs {
		want, werr := readSettings(data)
		got, gerr := yamlSettings(data)
		require.Equal(t, werr == nil, gerr == nil, "%s: viper %v, yaml %v", name, werr, gerr)
		if werr == nil {
			assert.Equal(t, tree(want), tree(got), "%s", name)
		}
	}
	// A dotted key and a written-out one are one key.
	got, err := yamlSettings([]byte("a.b: 1\na:\n  c: 2\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"a": map[string]any{"b": 1, "c": 2}}, got)
}

func FuzzSettingsAgree(f *testing.F) {
	for _, c := range settingsCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 || !keysAccepted(data) {
			return
		}
		want, werr := readSettings(data)
		got, gerr := yamlSettings(data)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("viper %v, yaml %v", werr, gerr)
		}
		if werr == nil {
			assert.Equal(t, tree(want), tree(got))
		}
	})
}

// tree writes a normalized tree as Go syntax (maps in key order, numbers
// with their types, NaN equal to NaN), for comparing two.
func tree(m map[string]any) string { return fmt.Sprintf("%#v", schema.Normalize(m)) }

// keysAccepted reports whether the loader accepts a document's keys (one
// mapping, each key non-empty, in lower case, given once): readTree reads
// no other document's settings.
func keysAccepted(data []byte) bool {
	root, err := parseDocument("f.yaml", data)
	if err != nil {
		return false
	}
	if root == nil {
		return true
	}
	if root.Kind != yaml.MappingNode {
		return false
	}
	var errs schema.Errors
	newOrigins("f.yaml").index(root, "", false, &errs)
	return len(errs) == 0
}
