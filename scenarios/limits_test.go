package scenarios_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

// wantErrors loads text and checks that it is rejected with located errors
// whose text holds every want, the first one at where.
func wantErrors(t *testing.T, text string, opt scenarios.LoadOptions, where string, want ...string) schema.Errors {
	t.Helper()
	_, errs := load(t, text, opt)
	require.NotEmpty(t, errs, "want an error for %q", text)
	msg := errs.Error()
	if where != "" {
		assert.True(t, strings.HasPrefix(msg, where+": "), "want location %q in %q", where, msg)
	}
	for _, w := range want {
		assert.Contains(t, msg, w)
	}
	checkLocated(t, errs)
	return errs
}

// checkLocated asserts what every loader error must satisfy: it says where
// the value came from and prints no control character.
func checkLocated(t testing.TB, errs schema.Errors) {
	t.Helper()
	for _, e := range errs {
		if e.Where == "" {
			t.Errorf("error without a location: %v", e)
		}
		if safetext.HasControl(e.Error()) {
			t.Errorf("error prints a control character: %q", e.Error())
		}
	}
}

func nest(open, leaf, close string, depth int) string {
	return strings.Repeat(open, depth) + leaf + strings.Repeat(close, depth)
}

// Nesting is limited on the YAML tree before anything else reads it, in
// every form that nests: flow and block mappings, lists, dotted keys and
// aliases.
func TestNestingDepthIsLimited(t *testing.T) {
	t.Parallel()
	limit := scenarios.MaxDepth
	block := func(depth int) string {
		var b strings.Builder
		for i := range depth {
			fmt.Fprintf(&b, "%sa:\n", strings.Repeat(" ", i))
		}
		fmt.Fprintf(&b, "%s1\n", strings.Repeat(" ", depth))
		return b.String()
	}
	dotted := func(depth int) string {
		return "x" + strings.Repeat(".a", depth-1) + ": 1\n"
	}
	for name, gen := range map[string]func(int) string{
		"flow mapping": func(d int) string { return "x: " + nest("{a: ", "1", "}", d-1) + "\n" },
		"flow list":    func(d int) string { return "x: " + nest("[", "1", "]", d-1) + "\n" },
		"block":        block,
		"dotted key":   dotted,
		"mixed":        func(d int) string { return "x: " + nest("[{a: ", "1", "}]", (d-1)/2) + "\n" },
		"alias": func(d int) string {
			// An anchor 10 levels deep, used ever deeper.
			text := "base: &b " + nest("[", "1", "]", 10) + "\n"
			return text + "x: " + nest("[", "*b", "]", d-11) + "\n"
		},
	} {
		t.Run(name, func(t *testing.T) {
			// At the limit the reader accepts the file (the decoder then
			// rejects the unknown key), one level more it does not.
			_, errs := load(t, minimal+gen(limit), scenarios.LoadOptions{})
			require.NotEmpty(t, errs)
			assert.NotContains(t, errs.Error(), "levels deep")
			errs = wantErrors(t, minimal+gen(limit+1), scenarios.LoadOptions{}, "",
				fmt.Sprintf("nests mappings and lists more than %d levels deep", limit))
			assert.Regexp(t, `^s\.yaml:[0-9]+: `, errs.Error(), "the line where the limit is passed")
		})
	}
	// The reproduction: depth 2,000 and 10,000 are refused at once.
	for _, d := range []int{2000, 10000} {
		wantErrors(t, nest("{a: ", "1", "}", d), scenarios.LoadOptions{}, "s.yaml:1", "levels deep")
	}
	// The line is that of the first key past the limit.
	errs := wantErrors(t, "name: x\n"+block(limit+5), scenarios.LoadOptions{}, "", "levels deep")
	assert.Equal(t, fmt.Sprintf("s.yaml:%d", limit+1), errs[0].Where)
}

