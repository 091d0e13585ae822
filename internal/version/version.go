// Package version reports the code version recorded in every output.
package version

import "runtime/debug"

// stamp is set at build time by the Makefile:
//
//	go build -ldflags "-X github.com/agencysim/agencysim/internal/version.stamp=$(git describe --always --dirty)"
//
// It is a link-time constant, never written at run time.
var stamp string

// String returns the code version: the build stamp if there is one, else the
// module version or VCS revision Go recorded, else "devel".
func String() string {
	if stamp != "" {
		return stamp
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if dirty {
				rev += "-dirty"
			}
			return rev
		}
	}
	return "devel"
}
