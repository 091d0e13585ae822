package batch

// writeReport writes <dir>/report.html. (Placeholder.)
func writeReport(dir string, res *Results, plots []string) error { return nil }
