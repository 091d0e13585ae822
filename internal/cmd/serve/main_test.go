package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHandlerServesWasmAsWasm(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!DOCTYPE html><title>x</title>"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "agencysim.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644))
	srv := httptest.NewServer(handler(dir))
	defer srv.Close()

	for path, want := range map[string]string{
		"/":               "text/html; charset=utf-8",
		"/agencysim.wasm": "application/wasm",
	} {
		resp, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, want, resp.Header.Get("Content-Type"), path)
		assert.Equal(t, "no-cache", resp.Header.Get("Cache-Control"), path)
	}
	resp, err := http.Get(srv.URL + "/missing.wasm")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestRunNeedsABuiltSite(t *testing.T) {
	err := run(t.TempDir(), "127.0.0.1:0")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "make web")
}

func TestDisplayAddr(t *testing.T) {
	assert.Equal(t, "localhost:8080", displayAddr("0.0.0.0:8080"))
	assert.Equal(t, "localhost:8080", displayAddr("[::]:8080"))
	assert.Equal(t, "127.0.0.1:9000", displayAddr("127.0.0.1:9000"))
}