func TestFileSizeIsLimited(t *testing.T) {
	t.Parallel()
	big := minimal + "description: \"" + strings.Repeat("x", scenarios.MaxFileBytes) + "\"\n"
	wantErrors(t, big, scenarios.LoadOptions{}, "s.yaml", "is larger than 4194304 bytes")

	// A timeline of 10^6 entries is refused by size, before it is parsed,
	// by Load and ReadFile (which stop reading past the limit).
	var b strings.Builder
	b.WriteString(minimal + "timeline:\n")
	for i := 0; i < 1_000_000; i++ {
		b.WriteString("  - {day: 1}\n")
	}
	p := filepath.Join(t.TempDir(), "huge.yaml")
	require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o644))
	_, err := scenarios.Load(p, scenarios.LoadOptions{})
	require.Error(t, err)
	assert.True(t, scenarios.IsInputError(err))
	assert.Contains(t, err.Error(), p+": is larger than")
	_, err = scenarios.ReadFile(p)
	assert.True(t, scenarios.IsInputError(err))

	// Override values are held to the same limit.
	_, errs := load(t, minimal, scenarios.LoadOptions{Set: []string{"description=" + strings.Repeat("x", scenarios.MaxFileBytes+1)}})
	require.NotEmpty(t, errs)
	assert.Contains(t, errs.Error(), "--set: description: holds a value that is larger than")
}

func TestListSizesAreLimited(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(minimal + "timeline:\n")
	for i := 0; i <= 10000; i++ {
		b.WriteString("  - {day: 1}\n")
	}
	wantErrors(t, b.String(), scenarios.LoadOptions{}, "s.yaml:6", "timeline: has 10001 items; allowed: at most 10000 items")

	b.Reset()
	b.WriteString("city:\n  districts:\n")
	for i := 0; i <= 4096; i++ {
		fmt.Fprintf(&b, "    - {name: d%d}\n", i)
	}
	wantErrors(t, b.String(), scenarios.LoadOptions{}, "s.yaml:2", "city.districts: has 4097 items; allowed: at most 4096 items")

	wantErrors(t, minimal+"military:\n  units:\n    - roles: [logistics, transport, base_security, surveillance_support, logistics, transport]\n", scenarios.LoadOptions{},
		"s.yaml:8", "military.units[0].roles: has 6 items; allowed: at most 5 items")
	wantErrors(t, minimal, scenarios.LoadOptions{Set: []string{"agreements.task_forces=[{agencies: [police, ice, police, ice, police]}]"}},
		"--set", "agreements.task_forces[0].agencies: has 5 items; allowed: at most 4 items")
}

func TestMappingWidthIsLimited(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(minimal + "timeline:\n  - day: 1\n    set:\n      policies:\n")
	for i := 0; i <= scenarios.MaxKeys; i++ {
		fmt.Fprintf(&b, "        k%d: 1\n", i)
	}
	wantErrors(t, b.String(), scenarios.LoadOptions{}, "s.yaml:10", "has a mapping of 257 keys; allowed: at most 256 keys in one mapping")
}

// Aliases that multiply the document ("billion laughs") are refused,
// however they nest; moderate use of anchors is fine.
func TestAliasExpansionIsLimited(t *testing.T) {
	t.Parallel()
	laughs := func(open, close string, levels int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "l0: &l0 %sx, x, x, x%s\n", open, close)
		for i := 1; i < levels; i++ {
			p := fmt.Sprintf("*l%d", i-1)
			if open == "{" {
				fmt.Fprintf(&b, "l%d: &l%d {a: %s, b: %s, c: %s, d: %s}\n", i, i, p, p, p, p)
			} else {
				fmt.Fprintf(&b, "l%d: &l%d [%s, %s, %s, %s]\n", i, i, p, p, p, p)
			}
		}
		return b.String()
	}
	wantErrors(t, laughs("[", "]", 9), scenarios.LoadOptions{}, "s.yaml", "has aliases that expand it to")
	wantErrors(t, minimal+"timeline: [{day: 1, set: {x: "+strings.TrimPrefix(laughs("{a: ", "}", 9), "l0: ")+"}}]\n", scenarios.LoadOptions{}, "", "")
	wantErrors(t, "l0: &l0 {a: x, b: x, c: x, d: x}\n"+strings.Join(func() []string {
		var out []string
		for i := 1; i < 9; i++ {
			out = append(out, fmt.Sprintf("l%d: &l%d {a: *l%d, b: *l%d, c: *l%d, d: *l%d}", i, i, i-1, i-1, i-1, i-1))
		}
		return out
	}(), "\n")+"\n", scenarios.LoadOptions{}, "s.yaml", "has aliases that expand it to")
	wantErrors(t, "a: &a [1, *a]\n", scenarios.LoadOptions{}, "s.yaml:1", "has an alias inside the anchor it refers to")
	wantErrors(t, minimal, scenarios.LoadOptions{Set: []string{"description=[&a [x, x, x, x], &b [*a, *a, *a, *a], &c [*b, *b, *b, *b], &d [*c, *c, *c, *c], &e [*d, *d, *d, *d], &f [*e, *e, *e, *e], &g [*f, *f, *f, *f]]"}},
		"--set", "description: holds a value that has aliases that expand it")

	// A district template merged into districts loads as written out.
	l, errs := load(t, "name: t\ncity:\n  districts:\n    - &d {name: a, population: 5000, language_access: 0.5}\n    - {<<: *d, name: b}\n    - {<<: *d, name: c, population: 7000}\n", scenarios.LoadOptions{})
	require.Empty(t, errs)
	require.Len(t, l.Scenario.City.Districts, 3)
	assert.Equal(t, 5000, l.Scenario.City.Districts[1].Population)
	assert.Equal(t, 0.5, l.Scenario.City.Districts[1].LanguageAccess)
	assert.Equal(t, 7000, l.Scenario.City.Districts[2].Population)
}

