//go:build !((linux || freebsd || netbsd || openbsd) && !android)

// Elsewhere (the browser, Windows, macOS) there is always a screen: nothing
// to check.

package display
