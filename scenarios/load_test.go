package scenarios_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/scenarios"
	"github.com/agencysim/agencysim/schema"
)

const minimal = `name: tiny
city:
  districts:
    - name: a
      population: 5000
`

func load(t *testing.T, text string, opt scenarios.LoadOptions) (*scenarios.Loaded, schema.Errors) {
	t.Helper()
	l, err := scenarios.LoadBytes("s.yaml", []byte(text), opt)
	if err == nil {
		return l, nil
	}
	var es schema.Errors
	require.True(t, errors.As(err, &es), "want located input errors, got %v", err)
	return nil, es
}

func TestBundledBaselineLoads(t *testing.T) {
	t.Parallel()
	l, err := scenarios.Load("", scenarios.LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, "bundled:baseline", l.Source)
	assert.Equal(t, "baseline", l.Scenario.Name)
	assert.Len(t, l.Scenario.City.Districts, 9)
	pop := 0
	for _, d := range l.Scenario.City.Districts {
		pop += d.Population
	}
	assert.Equal(t, 200000, pop)
	assert.Len(t, l.Hash, 64)

	l2, err := scenarios.Load("baseline", scenarios.LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, l.Hash, l2.Hash, "hash is stable")

	_, err = scenarios.Load("no-such-file.yaml", scenarios.LoadOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bundled scenarios: baseline")
	assert.False(t, scenarios.IsInputError(err))
	var pe *fs.PathError
	assert.True(t, errors.As(err, &pe), "the I/O error is kept")
	_, err = scenarios.Load("no-such\x1b[2J.yaml", scenarios.LoadOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `no-such\x1b[2J.yaml`, "the name is printed escaped")
}

func TestDefaultsFillAbsentKeys(t *testing.T) {
	t.Parallel()
	l, errs := load(t, minimal, scenarios.LoadOptions{})
	require.Empty(t, errs)
	s := l.Scenario
	assert.Equal(t, 365.0, s.Days)
	assert.EqualValues(t, 1, s.Seed)
	assert.Equal(t, agents.HonorAll, s.Policies.Detainers)
	assert.Equal(t, 0.86, s.City.Districts[0].Groups.Citizen)
	assert.Equal(t, 0.78, s.Reporting.BaseRate.MotorVehicleTheft)
	assert.Equal(t, 48.0, s.Policies.HoldHours)
}

func TestPartialMappingKeepsOtherDefaults(t *testing.T) {
	t.Parallel()
	l, errs := load(t, minimal+"reporting:\n  base_rate: {theft: 0.3}\n", scenarios.LoadOptions{})
	require.Empty(t, errs)
	assert.Equal(t, 0.3, l.Scenario.Reporting.BaseRate.Theft)
	assert.Equal(t, 0.78, l.Scenario.Reporting.BaseRate.MotorVehicleTheft)
}

// Each class of input error names the file and line, the key path, the
// value and what is allowed.
func TestLoaderErrorClasses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		text  string
		where string
		want  []string
	}{
		{"unknown key with suggestion", minimal + "polices:\n  detainers: never\n", "s.yaml:6",
			[]string{"polices: is not a known key", "allowed: name, description", "did you mean police or policies?"}},
		{"nested unknown key", minimal + "policies:\n  detainer: never\n", "s.yaml:7",
			[]string{"policies.detainer: is not a known key", "did you mean detainers?"}},
		{"wrong type", strings.Replace(minimal, "population: 5000", "population: many", 1), "s.yaml:5",
			[]string{`city.districts[0].population: "many" is not a whole number`, "allowed: a whole number from 100 to 50000000"}},
		{"fraction for an integer", strings.Replace(minimal, "population: 5000", "population: 5000.5", 1), "s.yaml:5",
			[]string{"city.districts[0].population: 5000.5 is not a whole number"}},
		{"out of range", minimal + "policies:\n  outreach: 1.5\n", "s.yaml:7",
			[]string{"policies.outreach: 1.5 is out of range", "allowed: a number from 0 to 1"}},
		{"enum", minimal + "policies:\n  detainers: sometimes\n", "s.yaml:7",
			[]string{`policies.detainers: "sometimes" is not an allowed value`, "one of honor_all, judicial_warrant_only, never"}},
		{"boolean", minimal + "legal:\n  insurrection_act: yes\n", "s.yaml:7",
			[]string{`legal.insurrection_act: "yes" is not true or false`}},
		{"list expected", minimal + "military:\n  units: lots\n", "s.yaml:7",
			[]string{`military.units: "lots" is not a list`}},
		{"shares", strings.Replace(minimal, "population: 5000", "population: 5000\n      groups: {citizen: 0.9}", 1), "s.yaml:6",
			[]string{"city.districts[0].groups: 1.04 shares do not sum to 1"}},
		{"posse comitatus", minimal + "military:\n  units:\n    - name: x\n      status: title10\n      roles: [transport, law_enforcement]\n", "s.yaml:10",
			[]string{`military.units[0].roles[1]: "law_enforcement" is not allowed for a title10`, "Posse Comitatus Act", "legal.insurrection_act: true"}},
		{"not lower case", minimal + "Policies:\n  detainers: never\n", "s.yaml:6",
			[]string{"Policies: is not lower case"}},
		{"timeline section", minimal + "timeline:\n  - day: 10\n    set: {city: {neighbour_miles: 2}}\n", "s.yaml:8",
			[]string{"timeline[0].set.city: cannot be changed during a run"}},
		{"timeline value", minimal + "timeline:\n  - day: 10\n    set: {policies.detainers: nevr}\n", "s.yaml:8",
			[]string{`timeline[0].set.policies.detainers: "nevr" is not an allowed value`, "did you mean never?"}},
		{"no districts", "name: x\n", "s.yaml",
			[]string{"city: has no districts"}},
		{"duplicate district", minimal + "    - name: a\n", "s.yaml:6",
			[]string{`city.districts[1].name: "a" is already used by city.districts[0]`}},
		{"nan", minimal + "policies:\n  outreach: .nan\n", "s.yaml:7",
			[]string{"policies.outreach: NaN is not a finite number"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := load(t, tc.text, scenarios.LoadOptions{})
			require.NotEmpty(t, errs)
			msg := errs.Error()
			assert.True(t, strings.HasPrefix(msg, tc.where+": "), "want location %q in %q", tc.where, msg)
			for _, w := range tc.want {
				assert.Contains(t, msg, w)
			}
		})
	}
}