// A key written with no value is an error where a value or a list is
// wanted; the default is never kept silently.
func TestKeysWithoutValue(t *testing.T) {
	t.Parallel()
	days := "allowed: a number from 1 to 36500 — remove the key to use the default 365"
	for _, text := range []string{"days: ~\n", "days:\n", "days: null\n", "days: {}\n", "days: []\n"} {
		wantErrors(t, minimal+text, scenarios.LoadOptions{}, "s.yaml:6", "days: has no value; "+days)
		wantErrors(t, text+minimal, scenarios.LoadOptions{}, "s.yaml:1", "days: has no value; "+days)
	}
	cases := []struct{ text, where, want string }{
		{"policies: {detainers: ~}\n", "s.yaml:6", "policies.detainers: has no value; allowed: one of honor_all, judicial_warrant_only, never — remove the key to use the default honor_all"},
		{"policies.detainers:\n", "s.yaml:6", "policies.detainers: has no value"},
		{"policies:\n  info_sharing:\n    fingerprints:\n", "s.yaml:8", "policies.info_sharing.fingerprints: has no value; allowed: true or false — remove the key to use the default true"},
		{"description:\n", "s.yaml:6", `description: has no value; allowed: a string — remove the key to use the default ""`},
		{"reporting: {base_rate: {theft: ~}}\n", "s.yaml:6", "reporting.base_rate.theft: has no value; allowed: a number from 0 to 1 — remove the key to use the default 0.28"},
		{"military: {units: ~}\n", "s.yaml:6", "military.units: has no value; allowed: a list of at most 1000 items"},
		{"military: {units: {}}\n", "s.yaml:6", "military.units: has no value"},
		{"military: {units: [~]}\n", "s.yaml:6", "military.units[0]: has no value"},
		{"military: {units: [{roles: ~}]}\n", "s.yaml:6", "military.units[0].roles: has no value; allowed: a list of at most 5 items, each one of logistics"},
		{"military: {units: [{roles: [transport, ~]}]}\n", "s.yaml:6", "military.units[0].roles[1]: has no value"},
		{"timeline: [{day: ~}]\n", "s.yaml:6", "timeline[0].day: has no value"},
		{"timeline: [{day: 3, set: {policies: {outreach: ~}}}]\n", "s.yaml:6", "timeline[0].set.policies.outreach: has no value; allowed: a number from 0 to 1 — remove the key to leave the value unchanged"},
		{"parameter_sets: ~\n", "s.yaml:6", "parameter_sets: has no value"},
	}
	for _, tc := range cases {
		wantErrors(t, minimal+tc.text, scenarios.LoadOptions{}, tc.where, tc.want)
	}
	wantErrors(t, "city:\n  districts:\n    - name: a\n      population:\n", scenarios.LoadOptions{}, "s.yaml:4",
		"city.districts[0].population: has no value; allowed: a whole number from 100 to 50000000 — remove the key to use the default 20000")
	// An override replaces the key written without a value.
	l, errs := load(t, minimal+"days:\n", scenarios.LoadOptions{Set: []string{"days=30"}})
	require.Empty(t, errs)
	assert.Equal(t, 30.0, l.Scenario.Days)
}

