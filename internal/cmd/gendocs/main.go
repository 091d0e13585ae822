// Command gendocs regenerates the generated parts of docs/ (make docs).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/agencysim/agencysim/internal/docgen"
)

func main() {
	files, err := docgen.Files(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.MkdirAll(filepath.Dir(n), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gendocs:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(n, files[n], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gendocs:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", n)
	}
}
