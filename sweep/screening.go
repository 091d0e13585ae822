package sweep

// A Screening design measures how much each varied parameter moves a
// result: the outputs add a sensitivity table and plots for it, in the
// words the design gives.
type Screening interface {
	Design
	// Effects screens every varied parameter of the plan, in parameter
	// order, from y: a result's mean at each design point (NaN where it
	// is unknown).
	Effects(p *Plan, y func(point int) float64) []Effect
	// Words returns what the report says of the design and its figures;
	// reps describes the replications behind each point ("20
	// replications").
	Words(p *Plan, reps string) Words
}

// Effect is the screening of one varied parameter for one result: Mu the
// mean signed change of the result as the parameter moves, MuStar the mean
// size of the change, Sigma the spread of the changes (NaN when the design
// does not estimate it), N the number of changes behind them (0 when there
// were none: the figures are NaN).
type Effect struct {
	Param             string
	Low, High         any // the range, or the values compared, as design values ("base" for the base scenario's)
	Mu, MuStar, Sigma float64
	N                 int
	// Sobol holds the variance-based indices of a sobol design (nil
	// otherwise): there MuStar is the total index ST, Mu the first-order
	// index S1 and N the base rows used.
	Sobol *SobolEffect
}

// Words are what the report says of a screening design.
type Words struct {
	Intro, Reading string   // the paragraphs of the report's section
	RangeHead      string   // the heading of the Low – High column
	Cols           []string // the headings of MuStar and Mu, and of Sigma when the design estimates it
	Caption        string   // of every screening plot
	Axis           string   // the plots' axis of MuStar
	// Shares is set when the figures are shares of the result's variance
	// (Sobol' indices), not changes in the result's units.
	Shares bool
}

// Sigma reports whether the design estimates the spread of the effects.
func (w Words) Sigma() bool { return len(w.Cols) > 2 }

// Screens reports whether the plan's design is a screening design with
// parameters to screen.
func (p *Plan) Screens() (Screening, bool) {
	s, ok := p.Design().(Screening)
	return s, ok && len(p.ParamKeys) > 0
}