func TestSeveralErrorsReportedTogether(t *testing.T) {
	t.Parallel()
	text := strings.Replace(minimal, "population: 5000", "population: -1", 1) +
		"policies:\n  detainers: sometimes\n  outreach: 3\nice:\n  tems: 2\n"
	_, errs := load(t, text, scenarios.LoadOptions{})
	require.Len(t, errs, 4, errs.Error())
	assert.Equal(t, "s.yaml:5", errs[0].Where)
	paths := []string{}
	for _, e := range errs {
		paths = append(paths, e.Path)
	}
	assert.ElementsMatch(t, []string{"city.districts[0].population", "policies.detainers", "policies.outreach", "ice.tems"}, paths)
}

func TestYAMLSyntaxError(t *testing.T) {
	t.Parallel()
	_, err := scenarios.LoadBytes("s.yaml", []byte("name: x\ncity: [\n"), scenarios.LoadOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "s.yaml: not valid YAML")
	assert.Contains(t, err.Error(), "line")
}

func TestOverrides(t *testing.T) {
	t.Parallel()
	env := []string{"AGENCYSIM_POLICIES__DETAINERS=never", "AGENCYSIM_CITY__DISTRICTS__0__POPULATION=7000", "HOME=/root"}
	l, errs := load(t, minimal, scenarios.LoadOptions{Env: env, Set: []string{"policies.outreach=0.5", "city.districts[0].language_access=0.25", "policies.detainers=judicial_warrant_only"}})
	require.Empty(t, errs)
	s := l.Scenario
	assert.Equal(t, agents.JudicialWarrantOnly, s.Policies.Detainers, "--set wins over the environment")
	assert.Equal(t, 7000, s.City.Districts[0].Population, "environment with a list index")
	assert.Equal(t, 0.5, s.Policies.Outreach)
	assert.Equal(t, 0.25, s.City.Districts[0].LanguageAccess)

	base, _ := load(t, minimal, scenarios.LoadOptions{})
	assert.NotEqual(t, base.Hash, l.Hash, "overrides change the hash")
}

