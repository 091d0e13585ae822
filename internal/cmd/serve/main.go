// Command serve serves a folder over HTTP for `make serve-web`: the
// browser build of the visual mode in web/dist, as package site does —
// WebAssembly as application/wasm (so browsers compile it while it
// downloads), gzip-compressed for browsers that accept it (a quarter of
// its size), and uncached, so a rebuilt page is picked up on reload.
//
//	go run ./internal/cmd/serve -dir web/dist -addr localhost:8080
//
// Any static file server does the same job; this one needs nothing but Go.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/agencysim/agencysim/internal/cmd/serve/site"
)

func main() {
	dir := flag.String("dir", "web/dist", "folder to serve")
	addr := flag.String("addr", "localhost:8080", "address to listen on (0.0.0.0:8080 to serve other machines on the network)")
	flag.Parse()
	if err := run(*dir, *addr); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func run(dir, addr string) error {
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("%s has no index.html: build it first (make web)", dir)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	h := site.Handler(dir)
	start := time.Now()
	site.Warm(h, ".wasm")
	log.Printf("serving %s on http://%s/ (Ctrl-C to stop; WebAssembly compressed in %s)", dir, displayAddr(ln.Addr().String()), time.Since(start).Round(time.Millisecond))
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// displayAddr names a wildcard listener by localhost, to give a URL that
// opens.
func displayAddr(a string) string {
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return a
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
