package search

import (
	"math"
	"math/rand/v2"
)

// This file holds the variation operators: simulated binary crossover and
// polynomial mutation for real and integer genes (Deb and Agrawal 1995,
// "Simulated binary crossover for continuous search space", Complex
// Systems 9:115-148; the bounded forms Deb et al. 2002 use), and a
// uniform crossover and a change of level for categorical genes.

// crossEps is the smallest difference of two parents' values SBX crosses.
const crossEps = 1e-14

// crossover returns two children of parents a and b. With probability
// opt.Crossover the pair is crossed: each real or integer gene, with
// probability 1/2, by bounded SBX, each categorical gene swapped with
// probability 1/2. Otherwise the children are copies.
func crossover(genes []Gene, a, b []float64, opt Options, r *rand.Rand) ([]float64, []float64) {
	c1 := append([]float64(nil), a...)
	c2 := append([]float64(nil), b...)
	if r.Float64() >= opt.Crossover {
		return c1, c2
	}
	for j, g := range genes {
		// Every gene draws the same number of values whatever happens, so a
		// gene's draws do not depend on the values of the genes before it.
		u1, u2, u3 := r.Float64(), r.Float64(), r.Float64()
		if g.Kind == Categorical {
			if u1 < 0.5 {
				c1[j], c2[j] = c2[j], c1[j]
			}
			continue
		}
		if u1 >= 0.5 || math.Abs(a[j]-b[j]) <= crossEps {
			continue
		}
		y1, y2 := math.Min(a[j], b[j]), math.Max(a[j], b[j])
		lo, hi := g.Low, g.High
		d := y2 - y1
		// The child near y1: the spread factor is limited by the lower bound.
		beta := 1 + 2*(y1-lo)/d
		x1 := y1 + y2 - sbxBetaQ(beta, opt.EtaC, u2)*d
		x1 = 0.5 * x1
		// The child near y2: limited by the upper bound.
		beta = 1 + 2*(hi-y2)/d
		x2 := 0.5 * (y1 + y2 + sbxBetaQ(beta, opt.EtaC, u2)*d)
		x1, x2 = clamp(x1, lo, hi), clamp(x2, lo, hi)
		if u3 < 0.5 {
			x1, x2 = x2, x1
		}
		if g.Kind == Integer {
			x1, x2 = clamp(math.Round(x1), lo, hi), clamp(math.Round(x2), lo, hi)
		}
		c1[j], c2[j] = x1, x2
	}
	return c1, c2
}

// sbxBetaQ is the spread factor of bounded SBX for a uniform draw u, where
// beta is the spread that reaches the bound: the probability of a spread
// beyond it is cut off and the rest rescaled.
func sbxBetaQ(beta, eta, u float64) float64 {
	alpha := 2 - math.Pow(beta, -(eta+1))
	if u <= 1/alpha {
		return math.Pow(u*alpha, 1/(eta+1))
	}
	return math.Pow(1/(2-u*alpha), 1/(eta+1))
}

// mutate mutates x in place: each gene with probability opt.Mutation — a
// real or integer gene by bounded polynomial mutation (an integer rounded
// after), a categorical gene to another level drawn uniformly.
func mutate(genes []Gene, x []float64, opt Options, r *rand.Rand) {
	for j, g := range genes {
		u1, u2 := r.Float64(), r.Float64()
		if u1 >= opt.Mutation {
			continue
		}
		if g.Kind == Categorical {
			// Another level: one of the size-1 others, uniformly.
			k := int(u2 * float64(g.size()-1))
			if k >= int(x[j]) {
				k++
			}
			x[j] = float64(k)
			continue
		}
		lo, hi := g.Low, g.High
		y := x[j]
		d1, d2 := (y-lo)/(hi-lo), (hi-y)/(hi-lo)
		p := 1 / (opt.EtaM + 1)
		var dq float64
		if u2 < 0.5 {
			v := 2*u2 + (1-2*u2)*math.Pow(1-d1, opt.EtaM+1)
			dq = math.Pow(v, p) - 1
		} else {
			v := 2*(1-u2) + 2*(u2-0.5)*math.Pow(1-d2, opt.EtaM+1)
			dq = 1 - math.Pow(v, p)
		}
		y = clamp(y+dq*(hi-lo), lo, hi)
		if g.Kind == Integer {
			y = clamp(math.Round(y), lo, hi)
		}
		x[j] = y
	}
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