func TestOverrideErrorsNameTheirSource(t *testing.T) {
	t.Parallel()
	_, errs := load(t, minimal, scenarios.LoadOptions{
		Env: []string{"AGENCYSIM_ICE__TEAMS=-2"},
		Set: []string{"policies.outreach=lots"},
	})
	require.Len(t, errs, 2)
	msg := errs.Error()
	assert.Contains(t, msg, "environment AGENCYSIM_ICE__TEAMS: ice.teams: -2 is out of range")
	assert.Contains(t, msg, `--set: policies.outreach: "lots" is not a finite number`)

	_, errs = load(t, minimal, scenarios.LoadOptions{Set: []string{"noequals"}})
	require.Len(t, errs, 1)
	assert.Contains(t, errs.Error(), "is not of the form path=value")

	_, errs = load(t, minimal, scenarios.LoadOptions{Set: []string{"city.districts[3].population=10"}})
	require.Len(t, errs, 1)
	assert.Contains(t, errs.Error(), "index 3 is out of range: the list has 1 items")
}

func TestLoadFromFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "my-city.yaml")
	require.NoError(t, os.WriteFile(p, []byte(minimal+"ice:\n  teams: -3\n"), 0o644))
	_, err := scenarios.Load(p, scenarios.LoadOptions{})
	require.Error(t, err)
	assert.True(t, scenarios.IsInputError(err))
	assert.Contains(t, err.Error(), p+":7: ice.teams: -3 is out of range")
}

func TestBundledList(t *testing.T) {
	t.Parallel()
	list := scenarios.BundledList()
	require.NotEmpty(t, list)
	assert.Equal(t, "baseline", list[0].Name)
	assert.Contains(t, list[0].Summary, "200,000 residents")
	for _, b := range list {
		_, err := scenarios.Load(b.Name, scenarios.LoadOptions{})
		assert.NoError(t, err, b.Name)
	}
}

// FuzzLoad checks that no scenario file makes the loader panic or hang:
// every input is either accepted (and then valid) or rejected with errors
// that each say where they come from and print no control character. The
// seed corpus (here and in testdata/fuzz/FuzzLoad) runs in go test.
func FuzzLoad(f *testing.F) {
	base, _ := scenarios.Bundled("baseline")
	f.Add(string(base))
	f.Add(minimal)
	f.Add(minimal + "policies:\n  detainers: sometimes\n")
	f.Add(minimal + "timeline:\n  - day: 10\n    set: {policies.detainers: never}\n")
	f.Add(minimal + "military:\n  units:\n    - status: title10\n      roles: [law_enforcement]\n")
	f.Add("city:\n  grid: {rows: 2, cols: 2, template: {name: g}}\n")
	f.Add("- a\n- b\n")
	f.Add("name: [\n")
	f.Add("city: {districts: [{name: a, population: 1e9}]}\n")
	f.Add("timeline: [{day: 1, set: {policies: 3}}]\ncity: {districts: [{name: a}]}\n")
	f.Add("timeline: [{day: 1, set: {'': 1, 'a..b': 2}}]\ncity: {districts: [{name: a}]}\n")
	f.Add(minimal + "days: ~\npolicies: {}\n---\ndays: 3\n")
	f.Add(minimal + "policies.detainers: never\npolicies: {detainers: never}\n")
	f.Add("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n" + minimal)
	f.Add("x: " + strings.Repeat("{a: ", 40) + "1" + strings.Repeat("}", 40) + "\n")
	f.Add("name: \"\\e[2J\"\n\"k\\e\": 1\n" + minimal)
	f.Fuzz(func(t *testing.T, text string) {
		l, err := scenarios.LoadBytes("fuzz.yaml", []byte(text), scenarios.LoadOptions{})
		checkLoadResult(t, l, err)
	})
}

