package batch

// writePlots draws the sweep's plots into <dir>/plots and returns their
// paths relative to dir. (Placeholder until the plots are written.)
func writePlots(dir string, res *Results) ([]string, error) { return nil, nil }
