//go:build !js

package sweep_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/sweep"
	"github.com/agencysim/agencysim/sweep/internal/sweeptest"
)

const sobolText = `arms: {a: {}}
seed: 9
vary: {design: sobol, points: 16, params: {policies.outreach: [0.1, 0.9], trust.half_life_days: [30, 365], ice.teams: [1, 9]}}
`

// The design: N(k+2) points in blocks A, AB_1 … AB_k, B; AB_i is A with
// parameter i from B; every value in its range; the same points from the
// same seed, other points from another.
func TestSobolDesignPoints(t *testing.T) {
	t.Parallel()
	plan := sweeptest.MustPlan(t, sobolText)
	const n, k = 16, 3
	require.Len(t, plan.Points, n*(k+2))
	assert.Equal(t, n, plan.SobolRows())
	assert.Equal(t, []string{"ice.teams", "policies.outreach", "trust.half_life_days"}, plan.ParamKeys)
	lo, hi := []float64{1, 0.1, 30}, []float64{9, 0.9, 365}
	for j := range n {
		blk := plan.Points[j*(k+2) : (j+1)*(k+2)]
		a, b := blk[0].Values, blk[k+1].Values
		for i := range k {
			ab := blk[1+i].Values
			for c := range k {
				want := a[c]
				if c == i {
					want = b[c]
				}
				assert.Equal(t, want, ab[c], "row %d AB_%d column %d", j, i, c)
			}
		}
		for _, p := range blk {
			_, isInt := p.Values[0].(int)
			assert.True(t, isInt, "ice.teams is a whole number")
			for c, v := range p.Values {
				x, _ := v.(float64)
				if c == 0 {
					x = float64(v.(int))
				}
				assert.True(t, lo[c] <= x && x <= hi[c], "point %d %s = %v in range", p.Index, plan.ParamKeys[c], v)
			}
		}
	}
	// A's column of outreach: one value in each sixteenth of the range
	// (the Sobol' sequence is stratified at powers of two).
	strata := map[int]bool{}
	for j := range n {
		x := plan.Points[j*(k+2)].Values[1].(float64)
		strata[int((x-0.1)/0.8*n)] = true
	}
	assert.Len(t, strata, n)
	again := sweeptest.MustPlan(t, sobolText)
	assert.Equal(t, plan.Points, again.Points, "deterministic from the seed")
	other := sweeptest.MustPlan(t, sobolText+"\n")
	assert.Equal(t, plan.Points, other.Points)
	reseeded := sweeptest.MustPlan(t, `arms: {a: {}}
seed: 10
vary: {design: sobol, points: 16, params: {policies.outreach: [0.1, 0.9], trust.half_life_days: [30, 365], ice.teams: [1, 9]}}
`)
	assert.NotEqual(t, plan.Points, reseeded.Points, "another seed scrambles differently")
	_, ok := plan.Screens()
	assert.True(t, ok, "a sobol design is a screening design")
}

func TestSobolDesignErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, vary, want string }{
		{"not a power of two", "{design: sobol, points: 10, params: {policies.outreach: [0, 1]}}",
			`sweep.yaml:2: vary.points: 10 is not a power of two of at least 8; allowed: 8, 16, 32, 64, … base rows (a Sobol' sequence is balanced only at powers of two), e.g. 16`},
		{"too few", "{design: sobol, points: 4, params: {policies.outreach: [0, 1]}}", "vary.points: 4 is not a power of two of at least 8"},
		{"too many points", "{design: sobol, points: 65536, params: {policies.outreach: [0, 1]}}", "vary.points: 65536 makes too many points with 1 parameters (points × (parameters + 2) = 196608)"},
		{"not a range", "{design: sobol, points: 8, params: {policies.outreach: [0, 1, 2]}}", "sweep.yaml:2: vary.params.policies.outreach: [3 items] is not a range; allowed: [low, high]"},
		{"not numeric", "{design: sobol, points: 8, params: {policies.detainers: [a, b]}}", "is not numeric"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := sweep.Load(sweeptest.WriteSweep(t, "arms: {a: {}}\nvary: "+tc.vary+"\n"), nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