// checkLoadResult asserts the fuzzing invariant: a scenario is valid, or
// the error is a list of located input errors.
func checkLoadResult(t *testing.T, l *scenarios.Loaded, err error) {
	t.Helper()
	if err == nil {
		require.NotNil(t, l)
		require.Empty(t, l.Scenario.Validate())
		return
	}
	var es schema.Errors
	require.True(t, errors.As(err, &es), "want located input errors, got %T %v", err, err)
	require.NotEmpty(t, es)
	checkLocated(t, es)
}

// FuzzSet fuzzes --set overrides: any path and value is applied or
// rejected with located errors, never a panic.
func FuzzSet(f *testing.F) {
	for _, s := range [][2]string{
		{"policies.detainers", "never"}, {".policies.detainers", "never"}, {"policies..detainers", "x"},
		{"policies.detainers ", "never"}, {"policies", "never"}, {"nosuch.key", "1"},
		{"x[99999999999999999999]", "1"}, {"x[0x1]", "1"}, {"days", ""}, {"days", "~"},
		{"city.districts[0].population", "7000"}, {"city.districts[0]x", "1"}, {"city.districts[", "1"},
		{"city.districts", "[{name: b}, {name: c}]"}, {"timeline", "[{day: 1, set: {policies.detainers: never}}]"},
		{"timeline[0].set.policies.detainers", "never"}, {"policies", "{detainers: never, outreach: 0.5}"},
		{"name", "\x1b[2J"}, {"description", "[&a [x, x], *a]"}, {"days", "{a: {a: {a: 1}}}"},
		{"parameter_sets", "[trust-shocks-months]"}, {"Days", "3"}, {"days[]", "1"}, {"a.b[1][2].c", "1"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, path, value string) {
		l, err := scenarios.LoadBytes("s.yaml", []byte(minimal), scenarios.LoadOptions{Set: []string{path + "=" + value}})
		checkLoadResult(t, l, err)
	})
}

// FuzzEnv fuzzes environment overrides (AGENCYSIM_<name>=value).
func FuzzEnv(f *testing.F) {
	for _, s := range [][2]string{
		{"POLICIES__DETAINERS", "never"}, {"NOSUCH", "1"}, {"POLICIES__", "x"}, {"DAYS", ""},
		{"__DAYS", "3"}, {"CITY__DISTRICTS__0__POPULATION", "7000"}, {"CITY__DISTRICTS__00__POPULATION", "1"},
		{"CITY__DISTRICTS__99999999999999999999__POPULATION", "1"}, {"Days", "3"}, {"", "1"}, {"0", "1"},
		{"TIMELINE", "[{day: 1}]"}, {"POLICIES", "{outreach: 0.5}"}, {"NAME", "\x1b]0;title\a"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		l, err := scenarios.LoadBytes("s.yaml", []byte(minimal), scenarios.LoadOptions{Env: []string{scenarios.EnvPrefix + name + "=" + value}})
		checkLoadResult(t, l, err)
	})
}

