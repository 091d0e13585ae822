package sweep_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
)

// isInput reports whether err is bad input: located in a file, or an
// InputError.
func isInput(err error) bool {
	var es schema.Errors
	var ie sweep.InputError
	return errors.As(err, &es) || errors.As(err, &ie)
}

// loadErr loads a sweep file that must be refused and returns the message.
func loadErr(t *testing.T, text string, files map[string]string) string {
	t.Helper()
	p := sweeptest.WriteSweep(t, text)
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(p), name), []byte(content), 0o644))
	}
	_, err := sweep.Load(p, nil)
	require.Error(t, err, text)
	assert.True(t, isInput(err), "%T %v", err, err)
	return err.Error()
}

// numericKeys returns n scenario keys that hold one number each.
func numericKeys(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	schema.Describe(reflect.TypeOf(scenarios.Scenario{})).Walk(func(f *schema.Field) {
		if (f.Kind == schema.KindFloat || f.Kind == schema.KindInt) && !strings.Contains(f.Path, "[]") && !strings.HasPrefix(f.Path, "city.") && f.Path != "seed" && f.Path != "days" {
			out = append(out, f.Path)
		}
	})
	require.GreaterOrEqual(t, len(out), n)
	return out[:n]
}

func TestDesignSizesAreCheckedWithoutOverflow(t *testing.T) {
	t.Parallel()
	grid := func(n int) string {
		var b strings.Builder
		b.WriteString("arms: {a: {}}\nvary:\n  design: grid\n  params:\n")
		for _, k := range numericKeys(t, n) {
			fmt.Fprintf(&b, "    %s: [1, 2]\n", k)
		}
		return b.String()
	}
	// 2^63 and 2^64 wrapped the count to a negative number and to 0; 2^17 is
	// just above the limit.
	for _, n := range []int{17, 40, 63, 64, 65, 100} {
		msg := loadErr(t, grid(n), nil)
		assert.Contains(t, msg, "vary.params", n)
		assert.Contains(t, msg, "make too many grid points", n)
		assert.Contains(t, msg, fmt.Sprintf("%d parameters", n))
		assert.Contains(t, msg, "at most 100000 points")
	}
	assert.Len(t, sweeptest.MustPlan(t, "arms: {a: {}}\nvary: {design: grid, params: {policies.outreach: [0, 1], ice.teams: [1, 2], trust.half_life_days: [30, 60]}}\n").Points, 8)

	keys := numericKeys(t, 10)
	morris := "arms: {a: {}}\nvary: {design: morris, trajectories: 10000, params: {" + rangeParams(keys) + "}}\n"
	assert.Contains(t, loadErr(t, morris, nil), "vary.trajectories: 10000 make too many points with 10 parameters")

	var vals []string
	for i := range 60_000 {
		vals = append(vals, fmt.Sprint(i%2))
	}
	list := "[" + strings.Join(vals, ", ") + "]"
	oat := fmt.Sprintf("arms: {a: {}}\nvary: {design: oat, params: {%s: %s, %s: %s}}\n", keys[0], list, keys[1], list)
	assert.Contains(t, loadErr(t, oat, nil), "make too many one-at-a-time points")

	// Runs: arms × points × replications, with until_ci's maximum.
	arms := "arms: {a: {}, b: {policies.detainers: never}, c: {ice.teams: 3}}\n"
	assert.Contains(t, loadErr(t, "replications: 1000000\nvary: {design: lhs, points: 4, params: {policies.outreach: [0, 1]}}\n"+arms, nil),
		"replications: 1000000 make too many runs with 3 arms × 4 design points")
	assert.Contains(t, loadErr(t, "replications: 2\nuntil_ci: {metric: clearance.rate, half_width: 0.01, max_replications: 1000000}\nvary: {design: lhs, points: 4, params: {policies.outreach: [0, 1]}}\n"+arms, nil),
		"until_ci.max_replications: 1000000 make too many runs")

	// The product of sizes near the int limits.
	for _, c := range []struct{ a, b, limit int }{{1 << 32, 1 << 32, sweep.MaxRuns}, {1<<63 - 1, 2, sweep.MaxRuns}, {sweep.MaxCells, sweep.MaxCells, sweep.MaxCells}} {
		_, ok := sweep.MulLimit(c.a, c.b, c.limit)
		assert.False(t, ok, "%d × %d", c.a, c.b)
	}
	n, ok := sweep.MulLimit(1000, 100, sweep.MaxCells)
	assert.True(t, ok)
	assert.Equal(t, 100_000, n)
	_, ok = sweep.AddLimit(1<<63-1, 1, sweep.MaxDesignPoints)
	assert.False(t, ok)

}

