//go:build js

package sweep

import "github.com/agencysim/agencysim/scenarios"

// forkedAt refuses fork_day in the browser build, which leaves it out to
// keep its WebAssembly within its 20 MB budget (see fork.go).
func (p *Plan) forkedAt(int, Point) (*scenarios.Loaded, error) {
	return nil, InputError(p.Source + ": fork_day: sweeps with fork_day are not available in the browser build; run them with agencysim sweep")
}
