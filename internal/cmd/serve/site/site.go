// Package site serves a folder of static files over HTTP the way the
// browser build of the visual mode needs (`make serve-web`, and the
// browser test): WebAssembly as application/wasm, so that browsers compile
// it while it downloads; text and WebAssembly gzip-compressed (with
// Content-Encoding) for clients that accept it — the WebAssembly shrinks
// to about a quarter; and no caching, so that a rebuilt page is picked up
// on reload.
//
// Contracts: a file is compressed once per version (its size and
// modification time) and kept in memory; a changed file is compressed
// again. A client that does not accept gzip, a Range request and any file
// of another type get the file as it is. The handler is safe for
// concurrent use.
package site

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// compressible are the file types served compressed.
var compressible = map[string]string{
	".wasm": "application/wasm",
	".js":   "text/javascript; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
}

// Handler serves the files of dir.
func Handler(dir string) http.Handler {
	h := &handler{dir: dir, files: http.FileServer(http.Dir(dir)), cache: map[string]*packed{}}
	return h
}

type handler struct {
	dir   string
	files http.Handler
	mu    sync.Mutex
	cache map[string]*packed // by clean URL path
}

// packed is the gzip form of one version of a file.
type packed struct {
	once    sync.Once
	size    int64
	modTime time.Time
	gz      []byte
	err     error
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	name := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(name, "/") || name == "/" {
		name = path.Join(name, "index.html")
	}
	ext := path.Ext(name)
	ctype, ok := compressible[ext]
	if ext == ".wasm" {
		w.Header().Set("Content-Type", ctype)
	}
	if !ok || (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.Header.Get("Range") != "" {
		h.files.ServeHTTP(w, r)
		return
	}
	w.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.files.ServeHTTP(w, r)
		return
	}
	st, err := os.Stat(filepath.Join(h.dir, filepath.FromSlash(name)))
	if err != nil || !st.Mode().IsRegular() {
		h.files.ServeHTTP(w, r) // its 404, or a folder's redirect
		return
	}
	p := h.packed(name, st)
	if p.err != nil {
		h.files.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Encoding", "gzip")
	http.ServeContent(w, r, name, st.ModTime(), bytes.NewReader(p.gz))
}

// packed returns the gzip form of the file at URL path name, in the
// version st describes, compressing it the first time.
func (h *handler) packed(name string, st os.FileInfo) *packed {
	h.mu.Lock()
	p := h.cache[name]
	if p == nil || p.size != st.Size() || !p.modTime.Equal(st.ModTime()) {
		p = &packed{size: st.Size(), modTime: st.ModTime()}
		h.cache[name] = p
	}
	h.mu.Unlock()
	p.once.Do(func() {
		b, err := os.ReadFile(filepath.Join(h.dir, filepath.FromSlash(name)))
		if err != nil {
			p.err = err
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
		zw.Write(b)
		if p.err = zw.Close(); p.err == nil {
			p.gz = buf.Bytes()
		}
	})
	return p
}

// Warm compresses the files of the given types in advance, so that the
// first request does not wait.
func Warm(h http.Handler, exts ...string) {
	hh, ok := h.(*handler)
	if !ok {
		return
	}
	entries, _ := os.ReadDir(hh.dir)
	for _, e := range entries {
		for _, ext := range exts {
			if filepath.Ext(e.Name()) == ext {
				if st, err := e.Info(); err == nil && st.Mode().IsRegular() {
					hh.packed("/"+e.Name(), st)
				}
			}
		}
	}
}

// acceptsGzip reports whether an Accept-Encoding header accepts gzip (not
// with q=0).
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.TrimSpace(coding) != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
