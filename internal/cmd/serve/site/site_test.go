package site_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/agencysim/agencysim/internal/cmd/serve/site"
)

// site writes a folder like web/dist: a page and a WebAssembly module
// that compresses well.
func writeSite(t *testing.T) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("agencysim "), 50_000)...)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!DOCTYPE html><title>x</title>"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "agencysim.wasm"), wasm, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("plain"), 0o644))
	return dir, wasm
}

func get(t *testing.T, url, encoding string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Encoding", encoding) // set: the client does not decode for us
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return out
}

func TestWasmIsServedAsWasmAndUncached(t *testing.T) {
	t.Parallel()
	dir, _ := writeSite(t)
	srv := httptest.NewServer(site.Handler(dir))
	defer srv.Close()
	for path, want := range map[string]string{
		"/":               "text/html; charset=utf-8",
		"/agencysim.wasm": "application/wasm",
	} {
		for _, enc := range []string{"", "gzip"} {
			resp, _ := get(t, srv.URL+path, enc)
			assert.Equal(t, http.StatusOK, resp.StatusCode, path)
			assert.Equal(t, want, resp.Header.Get("Content-Type"), path)
			assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"), path)
		}
	}
	resp, _ := get(t, srv.URL+"/missing.wasm", "gzip")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestTheWasmIsCompressedForClientsThatAcceptGzip(t *testing.T) {
	t.Parallel()
	dir, wasm := writeSite(t)
	h := site.Handler(dir)
	site.Warm(h, ".wasm")
	srv := httptest.NewServer(h)
	defer srv.Close()

	resp, body := get(t, srv.URL+"/agencysim.wasm", "br, gzip;q=0.8")
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	assert.Equal(t, "Accept-Encoding", resp.Header.Get("Vary"))
	assert.Less(t, len(body), len(wasm)/10, "compressed")
	assert.Equal(t, wasm, gunzip(t, body), "and whole")

	// Not for a client that does not accept it, nor for a Range request,
	// nor for other types.
	for _, enc := range []string{"", "identity", "gzip;q=0", "br"} {
		resp, body = get(t, srv.URL+"/agencysim.wasm", enc)
		assert.Empty(t, resp.Header.Get("Content-Encoding"), enc)
		assert.Equal(t, wasm, body, enc)
	}
	resp, body = get(t, srv.URL+"/notes.txt", "gzip")
	assert.Empty(t, resp.Header.Get("Content-Encoding"))
	assert.Equal(t, "plain", string(body))
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/agencysim.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Range", "bytes=0-3")
	r, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	assert.Equal(t, http.StatusPartialContent, r.StatusCode)
	assert.Equal(t, "\x00asm", string(b))

	// A rebuilt module is compressed again.
	rebuilt := append(wasm, "rebuilt"...)
	p := filepath.Join(dir, "agencysim.wasm")
	require.NoError(t, os.WriteFile(p, rebuilt, 0o644))
	later := time.Now().Add(2 * time.Second)
	require.NoError(t, os.Chtimes(p, later, later))
	_, body = get(t, srv.URL+"/agencysim.wasm", "gzip")
	assert.Equal(t, rebuilt, gunzip(t, body))
}
