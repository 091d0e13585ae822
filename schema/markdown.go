package schema

import (
	"fmt"
	"strings"
)

// MarkdownTable renders the keys under f (every leaf, and every struct whose
// default is given as a whole mapping) as a Markdown table with columns key,
// type, default, allowed, unit, meaning and source. Paths are relative to f
// and prefixed with prefix.
func MarkdownTable(f *Field, prefix string) string {
	var b strings.Builder
	b.WriteString("| key | type | default | allowed | unit | meaning | source |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	var rows func(f *Field, path string)
	rows = func(f *Field, path string) {
		for _, c := range f.Fields {
			p := c.Key
			if path != "" {
				p = path + "." + c.Key
			}
			switch {
			case c.Kind == KindObject && c.Default == "":
				rows(c, p)
			case c.Kind == KindArray && c.Elem.Kind == KindObject:
				writeRow(&b, c, p)
				rows(c.Elem, p+"[]")
			default:
				writeRow(&b, c, p)
			}
		}
	}
	rows(f, prefix)
	return b.String()
}

func writeRow(b *strings.Builder, f *Field, path string) {
	typ := string(f.Kind)
	allowed := f.Allowed()
	if f.Kind == KindObject {
		// A mapping with a default: list its keys and their range.
		typ = "mapping"
		var keys []string
		for _, c := range f.Fields {
			keys = append(keys, c.Key)
		}
		allowed = "keys " + strings.Join(keys, ", ")
		if len(f.Fields) > 0 {
			allowed += "; each " + f.Fields[0].Allowed()
		}
	}
	if f.Kind == KindArray {
		typ = "list"
		if f.Elem.Kind == KindObject {
			allowed = "a list of mappings (keys below)"
			if f.MaxItems > 0 {
				allowed = fmt.Sprintf("a list of at most %d mappings (keys below)", f.MaxItems)
			}
		}
	}
	fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s | %s |\n",
		path, typ, cell(codeOrEmpty(f.Default)), cell(allowed), cell(f.Unit), cell(f.Doc), cell(sourceWithGrade(f)))
}

func codeOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return "`" + s + "`"
}

func cell(s string) string {
	return strings.ReplaceAll(s, "|", "\\|")
}

// sourceWithGrade is the source of a default with its evidence grade.
func sourceWithGrade(f *Field) string {
	if f.Grade == "" {
		return f.Source
	}
	return f.Source + " [grade " + f.Grade + "]"
}