func rangeParams(keys []string) string {
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+": [0, 1]")
	}
	return strings.Join(parts, ", ")
}

func TestTableDesignsAreLimitedAndChecked(t *testing.T) {
	t.Parallel()
	file := "arms: {a: {}}\nvary: {design: table, file: pts.csv}\n"
	var big strings.Builder
	big.WriteString("policies.outreach\n")
	for range sweep.MaxDesignPoints + 1 {
		big.WriteString("0.5\n")
	}
	cases := map[string][]string{
		big.String(): {"has more than 100000 rows"},
		"policies.outreach,policies.outreach\n0.1,0.2\n":  {"column 2 repeats the key policies.outreach of column 1"},
		"policies.outreach,\n0.1,0.2\n":                   {"column 2: the header names no key"},
		"policies.outreach,ice.teams\n0.1,\n":             {"line 2: the value of ice.teams is empty"},
		"policies.outreach,ice.teams\n0.1,2\n0.2\n":       {"wrong number of fields"},
		"policies.outreach\n~\n":                          {"line 2: the value of policies.outreach is null"},
		"":                                                {"is empty"},
		"policies.outreach\n":                             {"has no rows"},
		"policies\n1\n":                                   {"is a section, not a single value"},
		"policies.outreach\n\"0.5\n":                      {"extraneous or missing \" in quoted-field"},
		"policies.outreach,ice.teams\n0.5,3\n0.7,\"x\"\n": {"(design point 1): ice.teams: \"x\" is not a whole number"},
	}
	for table, want := range cases {
		msg := loadErr(t, file, map[string]string{"pts.csv": table})
		for _, w := range want {
			assert.Contains(t, msg, w, "%.60q", table)
		}
	}
	// Larger than the limit on the file's size (sparse: no disk used).
	dir := t.TempDir()
	p := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(p, []byte(file), 0o644))
	f, err := os.Create(filepath.Join(dir, "pts.csv"))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(sweep.MaxTableBytes+1))
	f.Close()
	_, err = sweep.Load(p, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("is %d bytes, more than the limit", sweep.MaxTableBytes+1))
	assert.Contains(t, err.Error(), "at most 64 MB")
}

func TestKeysTheSweepSetsCannotBeVariedOrOverridden(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		text, table string
		want        []string
	}{
		"table seed":  {"arms: {a: {}}\nvary: {design: table, file: pts.csv}\n", "seed,policies.outreach\n3,0.5\n", []string{"vary.file: \"seed\" is set by the sweep itself: every run uses the sweep's seed (1)"}},
		"table days":  {"days: 30\narms: {a: {}}\nvary: {design: table, file: pts.csv}\n", "days\n40\n", []string{"vary.file: \"days\" is set by the sweep itself: the sweep's days (30) replace"}},
		"grid seed":   {"arms: {a: {}}\nvary: {design: grid, params: {seed: [1, 2]}}\n", "", []string{"vary.params.seed: \"seed\" is set by the sweep itself"}},
		"oat days":    {"days: 10\narms: {a: {}}\nvary: {design: oat, params: {days: [5, 20]}}\n", "", []string{"vary.params.days: \"days\" is set by the sweep itself"}},
		"lhs seed":    {"arms: {a: {}}\nvary: {design: lhs, params: {seed: [1, 9]}}\n", "", []string{"vary.params.seed", "set by the sweep itself"}},
		"morris days": {"days: 10\narms: {a: {}}\nvary: {design: morris, params: {days: [5, 20], policies.outreach: [0, 1]}}\n", "", []string{"vary.params.days", "set by the sweep itself"}},
		"arm seed":    {"arms: {a: {}, b: {seed: 5}}\n", "", []string{"sweep.yaml:1: arms.b.seed: 5 is set by the sweep itself", "leave it out of the arm"}},
		"arm days":    {"days: 10\narms:\n  a: {}\n  b:\n    days: 20\n", "", []string{"sweep.yaml:5: arms.b.days: 20 is set by the sweep itself: the sweep's days (10)"}},
		"arm and design": {"arms:\n  a: {}\n  b: {policies.outreach: 0.9}\nvary: {design: grid, params: {policies.outreach: [0.1, 0.2]}}\n", "",
			[]string{"sweep.yaml:3 (arm b): arms.b.policies.outreach: 0.9 is a key the design varies (policies.outreach)"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{}
			if c.table != "" {
				files["pts.csv"] = c.table
			}
			msg := loadErr(t, c.text, files)
			for _, w := range c.want {
				assert.Contains(t, msg, w)
			}
		})
	}
	// Without the sweep's days, the design may vary them.
	plan := sweeptest.MustPlan(t, "arms: {a: {}}\nvary: {design: grid, params: {days: [5, 6]}}\n")
	l, err := plan.ScenarioAt(0, 1)
	require.NoError(t, err)
	assert.Equal(t, 6.0, l.Scenario.Days)
}

