package agents

import (
	"encoding/json"
	"math"
)

// pointJSON is the JSON form of a [Point]: the field names the stored run
// records have always used, with undefined numbers as null.
type pointJSON struct {
	Day    Value
	Metric string
	Group  string
	Value  Value
}

// MarshalJSON implements json.Marshaler: an undefined value (NaN, such as
// the reporting rate of a group with no crimes in the interval, or ±Inf) is
// written as null, like every undefined figure of a [Summary].
func (p Point) MarshalJSON() ([]byte, error) {
	return json.Marshal(pointJSON{Value(p.Day), p.Metric, p.Group, Value(p.Value)})
}

// UnmarshalJSON implements json.Unmarshaler: null reads back as NaN.
func (p *Point) UnmarshalJSON(b []byte) error {
	q := pointJSON{Day: Value(math.NaN()), Value: Value(math.NaN())}
	if err := json.Unmarshal(b, &q); err != nil {
		return err
	}
	*p = Point{Day: float64(q.Day), Metric: q.Metric, Group: q.Group, Value: float64(q.Value)}
	return nil
}
