package stats_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/stats"
)

// Two arms, one metric, six replications drawn from a seeded generator:
// replication r of both arms shares the noise of r (common random
// numbers), so the paired interval of the difference is far narrower than
// the unpaired one.
func ExampleAccumulator() {
	plan := &sweep.Plan{Arms: []sweep.Arm{{Name: "baseline"}, {Name: "outreach"}}, Points: []sweep.Point{{Index: 0}}}
	acc := stats.NewAccumulator(plan, []string{"crimes.reporting_rate"}, stats.Options{})
	rng := rand.New(rand.NewPCG(1, 2))
	for r := range 6 {
		noise := 0.05 * rng.NormFloat64() // shared by the arms of replication r
		for ai, arm := range plan.Arms {
			spec := sweep.RunSpec{Arm: arm.Name, ArmIndex: ai, Replication: r}
			acc.Add(spec, []float64{0.40 + 0.02*float64(ai) + noise + 0.002*rng.NormFloat64()}, nil)
		}
	}
	t, err := acc.Table()
	if err != nil {
		panic(err)
	}
	defer t.Close()
	t.EachStat(func(s stats.Stat) error {
		fmt.Printf("%s: mean %.4f [%.4f, %.4f], n %d\n", s.Arm, s.Mean, s.Lo, s.Hi, s.N)
		return nil
	})
	c, _ := t.Comparison("outreach", 0, "crimes.reporting_rate")
	fmt.Printf("difference %+.4f [%+.4f, %+.4f]; half-width paired %.4f, unpaired %.4f\n", c.Diff, c.Lo, c.Hi, c.PairedHalfWidth, c.UnpairedHalfWidth)
	// Output:
	// baseline: mean 0.3752 [0.2999, 0.4505], n 6
	// outreach: mean 0.3942 [0.3200, 0.4684], n 6
	// difference +0.0190 [+0.0160, +0.0220]; half-width paired 0.0030, unpaired 0.0916
}
