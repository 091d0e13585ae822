package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/runner"
)

// The headline of a grid design with five arms and long arm names fits
// 100 columns, shows every arm once, and says that its means are those of
// design point 0 and how many runs each arm has in all.
func TestHeadlineFitsAndNamesItsPoint(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, "days: 10\nreplications: 2\n"+
		"metrics: [crimes.reporting_rate, trust.undocumented.mean, costs.jail_cost]\n"+
		"arms: {baseline: {}, never_honor_detainers_at_all: {policies.detainers: never}, judicial_warrant_only_please: {policies.detainers: judicial_warrant_only},\n"+
		"  jail_enforcement_agreement: {agreements.g287.model: jail_enforcement}, task_force_agreement_model: {agreements.g287.model: task_force}}\n"+
		"vary: {design: grid, params: {reporting.fear_slope: [1.5, 2.5, 3.0]}}\n")
	_, res := execute(t, plan, runner.Options{})
	var b bytes.Buffer
	require.NoError(t, WriteHeadline(&b, res))
	out := b.String()
	for _, l := range strings.Split(out, "\n") {
		assert.LessOrEqual(t, utf8.RuneCountInString(l), HeadlineWidth, "%q", l)
	}
	for _, a := range plan.Arms[1:] {
		assert.Equal(t, 1, strings.Count(out, a.Name), "arm %s heads one column", a.Name)
	}
	assert.Greater(t, strings.Count(out, "Trust in police"), 1, "a second block of arms repeats the metrics")
	joined := strings.Join(strings.Fields(out), " ")
	assert.Contains(t, joined, "Means over 2 replications per arm at design point 0 of 3 (reporting.fear_slope = 1.5); each arm has 6 runs in all.")
	assert.NotContains(t, out, "±0.0000 ", "a level's interval has the decimals it needs")
}

// A sweep of one arm has nothing to compare: no findings, and its arm
// changes nothing; an arm's change is labelled with the scenario
// reference's meaning of its key.
func TestReportOfOneArmAndWhatArmsChange(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, "days: 10\nreplications: 2\nmetrics: [crimes.reporting_rate]\narms: {only: {}}\n")
	dir := t.TempDir()
	execute(t, plan, runner.Options{Out: dir})
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	page := string(b)
	assert.NotContains(t, page, `id="findings"`)
	assert.Contains(t, page, "nothing: the base scenario as is")

	plan = sweeptest.MustPlan(t, "days: 10\nreplications: 2\nmetrics: [crimes.reporting_rate]\narms: {a: {}, b: {policies.detainers: never}}\n")
	changes := armChangeTable(&Results{Plan: plan})
	require.Len(t, changes, 2)
	assert.Empty(t, changes[0].Changes)
	require.Len(t, changes[1].Changes, 1)
	c := changes[1].Changes[0]
	assert.Equal(t, "policies.detainers", c.Key)
	assert.Equal(t, "never", c.Value)
	assert.Equal(t, firstSentence(scenarioFormat.Lookup("policies.detainers").Doc), c.Meaning)
	assert.NotEmpty(t, c.Meaning)
}
