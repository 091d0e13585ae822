package agents_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/agents"
	"github.com/agencysim/agencysim/schema"
)

// paths returns the error paths, and each error's text.
func paths(errs schema.Errors) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Path)
	}
	return out
}

func change(day float64, kv ...any) agents.Change {
	set := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		set[kv[i].(string)] = kv[i+1]
	}
	return agents.Change{Day: day, Set: set}
}

// runs checks that a configuration that validates also runs to its end
// without a fatal error.
func runs(t *testing.T, c agents.Config, days float64) *agents.Model {
	t.Helper()
	require.Empty(t, c.Validate())
	m, err := agents.New(&c, agents.Options{Seed: 1, Days: days})
	require.NoError(t, err)
	m.Run()
	require.NoError(t, m.Err())
	return m
}

func TestTimelineValidatedCumulatively(t *testing.T) {
	t.Parallel()
	tf := func(name string, start, end float64, agencies ...string) map[string]any {
		a := make([]any, len(agencies))
		for i, x := range agencies {
			a[i] = x
		}
		return map[string]any{"name": name, "agencies": a, "start_day": start, "end_day": end}
	}
	for _, tc := range []struct {
		name     string
		base     func(c *agents.Config)
		timeline []agents.Change
		want     []string // error paths; empty: valid, and it runs
		problem  string
	}{
		{name: "issue 9: start then end before it",
			timeline: []agents.Change{change(100, "agreements.g287.start_day", 200), change(120, "agreements.g287.end_day", 150)},
			want:     []string{"timeline[1].set.agreements.g287.end_day"}, problem: "is not after start_day (200) (after this change)"},
		{name: "a later start makes an earlier-valid end invalid",
			timeline: []agents.Change{change(100, "agreements.g287.end_day", 150), change(120, "agreements.g287.start_day", 200)},
			want:     []string{"timeline[1].set.agreements.g287.start_day"}},
		{name: "base end, timeline start after it",
			base:     func(c *agents.Config) { c.Agreements.G287.EndDay = 150 },
			timeline: []agents.Change{change(10, "agreements", map[string]any{"g287": map[string]any{"start_day": 160}})},
			want:     []string{"timeline[0].set.agreements.g287.start_day"}},
		{name: "entries out of file order are applied by day",
			timeline: []agents.Change{change(120, "agreements.g287.end_day", 150), change(100, "agreements.g287.start_day", 200)},
			want:     []string{"timeline[0].set.agreements.g287.end_day"}},
		{name: "out of file order and valid by day",
			timeline: []agents.Change{change(100, "agreements.g287.end_day", 300), change(50, "agreements.g287.start_day", 200)}},
		{name: "same day, file order, valid",
			timeline: []agents.Change{change(100, "agreements.g287.start_day", 200), change(100, "agreements.g287.end_day", 250)}},
		{name: "same day, file order, invalid",
			timeline: []agents.Change{change(100, "agreements.g287.end_day", 150), change(100, "agreements.g287.start_day", 200)},
			want:     []string{"timeline[1].set.agreements.g287.start_day"}},
		{name: "task force added, then given an end before its start",
			timeline: []agents.Change{
				change(10, "agreements.task_forces", []any{tf("joint", 50, 0, "police", "ice")}),
				change(20, "agreements.task_forces", []any{tf("joint", 50, 40, "police", "ice")})},
			want: []string{"timeline[1].set.agreements.task_forces[0].end_day"}},
		{name: "task force added, changed and removed",
			timeline: []agents.Change{
				change(10, "agreements.task_forces", []any{tf("joint", 50, 0, "police", "ice")}),
				change(20, "agreements.task_forces", []any{tf("joint", 50, 90, "police", "ice"), tf("second", 0, 0, "ice", "border_patrol")}),
				change(30, "agreements.task_forces", []any{})}},
		{name: "two task forces of one name",
			timeline: []agents.Change{change(10, "agreements.task_forces", []any{tf("a", 0, 0, "police", "ice"), tf("a", 0, 0, "police", "ice")})},
			want:     []string{"timeline[0].set.agreements.task_forces[1].name"}},
		{name: "task force name too long",
			timeline: []agents.Change{change(10, "agreements.task_forces", []any{tf(strings.Repeat("x", 65), 0, 0, "police", "ice")})},
			want:     []string{"timeline[0].set.agreements.task_forces[0].name"}},
		{name: "Posse Comitatus: military task force without a lawful law-enforcement unit",
			base: func(c *agents.Config) {
				c.Military.Units = []agents.MilitaryUnit{{Name: "guard", Status: agents.Title32, Roles: []agents.MilitaryRole{agents.RoleLogistics}, Personnel: 20}}
			},
			timeline: []agents.Change{change(10, "agreements.task_forces", []any{tf("joint", 0, 0, "police", "military")})},
			want:     []string{"timeline[0].set.agreements.task_forces[0].agencies"}, problem: "law_enforcement"},
		{name: "Posse Comitatus: lawful under state law",
			base: func(c *agents.Config) {
				c.Military.Units = []agents.MilitaryUnit{{Name: "guard", Status: agents.Title32, Roles: []agents.MilitaryRole{agents.RoleLawEnforcement}, Personnel: 20}}
				c.Legal.StateGuardLawEnforcement = true
			},
			timeline: []agents.Change{change(10, "agreements.task_forces", []any{tf("joint", 0, 0, "police", "military")})}},
		{name: "military units may change in a run (logistics: lawful)",
			timeline: []agents.Change{change(10, "military.units", []any{map[string]any{"name": "u", "status": "title10", "roles": []any{"logistics"}}})}},
		{name: "a timeline entry adds a title10 law-enforcement unit",
			timeline: []agents.Change{change(10, "military.units", []any{map[string]any{"name": "u", "status": "title10", "roles": []any{"law_enforcement"}}})},
			want:     []string{"timeline[0].set.military.units[0].roles[0]"}, problem: "Posse Comitatus Act (18 U.S.C. §1385)"},
		{name: "Insurrection Act revoked under a title10 law-enforcement unit",
			base: func(c *agents.Config) {
				c.Legal.InsurrectionAct = true
				c.Military.Units = []agents.MilitaryUnit{{Name: "u", Status: agents.Title10, Roles: []agents.MilitaryRole{agents.RoleLawEnforcement}, Personnel: 20}}
			},
			timeline: []agents.Change{change(10, "legal.insurrection_act", false)},
			want:     []string{"timeline[0].set.legal.insurrection_act"}, problem: "10 U.S.C. §275"},
		{name: "Insurrection Act invoked, then a title10 law-enforcement unit",
			timeline: []agents.Change{change(10, "legal.insurrection_act", true),
				change(20, "military.units", []any{map[string]any{"name": "u", "status": "title10", "roles": []any{"law_enforcement"}}})}},
		{name: "a Guard unit federalised: status title32 to title10 in a transport role",
			base: func(c *agents.Config) {
				c.Military.Units = []agents.MilitaryUnit{{Name: "guard", Status: agents.Title32, Roles: []agents.MilitaryRole{agents.RoleTransport}, Personnel: 20}}
			},
			timeline: []agents.Change{change(10, "military.units", []any{map[string]any{"name": "guard", "status": "title10", "roles": []any{"transport"}}})},
			want:     []string{"timeline[0].set.military.units[0].roles[0]"}, problem: "legally contested"},
		{name: "the contested reading accepted by the same entry",
			base: func(c *agents.Config) {
				c.Military.Units = []agents.MilitaryUnit{{Name: "guard", Status: agents.Title32, Roles: []agents.MilitaryRole{agents.RoleTransport}, Personnel: 20}}
			},
			timeline: []agents.Change{change(10,
				"military.units", []any{map[string]any{"name": "guard", "status": "title10", "roles": []any{"transport"}}},
				"legal.contested", []any{"detainee_transport", "presence"}, "legal.contested_note", "counterfactual: federalised transport at operations")}},
		{name: "contested reading withdrawn under a title10 transport unit",
			base: func(c *agents.Config) {
				c.Military.Units = []agents.MilitaryUnit{{Name: "u", Status: agents.Title10, Roles: []agents.MilitaryRole{agents.RoleTransport}, Personnel: 20}}
				c.Legal.Contested = []agents.Activity{agents.ActDetaineeTransport, agents.ActPresence}
				c.Legal.ContestedNote = "test"
			},
			timeline: []agents.Change{change(10, "legal.contested", []any{"presence"})},
			want:     []string{"timeline[0].set.legal.contested"}, problem: "transport of detainees"},
		{name: "state law authorisation withdrawn under a title32 law-enforcement unit",
			base: func(c *agents.Config) {
				c.Military.Units = []agents.MilitaryUnit{{Name: "g", Status: agents.Title32, Roles: []agents.MilitaryRole{agents.RoleLawEnforcement}, Personnel: 20}}
				c.Legal.StateGuardLawEnforcement = true
			},
			timeline: []agents.Change{change(10, "legal.state_guard_law_enforcement", false)},
			want:     []string{"timeline[0].set.legal.state_guard_law_enforcement"}, problem: "state law"},
		{name: "border zone widened on the timeline without the flag",
			timeline: []agents.Change{change(10, "border_patrol.zone_miles", 5000)},
			want:     []string{"timeline[0].set.border_patrol.zone_miles"}, problem: "8 C.F.R. §287.1(a)(2)"},
		{name: "border zone widened on the timeline with the flag and a note",
			timeline: []agents.Change{change(10, "border_patrol", map[string]any{"zone_miles": 300, "zone_nonstatutory": true, "zone_note": "counterfactual"})}},
		{name: "border zone flag without a note",
			timeline: []agents.Change{change(10, "border_patrol", map[string]any{"zone_miles": 300, "zone_nonstatutory": true})},
			want:     []string{"timeline[0].set.border_patrol.zone_nonstatutory"}},
		{name: "a change that exceeds the operations limit",
			timeline: []agents.Change{change(10, "ice", map[string]any{"teams": 1000, "at_large_per_team_week": 100})},
			want:     []string{"timeline[0].set.ice", "timeline[0].set.ice"}, problem: "operations a day"},
		{name: "ops limit reached by two entries together",
			timeline: []agents.Change{change(10, "ice.teams", 1000), change(20, "ice.at_large_per_team_week", 20)},
			want:     []string{"timeline[1].set.ice"}},
		{name: "bad value in a later entry",
			timeline: []agents.Change{change(10, "policies.detainers", "never"), change(20, "policies.detainers", "nevr")},
			want:     []string{"timeline[1].set.policies.detainers"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testCity(t)
			if tc.base != nil {
				tc.base(&c)
			}
			require.Empty(t, c.Validate(), "the base is valid")
			c.Timeline = tc.timeline
			errs := c.Validate()
			if len(tc.want) == 0 {
				assert.Empty(t, errs)
				runs(t, c, 120)
				return
			}
			assert.Equal(t, tc.want, paths(errs), "%v", errs)
			if tc.problem != "" && len(errs) > 0 {
				assert.Contains(t, errs[0].Error(), tc.problem)
			}
			_, err := agents.New(&c, agents.Options{Seed: 1, Days: 130})
			assert.Error(t, err, "New refuses what Validate refuses")
		})
	}
}

