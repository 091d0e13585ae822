package report

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/agencysim/agencysim/internal/safetext"
)

// The cells of every CSV file the toolkit writes follow one convention:
//
//   - A number is written in the shortest form that reads back exactly.
//   - A missing value — an undefined figure such as the rate of a group
//     with no crimes (NaN), an infinite one, or a design parameter a point
//     leaves at the base scenario's value — is [CSVMissing], which pandas
//     (read_csv) and R (read.csv) read as missing.
//   - Text goes through safetext.CSVCell: text a spreadsheet would take for
//     a formula (starting with =, +, -, @, tab or carriage return) gets a
//     leading apostrophe; text that is a number is left as it is.

// CSVMissing is how a missing value is written in a CSV cell.
const CSVMissing = "NA"

// CSVNumber formats a number for a CSV cell: NaN and ±Inf are
// [CSVMissing].
func CSVNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return CSVMissing
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// CSVText formats text for a CSV cell (safetext.CSVCell).
func CSVText(s string) string { return safetext.CSVCell(s) }

// formatParam writes a design value for people: numbers as numbers, nil
// (left at the base value) as NA, other values as their text or JSON.
func formatParam(v any) string {
	switch x := v.(type) {
	case nil:
		return CSVMissing
	case float64:
		return CSVNumber(x)
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// csvParam is formatParam for a CSV cell.
func csvParam(v any) string {
	switch v.(type) {
	case nil, float64, int, int64:
		return formatParam(v)
	}
	return CSVText(formatParam(v))
}
