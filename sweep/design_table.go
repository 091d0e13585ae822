package sweep

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/agencysim/agencysim/internal/safetext"
	"github.com/agencysim/agencysim/schema"
)

// table reads its points from a CSV file (vary.file, relative to the sweep
// file): a header of key paths, one row per point, each cell parsed as
// YAML.
type table struct{}

var _ = register(table{})

func (table) Name() string { return "table" }
func (table) Doc() string  { return "points read from a CSV file" }

// At implements Design: the keys come from the file.
func (table) At(string) string { return "vary.file" }

func (table) Points(in *Input) ([]string, []Point) {
	v := in.Vary
	if v.File == "" {
		in.Fail("vary.file", nil, "is missing", "a CSV file of design points")
		return nil, nil
	}
	tpath := v.File
	if !filepath.IsAbs(tpath) {
		tpath = filepath.Join(filepath.Dir(in.File), v.File)
	}
	keys, rows, err := readTable(tpath)
	if err != nil {
		in.Fail("vary.file", v.File, err.Error(), fmt.Sprintf("a CSV file of at most %d MB with a header of distinct key paths (at most %d) and one row per point (at most %d), a value in every cell", MaxTableBytes>>20, MaxTableColumns, MaxDesignPoints))
		return nil, nil
	}
	for _, key := range keys {
		in.checkParam(key, "vary.file", false)
	}
	pts := make([]Point, 0, len(rows))
	for i, r := range rows {
		pts = append(pts, Point{Index: i, Values: r})
	}
	if len(pts) == 0 {
		in.Fail("vary.file", v.File, "has no rows", "at least one design point")
	}
	return keys, pts
}

// readTable reads a CSV design: a header of distinct key paths and rows of
// values, each parsed as YAML, within the limits on its size. A problem
// names the file's line and column.
func readTable(path string) ([]string, [][]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, errors.New(safetext.Escape(err.Error()))
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, nil, err
	} else if !st.Mode().IsRegular() {
		return nil, nil, errors.New("is not a file")
	} else if st.Size() > MaxTableBytes {
		return nil, nil, fmt.Errorf("is %d bytes, more than the limit", st.Size())
	}
	r := csv.NewReader(io.LimitReader(f, MaxTableBytes))
	r.ReuseRecord = false
	keys, err := r.Read()
	if err == io.EOF {
		return nil, nil, errors.New("is empty")
	}
	if err != nil {
		return nil, nil, errors.New(safetext.Escape(err.Error()))
	}
	if len(keys) > MaxTableColumns {
		return nil, nil, fmt.Errorf("has %d columns, more than the limit", len(keys))
	}
	col := map[string]int{}
	for i := range keys {
		keys[i] = strings.TrimSpace(keys[i])
		if keys[i] == "" {
			return nil, nil, fmt.Errorf("line 1, column %d: the header names no key", i+1)
		}
		if j, dup := col[keys[i]]; dup {
			return nil, nil, fmt.Errorf("line 1: column %d repeats the key %s of column %d", i+1, safetext.Escape(keys[i]), j+1)
		}
		col[keys[i]] = i
	}
	var out [][]any
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, errors.New(safetext.Escape(err.Error()))
		}
		if len(out) >= MaxDesignPoints {
			return nil, nil, fmt.Errorf("has more than %d rows", MaxDesignPoints)
		}
		line, _ := r.FieldPos(0)
		vs := make([]any, len(keys))
		for j := range keys {
			cell := strings.TrimSpace(row[j])
			if cell == "" {
				return nil, nil, fmt.Errorf("line %d: the value of %s is empty", line, safetext.Escape(keys[j]))
			}
			vs[j] = schema.ParseScalar(cell)
			if vs[j] == nil {
				return nil, nil, fmt.Errorf("line %d: the value of %s is null (%s)", line, safetext.Escape(keys[j]), safetext.Escape(cell))
			}
		}
		out = append(out, vs)
	}
	return keys, out, nil
}