// The scenario shown in the README must load, and the example files in
// docs/examples must be rejected with the errors they document.
func TestDocumentedScenarios(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	text := string(readme)
	i := strings.Index(text, "```yaml\n")
	require.GreaterOrEqual(t, i, 0, "README has a yaml example")
	block := text[i+len("```yaml\n"):]
	block = block[:strings.Index(block, "```")]
	l, err := scenarios.LoadBytes("README.md", []byte(block), scenarios.LoadOptions{})
	require.NoError(t, err)
	assert.Len(t, l.Scenario.Timeline, 1)

	_, err = scenarios.Load(filepath.Join("..", "docs", "examples", "title10-law-enforcement.yaml"), scenarios.LoadOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Posse Comitatus Act")
	_, err = scenarios.Load(filepath.Join("..", "docs", "examples", "typos.yaml"), scenarios.LoadOptions{})
	require.Error(t, err)
	assert.Len(t, err.(schema.Errors), 4)
}

// Bundled sweep files name the sweep schema on their first line, so that
// editors complete and check them, and the schema they name exists.
func TestBundledSweepsCarryTheSchemaComment(t *testing.T) {
	t.Parallel()
	list := scenarios.BundledSweepList()
	require.NotEmpty(t, list)
	for _, b := range list {
		text, ok := scenarios.BundledSweep(b.Name)
		require.True(t, ok)
		first, _, _ := strings.Cut(string(text), "\n")
		assert.Equal(t, "# yaml-language-server: $schema=../../docs/sweep.schema.json", first, b.Name)
		assert.NotEmpty(t, b.Summary, "%s: a header comment says what it answers", b.Name)
		assert.NotContains(t, b.Summary, "yaml-language-server", b.Name)
	}
	_, err := os.Stat(filepath.Join("..", "docs", "sweep.schema.json"))
	assert.NoError(t, err)
}

func TestParameterSets(t *testing.T) {
	t.Parallel()
	l, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: []string{"parameter_sets=[trust-shocks-year-plus, policy-response-stated]"}})
	require.NoError(t, err)
	assert.Equal(t, 365.0, l.Scenario.Trust.HalfLifeDays)
	assert.Equal(t, 0.8, l.Scenario.Trust.InvolvementFear.Undocumented)
	plain, err := scenarios.Load("baseline", scenarios.LoadOptions{})
	require.NoError(t, err)
	assert.NotEqual(t, plain.Hash, l.Hash)

	for set, want := range map[string]string{
		"parameter_sets=[trust-shocks-months, trust-shocks-year-plus]": `which parameter set "trust-shocks-months" also sets`,
		"parameter_sets=[trust-shock-months]":                          "is not a parameter set",
	} {
		_, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: []string{set}})
		require.Error(t, err, set)
		assert.Contains(t, err.Error(), want, set)
	}
	_, err = scenarios.Load("baseline", scenarios.LoadOptions{Set: []string{"parameter_sets=[trust-shocks-months]", "trust.half_life_days=30"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `trust.half_life_days`)
	assert.Contains(t, err.Error(), `is set here and by parameter set "trust-shocks-months"`)
}

// The scenario key's allowed values are exactly the defined sets, every
// set has a source and grade, sets come in pairs of alternatives, and a set
// that claims to be the default calibration matches the defaults.
func TestParameterSetsAreDocumentedAndHonest(t *testing.T) {
	t.Parallel()
	var names []string
	questions := map[string]int{}
	for _, s := range agents.ParameterSets() {
		names = append(names, s.Name)
		questions[s.Question]++
		assert.NotEmpty(t, s.Source, s.Name)
		assert.NotEmpty(t, s.Grade, s.Name)
		assert.NotEmpty(t, s.Set, s.Name)
		if strings.Contains(s.Position, "the default calibration") {
			l, err := scenarios.Load("baseline", scenarios.LoadOptions{Set: []string{"parameter_sets=[" + s.Name + "]"}})
			require.NoError(t, err)
			plain, err := scenarios.Load("baseline", scenarios.LoadOptions{})
			require.NoError(t, err)
			assert.Equal(t, plain.Scenario.Config, l.Scenario.Config, "%s claims to be the default calibration", s.Name)
		}
	}
	assert.Equal(t, names, schema.Describe(reflect.TypeOf(scenarios.Scenario{})).Lookup("parameter_sets").Enum, "the key allows every set")
	for q, n := range questions {
		assert.GreaterOrEqual(t, n, 2, "question %q needs alternatives", q)
	}
	model, err := os.ReadFile(filepath.Join("..", "docs", "model.md"))
	require.NoError(t, err)
	for _, n := range names {
		assert.True(t, strings.Contains(string(model), "`"+n+"`"), "docs/model.md describes %s", n)
	}
}
