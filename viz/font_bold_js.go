//go:build js

package viz

// boldTTF is nil in the browser build: titles use the regular face, which
// keeps Go Bold's 150 KB out of the WebAssembly (its size budget is 20.5 MB,
// see web/web_test.go).
var boldTTF []byte