// An empty section (policies: ~, policies:, policies: {}) gives no keys:
// all of them keep their defaults, as if the section were left out. An
// empty list is a list without items.
func TestEmptySectionMeansDefaults(t *testing.T) {
	t.Parallel()
	plain, errs := load(t, minimal, scenarios.LoadOptions{})
	require.Empty(t, errs)
	for _, text := range []string{"policies: ~\n", "policies:\n", "policies: {}\n", "policies: {info_sharing: {}}\n", "reporting: {base_rate: ~}\n", "reporting:\n  base_rate: {}\n", "timeline: []\n", "military: {units: []}\n", "parameter_sets: []\n"} {
		l, errs := load(t, minimal+text, scenarios.LoadOptions{})
		require.Empty(t, errs, text)
		assert.Equal(t, plain.Hash, l.Hash, "%q is the same as leaving it out", text)
	}
	l, errs := load(t, minimal+"policies: {}\n", scenarios.LoadOptions{Set: []string{"policies.detainers=never"}})
	require.Empty(t, errs)
	assert.Equal(t, agents.NeverHonor, l.Scenario.Policies.Detainers)
	// An empty list overrides a default that is not empty.
	l, errs = load(t, minimal+"agreements: {task_forces: [{agencies: [police, ice], name: tf}]}\n", scenarios.LoadOptions{Set: []string{"agreements.task_forces[0].agencies=[police, border_patrol]"}})
	require.Empty(t, errs)
	assert.Equal(t, []agents.Agency{agents.AgencyPolice, agents.AgencyBorderPatrol}, l.Scenario.Agreements.TaskForces[0].Agencies)
}

// Inputs that a YAML loader built on viper silently drops or folds are
// errors naming the key and the line.
func TestNothingInTheFileIsDropped(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, text, where, want string }{
		{"second document", "days: 3\n---\ndays: 4\n", "s.yaml:2", "starts a second YAML document"},
		{"second document after a first ---", "---\ndays: 3\n---\n" + minimal, "s.yaml:3", "starts a second YAML document"},
		{"empty second document", minimal + "---\n", "s.yaml:6", "starts a second YAML document"},
		{"content after end marker", "days: 3\n...\n" + minimal, "s.yaml", "not valid YAML"},
		{"duplicate key", "days: 1\ndays: 2\n" + minimal, "s.yaml:2", "days: is given twice (also at line 1)"},
		{"duplicate nested key", minimal + "policies:\n  detainers: never\n  outreach: 0.5\n  detainers: never\n", "s.yaml:9", "policies.detainers: is given twice (also at line 7)"},
		{"dotted then nested", "policies.detainers: never\npolicies: {detainers: judicial_warrant_only}\n" + minimal, "s.yaml:2", "policies.detainers: is given twice (also at line 1)"},
		{"nested then dotted", "policies: {detainers: judicial_warrant_only}\npolicies.detainers: never\n" + minimal, "s.yaml:2", "policies.detainers: is given twice (also at line 1)"},
		{"dotted twice", "policies.detainers: never\npolicies.detainers: never\n" + minimal, "s.yaml:2", "is given twice"},
		{"value then keys", "policies: never\npolicies.detainers: never\n" + minimal, "s.yaml:2", "policies.detainers: sets a key below policies, which has a value at line 1"},
		{"keys then value", "policies.detainers: never\npolicies: never\n" + minimal, "s.yaml:2", "policies: has a value here and keys below it at line 1"},
		{"null then keys", "policies: ~\npolicies.detainers: never\n" + minimal, "s.yaml:2", "sets a key below policies"},
		{"in a timeline entry", minimal + "timeline:\n  - day: 1\n    set: {policies.detainers: never, policies: {detainers: honor_all}}\n", "s.yaml:8", "timeline[0].set.policies.detainers: is given twice"},
		{"null key", "~: 3\n" + minimal, "s.yaml:1", "has a key that is not a string"},
		{"list key", "? [a, b]\n: 3\n" + minimal, "s.yaml:1", "has a key that is not a string"},
		{"empty key", "'': 3\n" + minimal, "s.yaml:1", "has an empty key"},
		{"leading dot", ".days: 3\n" + minimal, "s.yaml:1", ".days: has an empty part between dots"},
		{"trailing dot", "days.: 3\n" + minimal, "s.yaml:1", "days.: has an empty part between dots"},
		{"double dot", minimal + "policies..detainers: never\n", "s.yaml:6", "has an empty part between dots"},
		{"upper case in a list", "city:\n  districts:\n    - Name: a\n", "s.yaml:3", "city.districts[0].Name: is not lower case"},
		{"top level list", "- a\n", "s.yaml:1", "must be a mapping"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantErrors(t, tc.text, scenarios.LoadOptions{}, tc.where, tc.want)
		})
	}
	// Merge keys are YAML, not duplicates: explicit keys win over merged.
	l, errs := load(t, "name: t\ncity:\n  districts:\n    - &d {name: a, population: 5000}\n    - <<: *d\n      name: b\n", scenarios.LoadOptions{})
	require.Empty(t, errs)
	assert.Equal(t, "b", l.Scenario.City.Districts[1].Name)
	// Nested and dotted forms of different keys combine.
	l, errs = load(t, minimal+"policies: {outreach: 0.5}\npolicies.detainers: never\n", scenarios.LoadOptions{})
	require.Empty(t, errs)
	assert.Equal(t, 0.5, l.Scenario.Policies.Outreach)
	assert.Equal(t, agents.NeverHonor, l.Scenario.Policies.Detainers)
}