func TestTimelineLeftOutEntryIsNotApplied(t *testing.T) {
	t.Parallel()
	// timeline[1] is in error; timeline[2] is checked against the state
	// after timeline[0] only, where it is valid.
	c := testCity(t)
	c.Timeline = []agents.Change{change(10, "agreements.g287.start_day", 200), change(20, "agreements.g287.end_day", 150), change(30, "agreements.g287.end_day", 300)}
	errs := c.Validate()
	assert.Equal(t, []string{"timeline[1].set.agreements.g287.end_day"}, paths(errs))
}

func TestTimelineValidationIsLinear(t *testing.T) {
	t.Parallel()
	// The memory Validate allocates per timeline entry does not depend on
	// the number of districts (they are checked once) and grows linearly
	// with the number of entries.
	perEntry := func(rows, n int) float64 {
		c := testCity(t)
		c.City.Grid.Rows, c.City.Grid.Cols = rows, rows
		c.City.Grid.Template.Population = 1000
		c.Timeline = make([]agents.Change, n)
		for i := range c.Timeline {
			c.Timeline[i] = change(float64(i%365), "policies.outreach", float64(i%10)/10)
		}
		var a, b runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&a)
		errs := c.Validate()
		runtime.ReadMemStats(&b)
		require.Empty(t, errs)
		return float64(b.TotalAlloc-a.TotalAlloc) / float64(n)
	}
	small := perEntry(2, 2000)
	big := perEntry(40, 2000)
	long := perEntry(2, 20000)
	assert.Less(t, big, 2*small, "per-entry work does not grow with the districts (%v vs %v bytes)", big, small)
	assert.Less(t, long, 2*small, "per-entry work does not grow with the entries (%v vs %v bytes)", long, small)
	assert.Less(t, small, 20000.0, "bytes per entry")
}

