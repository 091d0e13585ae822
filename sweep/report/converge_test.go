package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/schema"
	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
	"github.com/agencysim/agencysim/sweep/stats"
)

// verdictOn returns the verdict whose topic starts with topic.
func verdictOn(t *testing.T, res *Results, topic string) Verdict {
	t.Helper()
	for _, v := range Convergence(res) {
		if strings.HasPrefix(v.Topic, topic) {
			return v
		}
	}
	t.Fatalf("no verdict on %q in %+v", topic, Convergence(res))
	return Verdict{}
}

// pairedResults are two arms at one point whose difference in one metric
// is d ± hw over n replications.
func pairedResults(d, hw float64, n int) *Results {
	plan := &sweep.Plan{Sweep: sweep.Sweep{Replications: n}, Arms: []sweep.Arm{{Name: "base"}, {Name: "policy"}},
		Points: []sweep.Point{{Index: 0}}, Metrics: []string{"crimes.reported"}}
	cmps := []stats.Comparison{{Arm: "policy", Baseline: "base", Metric: "crimes.reported", N: n, Diff: d, Lo: d - hw, Hi: d + hw}}
	return &Results{Plan: plan, Table: stats.TableOf(nil, cmps, nil)}
}

func TestPairedVerdictFlipsWithTheIntervals(t *testing.T) {
	t.Parallel()
	v := verdictOn(t, pairedResults(-12, 5, 20), "Paired differences of policy from base")
	assert.True(t, v.Enough)
	assert.Contains(t, v.Text, "The sample was large enough: with 20 replications the 95% interval of every one of the 1 headline differences excludes zero")

	// ±10 around −5 at 20 replications: (10/5)² = 4× more, 80 replications.
	v = verdictOn(t, pairedResults(-5, 10, 20), "Paired differences")
	assert.False(t, v.Enough)
	assert.Contains(t, v.Text, "Not large enough: with 20 replications, 1 of the 1 headline differences has an interval that includes zero")
	assert.Contains(t, v.Text, "its sign needs about 80 replications (about 4.0× more)")
	assert.Contains(t, v.Text, "until_ci: {metric: crimes.reported, half_width: 2.5}")

	// No difference at all: no number of replications settles a sign.
	v = verdictOn(t, pairedResults(0, 3, 20), "Paired differences")
	assert.False(t, v.Enough)
	assert.Contains(t, v.Text, "no difference larger than ±3")
}

func TestPointsVerdictFlipsWithTheReplications(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, "replications: 3\narms: {a: {}}\nmetrics: [crimes.reported]\nvary: {design: lhs, points: 6, params: {policies.outreach: [0, 1]}}\n")
	results := func(hw float64) *Results {
		var rows []stats.Stat
		for p := range plan.Points {
			rows = append(rows, stats.Stat{Arm: "a", Point: p, Metric: "crimes.reported", N: 3, Mean: 100, Lo: 100 - hw, Hi: 100 + hw})
		}
		return &Results{Plan: plan, Table: stats.TableOf(rows, nil, nil)}
	}
	v := verdictOn(t, results(4), "Design points (lhs, 6 points)")
	assert.True(t, v.Enough, v.Text)
	assert.Contains(t, v.Text, "The sample was large enough: each of the 6 design points ran 3 replications per arm")
	v = verdictOn(t, results(20), "Design points")
	assert.False(t, v.Enough)
	assert.Contains(t, v.Text, "(20% of the mean)")
	assert.Contains(t, v.Text, "about 12 replications per point (about 4.0× more)")
}

// sobolResults are the indices of two parameters of one metric in one
// arm: x with S_T st ± hw at N = 512 and stHalf at 256 rows, y with 0.1.
func sobolResults(t *testing.T, st, hw, stHalf float64) *Results {
	plan := sweeptest.MustPlan(t, "arms: {a: {}}\nmetrics: [crimes.reported]\nvary: {design: sobol, points: 8, params: {policies.outreach: [0, 1], trust.half_life_days: [30, 230]}}\n")
	res := &Results{Plan: plan, Table: &stats.Table{}}
	row := func(param string, st, hw, stHalf float64) stats.Sensitivity {
		e := sweep.SobolEstimate{N: 512, S1: st, S1Lo: st - hw, S1Hi: st + hw, ST: st, STLo: st - hw, STHi: st + hw}
		h := e
		h.N, h.ST = 256, stHalf
		return stats.Sensitivity{Arm: "a", Metric: "crimes.reported", Effect: sweep.Effect{Param: param, MuStar: st,
			Sobol: &sweep.SobolEffect{SobolEstimate: e, Half: h, Quarter: h, NoiseShare: 0.12}}}
	}
	res.Sensitivity = []stats.Sensitivity{row("policies.outreach", st, hw, stHalf), row("trust.half_life_days", 0.1, 0.02, 0.1)}
	return res
}