func TestOnlyNumericMetricsAreAccepted(t *testing.T) {
	t.Parallel()
	keys := sweep.MetricKeys()
	require.NotEmpty(t, keys)
	// Every listed metric is accepted...
	b, _ := json.Marshal(keys)
	plan := sweeptest.MustPlan(t, "arms: {a: {}}\nmetrics: "+string(b)+"\nuntil_ci: {metric: "+keys[len(keys)-1]+", half_width: 1, max_replications: 30}\n")
	assert.Equal(t, keys, plan.Metrics)
	// ...and nothing else: text fields, run information, sections.
	for _, m := range []string{"run.scenario", "run.scenario_hash", "run.version"} {
		assert.Contains(t, loadErr(t, "arms: {a: {}}\nmetrics: ["+m+"]\n", nil), "metrics[0]: \""+m+"\" is a text field of the run summary, not a numeric metric")
		assert.Contains(t, loadErr(t, "arms: {a: {}}\nuntil_ci: {metric: "+m+", half_width: 0.1}\n", nil), "until_ci.metric: \""+m+"\" is a text field")
	}
	for _, m := range []string{"run.seed", "run.days", "run.events", "crimes", "crimes.by_group"} {
		assert.Contains(t, loadErr(t, "arms: {a: {}}\nmetrics: ["+m+"]\n", nil), "is not a summary metric", m)
	}
	for _, k := range keys {
		assert.False(t, sweep.IsTextKey(k), k)
	}
	assert.True(t, sweep.IsTextKey("run.scenario"))
}

func TestNamesAreCheckedAtLoad(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 300)
	cases := map[string][]string{
		"arms: {" + long + ": {}}\n":                             {"arms." + long + ": \"" + long[:80] + "\"… is not a valid arm name: it is 300 characters long", "a name of 1 to 64 characters"},
		"arms: {" + strings.Repeat("b", 65) + ": {}}\n":          {"is 65 characters long"},
		"name: " + strings.Repeat("x", 65) + "\narms: {a: {}}\n": {"name: ", "is 65 characters long"},
		"name: \"evil\\e[2J\"\narms: {a: {}}\n":                  {"holds control characters"},
		"name: \"\"\narms: {a: {}}\n":                            {"name: \"\" is empty"},
		"arms: {\"a\\u202eb\": {}}\n":                            {"holds control characters"},
	}
	for text, want := range cases {
		msg := loadErr(t, text, nil)
		for _, w := range want {
			assert.Contains(t, msg, w)
		}
		assert.NotContains(t, msg, "\x1b", "control characters are escaped in messages")
		assert.NotContains(t, msg, "\u202e")
	}
	// 64 characters is the limit.
	sweeptest.MustPlan(t, "arms: {"+strings.Repeat("c", 64)+": {}}\n")
}

// An error in an arm names the sweep file, the arm and the line, however
// the override is written.
func TestArmErrorsNameTheArmAndLine(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"arms:\n  a: {}\n  n: {polices: {detainers: never}}\n":           "sweep.yaml:3 (arm n): polices",
		"arms:\n  a: {}\n  n:\n    polices:\n      detainers: never\n":   "sweep.yaml:5 (arm n): polices",
		"arms:\n  a: {}\n  n:\n    policies.detainerz: never\n":          "sweep.yaml:4 (arm n): policies.detainerz",
		"arms:\n  n:\n    city: {grid: {rows: 2, cols: 2}}\n":            "sweep.yaml:3 (arm n): city.grid: is given together with city.districts",
		"arms:\n  a: {}\n  n: {policies: {outreach: 7}}\n":               "sweep.yaml:3 (arm n): policies.outreach: 7 is out of range",
		"arms:\n  a: {}\n  n: {ice.teams: -1, policies.outreach: 0.5}\n": "sweep.yaml:3 (arm n): ice.teams: -1",
	}
	for text, want := range cases {
		msg := loadErr(t, text, nil)
		assert.Contains(t, msg, want, text)
		assert.NotContains(t, msg, "bundled:baseline:", "the error is the arm's, not the base scenario's")
	}
}

// A range design over a key that is not a scenario key is a located
// error, not a crash.
func TestRangeDesignsOfUnknownKeysAreRefused(t *testing.T) {
	t.Parallel()
	for _, d := range []string{"lhs", "sobol", "morris"} {
		msg := loadErr(t, "arms: {a: {}}\nvary: {design: "+d+", params: {reporting.nope: [0, 1]}}\n", nil)
		assert.Contains(t, msg, "vary.params.reporting.nope", d)
		assert.Contains(t, msg, "is not a scenario key", d)
	}
}

