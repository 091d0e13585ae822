package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// grid is the full factorial of the listed values: every combination, the
// last parameter (in key order) varying fastest.
type grid struct{ params }

var _ = register(grid{})

func (grid) Name() string { return "grid" }
func (grid) Doc() string  { return "full factorial of the listed values" }

func (grid) Points(in *Input) ([]string, []Point) {
	keys, vals := in.Lists()
	if in.Failed() {
		return nil, nil
	}
	n := 1
	for _, l := range vals {
		var ok bool
		if n, ok = mulLimit(n, len(l), MaxDesignPoints); !ok {
			in.Fail("vary.params", gridSize(vals), "make too many grid points", fmt.Sprintf("at most %d points in all", MaxDesignPoints))
			return nil, nil
		}
	}
	pts := make([]Point, 0, n)
	for i := range n {
		vs := make([]any, len(keys))
		rem := i
		for j := len(keys) - 1; j >= 0; j-- {
			vs[j] = vals[j][rem%len(vals[j])]
			rem /= len(vals[j])
		}
		pts = append(pts, Point{Index: i, Values: vs})
	}
	return keys, pts
}

// gridSize describes the size of a grid: "2 × 2 × … (64 parameters)".
func gridSize(vals [][]any) string {
	var parts []string
	for _, l := range vals {
		parts = append(parts, strconv.Itoa(len(l)))
		if len(parts) == 8 && len(vals) > 9 {
			parts = append(parts, "…")
			break
		}
	}
	return fmt.Sprintf("%s (%d parameters)", strings.Join(parts, " × "), len(vals))
}