func TestSobolVerdictFlipsWithTheConvergenceView(t *testing.T) {
	t.Parallel()
	v := verdictOn(t, sobolResults(t, 0.7, 0.04, 0.72), "Sobol' indices of")
	assert.True(t, v.Enough, v.Text)
	assert.Equal(t, "The sample was large enough: the order of the parameters is the same at 256 and 512 base rows and every total index is known to ±0.04, none moving by more than 0.05 between them (noise share 0.12).", v.Text)

	// Too wide: ±0.1 needs (0.1/0.05)² = 4× the rows, 2048.
	v = verdictOn(t, sobolResults(t, 0.7, 0.1, 0.72), "Sobol' indices of")
	assert.False(t, v.Enough)
	assert.Contains(t, v.Text, "Not large enough: the total index of policies.outreach is known only to ±0.10")
	assert.Contains(t, v.Text, "increase points to at least 2048")

	// The order changes between N/2 and N.
	v = verdictOn(t, sobolResults(t, 0.3, 0.04, 0.05), "Sobol' indices of")
	assert.False(t, v.Enough)
	assert.Contains(t, v.Text, "the order of the parameters changes between 256 and 512 base rows (trust.half_life_days > policies.outreach at 256, policies.outreach > trust.half_life_days at 512)")
	assert.Contains(t, v.Text, "moved by 0.25")
	assert.Contains(t, v.Text, "; the noise share is 0.12; increase points to at least 1024.")
}

func TestMorrisVerdictFlipsWithHalfSampleAgreement(t *testing.T) {
	t.Parallel()
	res := syntheticMorris(t) // y = 2a − 0.5b everywhere: the halves agree
	v := verdictOn(t, res, "Morris screening of "+MetricLabel("crimes.reporting_rate"))
	assert.True(t, v.Enough, v.Text)
	assert.Contains(t, v.Text, "The sample was large enough: the two halves of the 5 trajectories agree")

	// The first half sees only a, the second only b.
	info := res.Plan.MorrisInfo()
	var rows []stats.Stat
	for p, pt := range res.Plan.Points {
		a, _ := schema.ToFloat(pt.Values[0])
		b, _ := schema.ToFloat(pt.Values[1])
		y := b / 100
		if info.Steps[p].Trajectory < 2 {
			y = a
		}
		rows = append(rows, stats.Stat{Arm: "a", Point: p, Metric: "crimes.reporting_rate", N: 2, Mean: y})
	}
	bad := &Results{Plan: res.Plan, Table: stats.TableOf(rows, nil, nil)}
	v = verdictOn(t, bad, "Morris screening of "+MetricLabel("crimes.reporting_rate"))
	assert.False(t, v.Enough, v.Text)
	assert.Contains(t, v.Text, "Not large enough: the two halves of the 5 trajectories disagree")
	assert.Contains(t, v.Text, "increase trajectories to at least 10")
}

func TestReportSaysWhetherTheSampleWasLargeEnough(t *testing.T) {
	t.Parallel()
	page, _, _ := syntheticReport(t)
	i := strings.Index(page, `<h2 id="convergence">Was the sample large enough?</h2>`)
	require.GreaterOrEqual(t, i, 0)
	sec := page[i : i+strings.Index(page[i:], "</ul>")]
	// Every difference of the long-named arm excludes zero; some of
	// "never" do not.
	assert.Contains(t, sec, "<b>Paired differences of "+longArm+" from baseline.</b> The sample was large enough: with 10 replications")
	assert.Contains(t, sec, "<b>Paired differences of never from baseline.</b> Not large enough: with 10 replications")
}
