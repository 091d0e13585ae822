//go:build !js

package viz

import "golang.org/x/image/font/gofont/gobold"

// boldTTF is the titles' font: Go Bold.
var boldTTF = gobold.TTF