func TestNamesFollowTheNameRule(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("n", 65)
	for _, tc := range []struct {
		name string
		edit func(c *agents.Config)
		want string
	}{
		{"district name too long", func(c *agents.Config) { c.City.Districts[0].Name = long }, "city.districts[0].name"},
		{"district name with a control character", func(c *agents.Config) { c.City.Districts[1].Name = "east\x1b[2J" }, "city.districts[1].name"},
		{"district name with a bidi override", func(c *agents.Config) { c.City.Districts[1].Name = "east\u202e" }, "city.districts[1].name"},
		{"empty district name", func(c *agents.Config) { c.City.Districts[0].Name = "" }, "city.districts[0].name"},
		{"grid template name too long for its suffix", func(c *agents.Config) {
			c.City.Districts = nil
			c.City.Grid.Rows, c.City.Grid.Cols = 2, 2
			c.City.Grid.Template.Name = strings.Repeat("g", 58)
		}, "city.grid.template.name"},
		{"grid template name with a newline", func(c *agents.Config) {
			c.City.Districts = nil
			c.City.Grid.Rows, c.City.Grid.Cols = 2, 2
			c.City.Grid.Template.Name = "a\nb"
		}, "city.grid.template.name"},
		{"task force name", func(c *agents.Config) {
			c.Agreements.TaskForces = []agents.TaskForce{{Name: "tf\x07", Agencies: []agents.Agency{agents.AgencyPolice, agents.AgencyICE}, Focus: agents.FocusNarcotics, OpHours: 1}}
		}, "agreements.task_forces[0].name"},
		{"military unit name", func(c *agents.Config) {
			c.Military.Units = []agents.MilitaryUnit{{Name: long, Status: agents.Title32, Roles: []agents.MilitaryRole{agents.RoleLogistics}, Personnel: 1}}
		}, "military.units[0].name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := twoDistricts(t)
			tc.edit(&c)
			errs := c.Validate()
			require.Equal(t, []string{tc.want}, paths(errs))
			assert.NotContains(t, errs.Error(), "\x1b", "control characters are escaped in messages")
			assert.NotContains(t, errs.Error(), "\u202e")
		})
	}
	c := twoDistricts(t)
	c.City.Districts[0].Name = strings.Repeat("é", 64)
	assert.Empty(t, c.Validate(), "64 characters are allowed, whatever their bytes")
	c = twoDistricts(t)
	c.City.Districts = nil
	c.City.Grid.Rows, c.City.Grid.Cols, c.City.Grid.Template.Name = 64, 2, strings.Repeat("g", 57)
	c.City.Grid.Template.Population = 1000
	assert.Empty(t, c.Validate(), "57 characters leave room for -r64c64")
}

