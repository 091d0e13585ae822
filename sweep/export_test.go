package sweep

import "github.com/agencysim/agencysim/scenarios"

// Internals the external tests check.
var (
	MulLimit = mulLimit
	AddLimit = addLimit
)

// PointParams returns the overrides of a design point.
func (p *Plan) PointParams(pt Point) []scenarios.Param { return p.pointParams(pt) }