// Every override path must be well formed, have a value and name a
// scenario key; otherwise it is an error naming the override.
func TestOverridePathsAreChecked(t *testing.T) {
	t.Parallel()
	cases := []struct{ set, want string }{
		{".policies.detainers=never", ".policies.detainers: begins with a dot"},
		{"policies..detainers=x", "policies..detainers: has an empty key before the dot at character 10"},
		{"policies.detainers.=never", "policies.detainers.: ends with a dot"},
		{"policies.detainers =never", `has the key "detainers ", which holds a space`},
		{" days=3", `has the key " days", which holds a space`},
		{"Policies.Detainers=never", `has the key "Policies", which is not lower case`},
		{"policies=never", `policies: "never" is not a mapping`},
		{"nosuch.key=1", "nosuch: is not a known key; allowed: name, description"},
		{"polices.detainers=never", "polices: is not a known key; allowed: name, description, seed, days, output, parameter_sets, parameter_set_files, city, reporting, offending, removal, police, jail, ice, border_patrol, military, agreements, policies, channels, safety, trust, legal, population, community, calendar, operations, timeline (did you mean police or policies?)"},
		{"policies.detainer=never", "policies.detainer: is not a known key; allowed: detainers"},
		{"days.x=1", `days: is not a mapping, so it has no key "x"; allowed: a number from 1 to 36500`},
		{"days[0]=1", `days[0]: has no list "days" to index`},
		{"name[0]=1", `name[0]: is not a list, so it has no item [0]`},
		{"x[99999999999999999999]=1", "x[99999999999999999999]: has the index [99999999999999999999], which is not a list index; allowed: keys of lower-case letters"},
		{"x[0x1]=1", "has the index [0x1], which is not a list index"},
		{"city.districts[-1].population=1", "has the index [-1], which is not a list index"},
		{"city.districts[01].population=1", "has the index [01], which is not a list index"},
		{"city.districts[].population=1", "has the index [], which is not a list index"},
		{"city.districts[0]x=1", `has "x" right after the index [0], where a dot or another index belongs`},
		{"city.districts.[0]=1", "has the index [0] after a dot"},
		{"[0]=1", "begins with an index"},
		{"city.districts[0=1", `has an unclosed "["`},
		{"city.districts]=1", `has a "]" without "["`},
		{"city.districts[3].population=10", "index 3 is out of range: the list has 1 items"},
		{"days=", "days: has no value; allowed: a value after '='"},
		{"days=  ", "days: has no value"},
		{"days=~", "days: has no value"},
		{"days=null", "days: has no value"},
		{"policies={}", "policies: has no value"},
		{"timeline[0].set" + strings.Repeat(".a", 40) + "=1", "has 43 parts; allowed: a path of at most 32 keys and indices"},
		{"=3", "is not of the form path=value"},
		{"days", "is not of the form path=value"},
		{"name=\x1b[2Jx", `name: "\x1b[2Jx" holds control characters`},
		{"d\x1bays=3", `has the key "d\x1bays", which holds a control character`},
	}
	for _, tc := range cases {
		t.Run(tc.set, func(t *testing.T) {
			wantErrors(t, minimal, scenarios.LoadOptions{Set: []string{tc.set}}, "--set", tc.want)
		})
	}
}

