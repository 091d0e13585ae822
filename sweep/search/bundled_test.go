package search

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/scenarios"
)

// Every bundled search file loads by name, and runs when cut down (10
// days, population 4, one generation, one replication).
func TestBundledSearchesLoadAndRun(t *testing.T) {
	t.Parallel()
	list := scenarios.BundledSearchList()
	require.NotEmpty(t, list)
	for _, b := range list {
		p, err := LoadSpec(b.Name)
		require.NoError(t, err, b.Name)
		assert.NotEmpty(t, b.Summary, "%s: a header comment says what it answers", b.Name)
		sp := p.Options().Spec
		assert.Positive(t, sp.Generations, b.Name)

		text, _ := scenarios.BundledSearch(b.Name)
		var cut []string
		for _, line := range strings.Split(string(text), "\n") {
			switch k, _, _ := strings.Cut(line, ":"); k {
			case "days":
				line = "days: 10"
			case "population":
				line = "population: 4"
			case "generations":
				line = "generations: 1"
			case "replications":
				line = "replications: 1"
			}
			cut = append(cut, line)
		}
		small, err := LoadSpec(writeSpec(t, strings.Join(cut, "\n")))
		require.NoError(t, err, b.Name)
		var h History
		res, err := Optimize(small, Options{Population: 4, Generations: 1, Seed: 1, Progress: h.Add})
		require.NoError(t, err, b.Name)
		assert.NotEmpty(t, res.Front, b.Name)
		assert.Len(t, h.Hypervolumes(), 2, b.Name)
	}
}
