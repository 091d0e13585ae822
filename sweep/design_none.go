package sweep

// none is the absence of a design: one point, the base scenario's values.
type none struct{ params }

var _ = register(none{})

func (none) Name() string { return "none" }
func (none) Doc() string  { return "no design: every arm runs at the base scenario's values" }

func (none) Points(in *Input) ([]string, []Point) {
	if len(in.Vary.Params) > 0 {
		in.Fail("vary.params", nil, "is given but vary.design is none", "a design: "+designNames("none"))
	}
	return nil, []Point{{Index: 0}}
}