func TestEnvironmentOverridesAreChecked(t *testing.T) {
	t.Parallel()
	cases := []struct{ env, where, want string }{
		{"AGENCYSIM_NOSUCH=1", "environment AGENCYSIM_NOSUCH", "nosuch: is not a known key"},
		{"AGENCYSIM_POLICIES__=x", "environment AGENCYSIM_POLICIES__", `has an empty part ("__" at the start or end, or "____")`},
		{"AGENCYSIM___DAYS=3", "environment AGENCYSIM___DAYS", "has an empty part"},
		{"AGENCYSIM_POLICIES____DETAINERS=never", "environment AGENCYSIM_POLICIES____DETAINERS", "has an empty part"},
		{"AGENCYSIM_POLICIES___DETAINERS=never", "environment AGENCYSIM_POLICIES___DETAINERS", "policies._detainers: is not a known key"},
		{"AGENCYSIM_DAYS=", "environment AGENCYSIM_DAYS", "days: has no value"},
		{"AGENCYSIM_DAYS=~", "environment AGENCYSIM_DAYS", "days: has no value"},
		{"AGENCYSIM_DAYS", "environment AGENCYSIM_DAYS", "days: has no value"},
		{"AGENCYSIM_Days=3", "environment AGENCYSIM_Days", "is not upper case"},
		{"AGENCYSIM_=3", "environment AGENCYSIM_", "names no key"},
		{"AGENCYSIM_0__DAYS=3", "environment AGENCYSIM_0__DAYS", "begins with a list index"},
		{"AGENCYSIM_CITY__DISTRICTS__00__POPULATION=3", "environment AGENCYSIM_CITY__DISTRICTS__00__POPULATION", `stands for the key path "city.districts[00].population", which has the index [00]`},
		{"AGENCYSIM_CITY__DISTRICTS__99999999999__POPULATION=3", "environment AGENCYSIM_CITY__DISTRICTS__99999999999__POPULATION", "which has the index [99999999999], which is not a list index"},
		{"AGENCYSIM_CITY__DISTRICTS__5__POPULATION=3", "environment AGENCYSIM_CITY__DISTRICTS__5__POPULATION", "index 5 is out of range"},
		{"AGENCYSIM_POLICIES__DETAINERS=sometimes", "environment AGENCYSIM_POLICIES__DETAINERS", `policies.detainers: "sometimes" is not an allowed value`},
		{"AGENCYSIM_CITY.DISTRICTS=3", "environment AGENCYSIM_CITY.DISTRICTS", `holds '.', which is not a letter, digit or '_'`},
		{"AGENCYSIM_DAYS[0]=3", "environment AGENCYSIM_DAYS[0]", `holds '['`},
	}
	for _, tc := range cases {
		t.Run(tc.env, func(t *testing.T) {
			wantErrors(t, minimal, scenarios.LoadOptions{Env: []string{tc.env, "HOME=/root", "agencysim_days=3"}}, tc.where, tc.want)
		})
	}
}

func TestParamPathsAreChecked(t *testing.T) {
	t.Parallel()
	where := "sweep.yaml:12 (arm n)"
	cases := []struct {
		p    scenarios.Param
		want string
	}{
		{scenarios.Param{Path: ".days", Value: 3}, ".days: begins with a dot"},
		{scenarios.Param{Path: "polices.detainers", Value: "never"}, "polices: is not a known key"},
		{scenarios.Param{Path: "days", Value: nil}, "days: has no value"},
		{scenarios.Param{Path: "policies", Value: map[string]any{}}, "policies: has no value"},
		{scenarios.Param{Path: "x[0x1]", Value: 1}, "has the index [0x1]"},
		{scenarios.Param{Path: "policies.detainers", Value: "nevr"}, `policies.detainers: "nevr" is not an allowed value`},
	}
	for _, tc := range cases {
		tc.p.Where = where
		wantErrors(t, minimal, scenarios.LoadOptions{Params: []scenarios.Param{tc.p}}, where, tc.want)
	}
	// Without a Where the path stands in.
	wantErrors(t, minimal, scenarios.LoadOptions{Params: []scenarios.Param{{Path: "days", Value: -1}}}, "override of days", "days: -1 is out of range")
}

