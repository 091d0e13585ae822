package sweep

// InputError is bad input that is not a located [schema.Errors]: a sweep
// file that cannot be read, a results folder that is not one, a run that
// the sweep does not have. Its Input method marks it as such for the
// command line's exit code (2).
type InputError string

func (e InputError) Error() string { return string(e) }

// Input reports that the error is caused by bad input.
func (InputError) Input() bool { return true }
