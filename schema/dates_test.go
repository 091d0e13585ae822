package schema_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/schema"
)

type dated struct {
	Start string   `yaml:"start" default:"2025-01-06"`
	Extra []string `yaml:"extra" default:"[]" json:"-" hash:"nondefault"`
}

// An unquoted YAML date reads as its text, in a default, a scalar from the
// command line and a list; a list tagged hash:"nondefault" is compared as
// a whole (an empty list is its default).
func TestDatesReadAsText(t *testing.T) {
	t.Parallel()
	f := schema.Describe(reflect.TypeOf(dated{}))
	var v dated
	require.Empty(t, schema.Decode(map[string]any{"extra": schema.ParseScalar("[2025-03-31, 2025-11-28]")}, &v))
	assert.Equal(t, "2025-01-06", v.Start)
	assert.Equal(t, []string{"2025-03-31", "2025-11-28"}, v.Extra)
	assert.Equal(t, []string{"extra=[2025-03-31 2025-11-28]"}, schema.NonDefault(f, &v))
	var e dated
	require.Empty(t, schema.Decode(map[string]any{"extra": []any{}}, &e))
	assert.Empty(t, schema.NonDefault(f, &e))
	e.Extra = nil
	assert.Empty(t, schema.NonDefault(f, &e))
}