// Overrides apply in order, params then environment then --set, whether
// or not they index lists.
func TestOverridesApplyInOrder(t *testing.T) {
	t.Parallel()
	l, errs := load(t, minimal, scenarios.LoadOptions{Set: []string{"city.districts[0].population=7000", "city.districts=[{name: b}]"}})
	require.Empty(t, errs)
	assert.Equal(t, "b", l.Scenario.City.Districts[0].Name)
	assert.Equal(t, 20000, l.Scenario.City.Districts[0].Population, "the later list replaces the earlier item")

	l, errs = load(t, minimal, scenarios.LoadOptions{Set: []string{"city.districts=[{name: b}]", "city.districts[0].population=7000"}})
	require.Empty(t, errs)
	assert.Equal(t, 7000, l.Scenario.City.Districts[0].Population)

	l, errs = load(t, minimal, scenarios.LoadOptions{
		Params: []scenarios.Param{{Path: "days", Value: 10, Where: "p"}, {Path: "policies.outreach", Value: 0.1, Where: "p"}},
		Env:    []string{"AGENCYSIM_DAYS=20"},
		Set:    []string{"policies={outreach: 0.3}"},
	})
	require.Empty(t, errs)
	assert.Equal(t, 20.0, l.Scenario.Days)
	assert.Equal(t, 0.3, l.Scenario.Policies.Outreach)
	assert.Equal(t, agents.HonorAll, l.Scenario.Policies.Detainers, "a mapping merges into the section")
}

// An error on a key that an override created is located at that override,
// not at the file it overrides.
func TestErrorsOnKeysAnOverrideCreated(t *testing.T) {
	t.Parallel()
	where := "sweep.yaml:12 (arm n)"
	wantErrors(t, minimal, scenarios.LoadOptions{Params: []scenarios.Param{{Path: "polices.detainers", Value: "never", Where: where}}}, where, "polices: is not a known key")
	wantErrors(t, minimal, scenarios.LoadOptions{Set: []string{"polices.detainers=never"}}, "--set", "polices: is not a known key")
	wantErrors(t, minimal, scenarios.LoadOptions{Env: []string{"AGENCYSIM_POLICES__DETAINERS=never"}}, "environment AGENCYSIM_POLICES__DETAINERS", "polices: is not a known key")

	// The same through Document.Locate, as the sweep loader uses it: the
	// decoder blames the unknown section, which only the override wrote.
	type format struct {
		Name string         `yaml:"name" default:"x"`
		Arms map[string]any `yaml:"arms" default:"{}"`
	}
	doc, err := scenarios.ReadDocument("sweep.yaml", []byte("name: s\narms:\n  n: {days: 3}\n"), scenarios.LoadOptions{Set: []string{"replicatons.x=3", "arms.n.days=4"}})
	require.NoError(t, err)
	var f format
	errs := schema.Decode(doc.Tree, &f)
	require.Len(t, errs, 1)
	doc.Locate(errs)
	assert.Equal(t, "--set", errs[0].Where)
	assert.Equal(t, "replicatons", errs[0].Path)
	assert.Equal(t, 4, f.Arms["n"].(map[string]any)["days"])

	// Keys the file writes are still located at their line.
	errs = schema.Errors{{Path: "arms.n.days"}, {Path: "arms.n.days.x"}, {Path: "name"}}
	doc.Locate(errs)
	assert.Equal(t, "--set", errs[0].Where, "the override set it")
	assert.Equal(t, "--set", errs[1].Where)
	assert.Equal(t, "sweep.yaml:1", errs[2].Where)
}

