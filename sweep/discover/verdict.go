package discover

import (
	"fmt"
	"math"
)

// Overfitting is read from the gap between the chosen box's statistics on
// the training points, where it was found, and on the held-out points
// (Friedman and Fisher 1999 advise a test set; Bryant and Lempert 2010):
// a box that holds its density and coverage on points it has not seen
// describes the model, not the chance of the sample. The box is read as
// holding when neither falls by more than MaxGap, and the held-out points
// have at least MinHeldOutCases cases of interest to judge by.
const (
	MaxGap          = 0.1
	MinHeldOutCases = 5
)

// Verdict says in words whether the sample was large enough for the
// chosen box: enough is false when the box lost more than MaxGap of its
// density or coverage on the held-out points, or there were too few
// held-out cases to tell.
func Verdict(r *Result) (enough bool, text string) {
	c := r.Box()
	tr, te := c.Stats, c.Test
	gaps := fmt.Sprintf("density %s on the training points and %s on the held-out ones, coverage %s and %s",
		pct(tr.Density()), pct(te.Density()), pct(tr.Coverage()), pct(te.Coverage()))
	if te.K < MinHeldOutCases {
		return false, fmt.Sprintf("Not large enough: only %d of the %d held-out design points are cases of interest, too few to check the box (at least %d); run the sweep with more points (the design's points: more, or a larger --test share)",
			te.K, te.N, MinHeldOutCases)
	}
	dd, dc := tr.Density()-te.Density(), tr.Coverage()-te.Coverage()
	if math.IsNaN(dd) || math.IsNaN(dc) {
		return false, "Not large enough: the box holds no held-out point (" + gaps + "); run the sweep with more points"
	}
	if dd <= MaxGap && dc <= MaxGap {
		return true, fmt.Sprintf("The sample was large enough: the box holds on design points it was not found on (%s; neither falls by more than %.0f points)", gaps, 100*MaxGap)
	}
	what := "density"
	if dc > MaxGap && dd > MaxGap {
		what = "density and coverage"
	} else if dc > MaxGap {
		what = "coverage"
	}
	return false, fmt.Sprintf("Not large enough: the box loses %s on the held-out points (%s): it partly fits the chance of this sample; run the sweep with more design points (about twice as many), or more replications per point if the figure is noisy, or take an earlier, simpler box from %s",
		what, gaps, FileName)
}
