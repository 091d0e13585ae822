package report

import (
	"fmt"
	"math"
	"strings"
)

// "How many runs are enough": each design's results say, in words, whether
// the sample was large enough for the conclusions the report shows. One
// [convergence] per kind of conclusion, each in its own file
// (converge_*.go); the report's section "Was the sample large enough?"
// lists their verdicts.

// A convergence judges one kind of conclusion of a sweep's results.
type convergence interface {
	// verdicts returns a verdict per conclusion it judges (nil when the
	// results show none of its kind).
	verdicts(res *Results) []Verdict
}

// Verdict says whether the sample behind some of a report's conclusions
// was large enough.
type Verdict struct {
	Topic  string // what is judged: "Paired differences of arm X at design point 0"
	Enough bool   // the sample was large enough by the stated criterion
	Text   string // the verdict in words: "The sample was large enough: …" or "Not large enough: …"
}

// convergences are the judges, in the order of the report.
var convergences = []convergence{pairedConvergence{}, pointsConvergence{}, sobolConvergence{}, morrisConvergence{}}

// Convergence returns the verdicts on a sweep's results, in the order the
// report lists them.
func Convergence(res *Results) []Verdict {
	var out []Verdict
	for _, c := range convergences {
		out = append(out, c.verdicts(res)...)
	}
	return out
}

// verdictText starts a verdict's words with what it says of the sample.
func verdictText(enough bool, reasons ...string) string {
	head := "Not large enough: "
	if enough {
		head = "The sample was large enough: "
	}
	return head + strings.Join(reasons, "; ") + "."
}

// timesMore is how many times the sample must grow for a half-width hw to
// shrink to target, when half-widths scale as 1/√n: (hw/target)², at
// least 1.
func timesMore(hw, target float64) float64 {
	if !(hw > 0 && target > 0) {
		return math.NaN()
	}
	return max(1, (hw/target)*(hw/target))
}

// plainFactor writes a factor of more runs: "about 4×".
func plainFactor(k float64) string {
	if k < 10 {
		return fmt.Sprintf("about %.1f×", k)
	}
	return fmt.Sprintf("about %.0f×", k)
}

// nextPow2 is the least power of two at least n.
func nextPow2(n float64) int {
	p := 1
	for float64(p) < n && p < 1<<30 {
		p <<= 1
	}
	return p
}
