package discover

import (
	"slices"
)

// CartOptions are the settings of the classification tree; the zero value
// means the defaults: leaves of at least 5% of the points (EMA Workbench's
// min_samples_leaf = mass_min·n) and a depth of at most 4.
type CartOptions struct {
	MinLeafMass float64 // smallest share of the points in a leaf
	MaxDepth    int
}

func (o CartOptions) withDefaults() CartOptions {
	if o.MinLeafMass == 0 {
		o.MinLeafMass = 0.05
	}
	if o.MaxDepth == 0 {
		o.MaxDepth = 4
	}
	return o
}

// Cart grows a classification tree on d by greedy binary splits: at each
// node the split (input, threshold) with the largest decrease in Gini
// impurity G = 1 − Σ p_c², thresholds at the midpoints between
// consecutive distinct values, ties going to the lower input and the lower
// threshold; a split is made only if both children keep the minimum leaf
// size and it lowers the impurity. Each leaf is a box (its path of
// inequalities). Two sibling leaves that predict the same class (the
// majority of their points) are then joined, from the bottom up. The
// leaves are returned in the tree's order, left first.
func Cart(d Data, opt CartOptions) (initial Box, leaves []Step) {
	opt = opt.withDefaults()
	dims := 0
	if d.Len() > 0 {
		dims = len(d.X[0])
	}
	initial = d.bounds(dims)
	minLeaf := max(1, int(opt.MinLeafMass*float64(d.Len())))
	idx := make([]int, d.Len())
	for j := range idx {
		idx[j] = j
	}
	root := grow(d, idx, initial.clone(), 0, minLeaf, opt.MaxDepth)
	root.prune()
	root.leaves(func(b Box) { leaves = append(leaves, Step{Box: b, Stats: d.stats(b)}) })
	return initial, leaves
}

// node is a node of the tree: a leaf when left is nil.
type node struct {
	box         Box
	positive    bool // the majority of its points are cases of interest
	left, right *node
}

func grow(d Data, idx []int, b Box, depth, minLeaf, maxDepth int) *node {
	k := 0
	for _, j := range idx {
		if d.Y[j] {
			k++
		}
	}
	nd := &node{box: b, positive: 2*k > len(idx)}
	u, t, ok := bestSplit(d, idx, minLeaf)
	if !ok || depth >= maxDepth {
		return nd
	}
	var left, right []int
	for _, j := range idx {
		if d.X[j][u] <= t {
			left = append(left, j)
		} else {
			right = append(right, j)
		}
	}
	lb, rb := b.clone(), b.clone()
	lb.High[u] = t
	// The right child is x > t; no point of d equals t (a midpoint
	// between distinct values), so the inclusive limit t is the same.
	rb.Low[u] = t
	nd.left = grow(d, left, lb, depth+1, minLeaf, maxDepth)
	nd.right = grow(d, right, rb, depth+1, minLeaf, maxDepth)
	return nd
}

// prune joins, from the bottom up, two leaves of one parent that predict
// the same class: the split changes no prediction, and the parent's box
// is the simpler description.
func (n *node) prune() {
	if n.left == nil {
		return
	}
	n.left.prune()
	n.right.prune()
	if n.left.left == nil && n.right.left == nil && n.left.positive == n.right.positive {
		n.positive = n.left.positive
		n.left, n.right = nil, nil
	}
}

func (n *node) leaves(f func(Box)) {
	if n.left == nil {
		f(n.box)
		return
	}
	n.left.leaves(f)
	n.right.leaves(f)
}

// gini is the Gini impurity of k cases in n points.
func gini(k, n int) float64 {
	if n == 0 {
		return 0
	}
	p := float64(k) / float64(n)
	return 1 - p*p - (1-p)*(1-p)
}

// bestSplit returns the split of the points idx with the largest decrease
// in impurity.
func bestSplit(d Data, idx []int, minLeaf int) (dim int, threshold float64, ok bool) {
	n := len(idx)
	if n < 2*minLeaf {
		return 0, 0, false
	}
	k := 0
	for _, j := range idx {
		if d.Y[j] {
			k++
		}
	}
	parent := gini(k, n)
	if parent == 0 {
		return 0, 0, false
	}
	best := 0.0
	order := slices.Clone(idx)
	for u := range d.X[idx[0]] {
		slices.SortStableFunc(order, func(a, b int) int {
			switch {
			case d.X[a][u] < d.X[b][u]:
				return -1
			case d.X[a][u] > d.X[b][u]:
				return 1
			}
			return a - b
		})
		kl := 0
		for i := 0; i < n-1; i++ {
			if d.Y[order[i]] {
				kl++
			}
			nl := i + 1
			a, b := d.X[order[i]][u], d.X[order[i+1]][u]
			if a == b || nl < minLeaf || n-nl < minLeaf {
				continue
			}
			g := parent - float64(nl)/float64(n)*gini(kl, nl) - float64(n-nl)/float64(n)*gini(k-kl, n-nl)
			if g > best+1e-12 {
				best, dim, threshold, ok = g, u, (a+b)/2, true
			}
		}
	}
	return dim, threshold, ok
}
