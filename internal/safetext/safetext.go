// Package safetext makes user text safe to print and to write into files
// other programs open: terminal control sequences are escaped, spreadsheet
// formulas are defused, and names are checked against one rule.
//
// Every function is safe for concurrent use and never panics.
package safetext

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLen is the longest name (of a scenario, district, arm, task force
// or military unit) accepted, in characters. Names go into file names and
// table cells; 64 keeps a run's file name well inside the 255-byte limit of
// common file systems.
const MaxNameLen = 64

// Escape returns s with every control character (C0, DEL, C1, and the
// Unicode bidirectional overrides that reorder what a terminal shows) and
// every invalid UTF-8 byte written as a Go escape (\x1b, \u202e), so that
// printing user text cannot move the cursor, clear the screen or disguise
// what it says. Printable text, non-ASCII letters included, is unchanged.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case isControl(r):
			q := strconv.QuoteRune(r) // e.g. '\x1b', '\n', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || isControl(r) {
			return true
		}
		i += n
	}
	return false
}

// isControl reports control characters and the invisible formatting
// characters that change how the rest of a line is shown.
func isControl(r rune) bool {
	switch {
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidirectional embeddings, overrides, isolates and marks
	}
	return false
}

// HasControl reports whether s holds a character [Escape] would escape.
func HasControl(s string) bool { return needsEscape(s) }

// NameProblem returns what is wrong with name as the name of something the
// user defines (empty, longer than [MaxNameLen] characters, or holding
// control characters), or "" if it is acceptable.
func NameProblem(name string) string {
	switch {
	case name == "":
		return "is empty"
	case HasControl(name):
		return "holds control characters"
	case utf8.RuneCountInString(name) > MaxNameLen:
		return fmt.Sprintf("is %d characters long", utf8.RuneCountInString(name))
	}
	return ""
}

// NameAllowed describes the names [NameProblem] accepts, for error messages.
var NameAllowed = fmt.Sprintf("a name of 1 to %d characters without control characters", MaxNameLen)

// CSVCell returns a text cell for a CSV file with a leading apostrophe if
// it begins with a character a spreadsheet would read as the start of a
// formula ('=', '+', '-', '@', tab or carriage return; OWASP, CSV
// Injection), so that opening the file cannot run it. Text that is a number
// ("-3", "+1e5") is returned unchanged, as are all other cells.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

// CSVRow applies [CSVCell] to each cell of a row of text cells, in place,
// and returns it.
func CSVRow(row []string) []string {
	for i, c := range row {
		row[i] = CSVCell(c)
	}
	return row
}
