package safetext_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/agencysim/agencysim/internal/safetext"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"baseline":             "baseline",
		"río-grande ñ 東京":      "río-grande ñ 東京",
		"\x1b[2Jclear":         `\x1b[2Jclear`,
		"a\nb\tc\rd":           `a\nb\tc\rd`,
		"del\x7f":              `del\x7f`,
		"c1\u0085":             `c1\u0085`,
		"evil\u202egnp.exe":    `evil\u202egnp.exe`,
		"isolate\u2066x\u2069": `isolate\u2066x\u2069`,
		"bad\xffbyte":          `bad\xffbyte`,
		"":                     "",
	} {
		got := safetext.Escape(in)
		assert.Equal(t, want, got, "%q", in)
		assert.False(t, safetext.HasControl(got), "escaped text %q must hold no control character", got)
	}
}

func TestNameProblem(t *testing.T) {
	assert.Empty(t, safetext.NameProblem("never-honor"))
	assert.Empty(t, safetext.NameProblem(strings.Repeat("é", safetext.MaxNameLen)))
	assert.Contains(t, safetext.NameProblem(""), "empty")
	assert.Contains(t, safetext.NameProblem(strings.Repeat("a", safetext.MaxNameLen+1)), "65 characters")
	assert.Contains(t, safetext.NameProblem("x\x1b[2J"), "control")
	assert.Contains(t, safetext.NameProblem("tab\there"), "control")
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=cmd|' /C calc'!A0":             "'=cmd|' /C calc'!A0",
		"+HYPERLINK(\"http://x\",\"y\")": "'+HYPERLINK(\"http://x\",\"y\")",
		"-2+3":                           "'-2+3",
		"@SUM(A1)":                       "'@SUM(A1)",
		"\t=1":                           "'\t=1",
		"\r=1":                           "'\r=1",
		"-3":                             "-3",
		"+1e5":                           "+1e5",
		"-0.25":                          "-0.25",
		"never":                          "never",
		"a=b":                            "a=b",
		"":                               "",
	} {
		assert.Equal(t, want, safetext.CSVCell(in), "%q", in)
	}
	row := safetext.CSVRow([]string{"ok", "=1+1", "-1"})
	assert.Equal(t, []string{"ok", "'=1+1", "-1"}, row)
}
