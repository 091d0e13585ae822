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
func (p Point) MarshalJSON() ([]byte, error) { return p.AppendJSON(nil), nil }

// AppendJSON appends the point's JSON (the bytes MarshalJSON returns) to b:
// for writers of many points, without a call of encoding/json for each.
func (p Point) AppendJSON(b []byte) []byte {
	b = append(b, `{"Day":`...)
	b = appendJSONFloat(b, p.Day)
	b = append(b, `,"Metric":`...)
	b = AppendJSONString(b, p.Metric)
	b = append(b, `,"Group":`...)
	b = AppendJSONString(b, p.Group)
	b = append(b, `,"Value":`...)
	b = appendJSONFloat(b, p.Value)
	return append(b, '}')
}

// AppendJSONString appends s as encoding/json writes a string (with its
// HTML-safe escapes).
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
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