func TestNamesAndDescriptions(t *testing.T) {
	t.Parallel()
	unnamed := strings.TrimPrefix(minimal, "name: tiny\n")
	long := strings.Repeat("x", 300)
	wantErrors(t, "name: "+long+"\n"+unnamed, scenarios.LoadOptions{}, "s.yaml:1", "is 300 characters long; allowed: a name of 1 to 64 characters without control characters")
	wantErrors(t, minimal, scenarios.LoadOptions{Set: []string{"name=" + long}}, "--set", "is 300 characters long")
	wantErrors(t, "name: \"a\\e[2Jb\"\n"+unnamed, scenarios.LoadOptions{}, "s.yaml:1", `name: "a\x1b[2Jb" holds control characters`)
	wantErrors(t, "name: \"evil\\u202Etxt\"\n"+unnamed, scenarios.LoadOptions{}, "s.yaml:1", `holds control characters`)
	wantErrors(t, "name: \"\"\n"+unnamed, scenarios.LoadOptions{}, "s.yaml:1", "is empty")
	l, errs := load(t, "name: "+strings.Repeat("é", 64)+"\n"+unnamed, scenarios.LoadOptions{})
	require.Empty(t, errs)
	assert.Len(t, []rune(l.Scenario.Name), 64)

	l, errs = load(t, "description: |\n  Two lines\n  \tand a tab.\n"+minimal, scenarios.LoadOptions{})
	require.Empty(t, errs)
	assert.Equal(t, "Two lines\n\tand a tab.\n", l.Scenario.Description)
	for _, d := range []string{`"bell\a"`, `"cr\r"`, `"esc\e[31m"`, `"nul\0"`} {
		wantErrors(t, "description: "+d+"\n"+unnamed, scenarios.LoadOptions{}, "s.yaml:1", "description:", "holds control characters; allowed: text with newlines and tabs but no other control characters")
	}
	// Keys with control characters are errors, printed escaped.
	wantErrors(t, "\"da\\eys\": 3\n"+minimal, scenarios.LoadOptions{}, "s.yaml:1", `da\x1bys: holds control characters`)
	// The place an override came from is user text too.
	wantErrors(t, minimal, scenarios.LoadOptions{Params: []scenarios.Param{{Path: "days", Value: 0, Where: "arm \x1b[2J"}}}, `arm \x1b[2J`, "days: 0 is out of range")
}

// Sweep files are read with ReadDocument, under the same limits and key
// checks as scenario files.
func TestReadDocumentHasTheSameLimits(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"arms: " + nest("{a: ", "1", "}", 40) + "\n": "levels deep",
		"arms: {n: {}}\n---\nreplications: 3\n":      "starts a second YAML document",
		"arms:\n  n: {}\n  n: {days: 3}\n":           "arms.n: is given twice (also at line 2)",
		"Arms: {}\n":                                 "Arms: is not lower case",
	} {
		_, err := scenarios.ReadDocument("sweep.yaml", []byte(text), scenarios.LoadOptions{})
		require.Error(t, err, text)
		assert.True(t, scenarios.IsInputError(err))
		assert.Contains(t, err.Error(), want)
	}
	_, err := scenarios.ReadDocument("sweep.yaml", []byte("arms: {}\n"), scenarios.LoadOptions{Set: []string{"replications="}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--set: replications: has no value")
	doc, err := scenarios.ReadDocument("sweep.yaml", []byte("arms:\n  a: {}\n  b: ~\n  c.d: 1\n"), scenarios.LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c"}, doc.Keys("arms"), "keys with no value are kept, dotted keys split")
	assert.Equal(t, map[string]any{}, doc.Tree["arms"].(map[string]any)["a"])
	assert.Nil(t, doc.Tree["arms"].(map[string]any)["b"])
	assert.Equal(t, 4, doc.Line("arms.c.d"))
}

// The time series is bounded: days and output.interval_days together may
// not ask for more samples than the model keeps, whichever key or override
// sets them.
func TestSeriesLengthIsLimited(t *testing.T) {
	t.Parallel()
	wantErrors(t, minimal+"days: 36500\noutput: {interval_days: 0.25}\n", scenarios.LoadOptions{},
		"s.yaml:7", "output.interval_days: 0.25 makes 146000 time-series samples over 36500 days, more than 36500", "at least 1 days")
	wantErrors(t, minimal, scenarios.LoadOptions{Set: []string{"days=20000", "output.interval_days=0.5"}},
		"--set", "makes 40000 time-series samples")
	_, errs := load(t, minimal+"days: 36500\noutput: {interval_days: 1}\n", scenarios.LoadOptions{})
	assert.Empty(t, errs, "one sample a day for 100 years is within the limit")
}