func twoDistricts(t *testing.T) agents.Config {
	t.Helper()
	c := agents.DefaultConfig()
	d := c.City.Districts[0]
	d.Name = "west"
	e := d
	e.Name, e.X = "east", 2
	c.City.Districts = []agents.District{d, e}
	require.Empty(t, c.Validate())
	return c
}

func TestResourceLimits(t *testing.T) {
	t.Parallel()
	tmpl := agents.DefaultConfig().City.Districts[0]
	district := func(name string, pop int) agents.District {
		d := tmpl
		d.Name, d.Population = name, pop
		return d
	}
	for _, tc := range []struct {
		name    string
		edit    func(c *agents.Config)
		want    string
		problem string
	}{
		{"total population over the limit", func(c *agents.Config) {
			c.City.Districts = []agents.District{district("a", 6_000_000), district("b", 4_000_001)}
		}, "city.districts", "residents"},
		{"a grid at maximum size over the population limit", func(c *agents.Config) {
			c.City.Districts = nil
			c.City.Grid.Rows, c.City.Grid.Cols, c.City.Grid.Template = 64, 64, district("g", 2500)
		}, "city.grid", "residents"},
		{"too many districts", func(c *agents.Config) {
			c.City.Districts = nil
			for i := range agents.MaxDistricts + 1 {
				c.City.Districts = append(c.City.Districts, district(fmt.Sprint("d", i), 100))
			}
		}, "city.districts", "too many districts"},
		{"too many units on a shift", func(c *agents.Config) {
			for i := range 6 {
				d := district(fmt.Sprint("d", i), 20000)
				d.PatrolUnits.Night = 10000
				c.City.Districts = append(c.City.Districts, d)
			}
		}, "city.districts", "night shift"},
		{"a workload over the limit", func(c *agents.Config) {
			d := district("big", 10_000_000)
			d.CrimeRates.Theft = 1000
			c.City.Districts = []agents.District{d}
			c.Police.InvestigationDays = 365
		}, "city", "investigations"},
		{"too many operations from the base", func(c *agents.Config) {
			c.ICE.Teams, c.ICE.AtLargePerTeamWeek = 1000, 100
		}, "ice", "operations a day"},
		{"too many police operations", func(c *agents.Config) {
			c.City.Districts = nil
			c.City.Grid.Rows, c.City.Grid.Cols, c.City.Grid.Template = 64, 64, district("g", 1000)
			c.Police.OpsPerDistrictWeek = 10
		}, "police.ops_per_district_week", "operations a day"},
		{"too many live operations", func(c *agents.Config) {
			c.ICE.Teams, c.ICE.AtLargePerTeamWeek = 100, 100 // 1,429 a day
			c.ICE.OpHours.AtLarge = 1000
		}, "ice", "overlap checks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := agents.DefaultConfig()
			tc.edit(&c)
			errs := c.Validate()
			require.NotEmpty(t, errs)
			assert.Equal(t, tc.want, errs[0].Path, "%v", errs)
			assert.Contains(t, errs.Error(), tc.problem)
		})
	}

	// Just inside the limits: validates.
	c := agents.DefaultConfig()
	c.City.Districts = nil
	c.City.Grid.Rows, c.City.Grid.Cols, c.City.Grid.Template = 64, 64, district("g", agents.MaxPopulation/4096)
	assert.Empty(t, c.Validate())
	w := c.Workload()
	assert.Less(t, w.Pending, float64(agents.MaxPending))
	assert.Positive(t, w.Calls)
	assert.Positive(t, w.JailTransfers)
}

func TestCheckOptionsLimitsTheSeries(t *testing.T) {
	t.Parallel()
	assert.NoError(t, agents.CheckOptions(agents.Options{}))
	assert.NoError(t, agents.CheckOptions(agents.Options{Days: 36500, SeriesDays: 1}))
	for _, o := range []agents.Options{
		{Days: 36500, SeriesDays: 0.25},
		{Days: 3650, SeriesDays: 0.09},
		{Days: -1},
		{SeriesDays: -7},
	} {
		err := agents.CheckOptions(o)
		assert.Error(t, err, "%+v", o)
		_, err = agents.New(nil, o)
		assert.Error(t, err, "%+v", o)
	}
}

// BenchmarkValidateTimeline validates timelines of growing length (size
// tiers): the time per entry must stay flat.
func BenchmarkValidateTimeline(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := testCity(b)
			c.Timeline = make([]agents.Change, n)
			for i := range c.Timeline {
				c.Timeline[i] = change(float64(i%3650)/10, "policies.outreach", float64(i%10)/10)
			}
			b.ReportAllocs()
			for b.Loop() {
				if errs := c.Validate(); len(errs) > 0 {
					b.Fatal(errs)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry")
		})
	}
}