func TestNullDesignValuesAreRefused(t *testing.T) {
	t.Parallel()
	msg := loadErr(t, "arms: {a: {}}\nvary: {design: grid, params: {policies.outreach: [0.1, ~]}}\n", nil)
	assert.Contains(t, msg, "vary.params.policies.outreach[1]: is null")
	msg = loadErr(t, "arms: {a: {}}\nvary: {design: lhs, params: {policies.outreach: [0, .inf]}}\n", nil)
	assert.Contains(t, msg, "is not a range")
}

// A large design announces its check at once, with progress.
func TestLargeDesignsAnnounceTheirCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var table strings.Builder
	table.WriteString("policies.outreach\n")
	for i := range 600 {
		fmt.Fprintf(&table, "%g\n", float64(i)/600)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pts.csv"), []byte(table.String()), 0o644))
	p := filepath.Join(dir, "s.yaml")
	require.NoError(t, os.WriteFile(p, []byte("arms: {a: {}, b: {policies.detainers: never}}\nvary: {design: table, file: pts.csv}\n"), 0o644))
	var progress bytes.Buffer
	plan, err := sweep.LoadWith(p, sweep.LoadOptions{Progress: &progress})
	require.NoError(t, err)
	assert.Len(t, plan.Points, 600)
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	assert.Equal(t, "checking 600 design points × 2 arms (1200 scenarios)", lines[0])
	assert.True(t, strings.HasPrefix(lines[len(lines)-1], "checked 1200 scenarios in "), lines[len(lines)-1])

	// A small one says nothing.
	progress.Reset()
	_, err = sweep.LoadWith(sweeptest.WriteSweep(t, sweeptest.TwoArms), sweep.LoadOptions{Progress: &progress})
	require.NoError(t, err)
	assert.Empty(t, progress.String())
}

// The fast path that checks and builds the scenarios of a design gives
// exactly what loading each in full gives.
func TestVariantsEqualFullLoads(t *testing.T) {
	t.Parallel()
	texts := []string{
		sweeptest.TwoArms,
		"arms: {a: {}, tf: {agreements.g287.model: task_force}}\nvary: {design: grid, params: {policies.outreach: [0, 1], ice.teams: [1, 4], policies.detainers: [never, honor_all]}}\n",
		"base: border-town\narms: {a: {}, b: {parameter_sets: [undocumented-report-less]}}\nvary: {design: lhs, points: 5, params: {trust.half_life_days: [30, 365]}}\n",
		"arms: {a: {}}\nvary: {design: oat, params: {policies.outreach: [0, 1], output.interval_days: [1, 14]}}\n",
		"arms: {a: {}, b: {city.districts: [{name: x, population: 1000}]}}\nvary: {design: grid, params: {days: [5, 9]}}\n",
	}
	for _, text := range texts {
		assertVariantsEqualFullLoads(t, sweeptest.MustPlan(t, text), 12)
	}
	for _, b := range scenarios.BundledSweepList() {
		plan, err := sweep.Load(b.Name, nil)
		require.NoError(t, err, b.Name)
		assertVariantsEqualFullLoads(t, plan, 6)
	}
}

func assertVariantsEqualFullLoads(t *testing.T, plan *sweep.Plan, points int) {
	t.Helper()
	for ai, a := range plan.Arms {
		for pi, pt := range plan.Points[:min(points, len(plan.Points))] {
			fast, err := plan.ScenarioAt(ai, pi)
			require.NoError(t, err)
			var params []scenarios.Param
			if plan.Forked() {
				// The arm's overrides as a timeline entry on the fork day
				// (the bundled forked sweeps' bases have no timeline).
				set := map[string]any{}
				for _, x := range a.Params {
					set[x.Path] = x.Value
				}
				entry := map[string]any{"day": plan.Sweep.ForkDay, "set": agents.ExpandDotted(set)}
				params = append(params, scenarios.Param{Path: "timeline", Value: []any{entry}})
			} else {
				params = append(params, a.Params...)
			}
			params = append(params, scenarios.Param{Path: "seed", Value: plan.Sweep.Seed})
			if plan.Sweep.Days > 0 {
				params = append(params, scenarios.Param{Path: "days", Value: plan.Sweep.Days})
			}
			params = append(params, plan.PointParams(pt)...)
			full, err := scenarios.LoadBytes(plan.BaseName, plan.BaseText, scenarios.LoadOptions{Params: params})
			require.NoError(t, err)
			assert.Equal(t, full.Hash, fast.Hash, "arm %s point %d", a.Name, pt.Index)
			assert.Equal(t, full.Scenario, fast.Scenario)
		}
	}
}
