//go:build tools

// Package tools pins FerretDB and every module it needs (go.mod + go.sum in this directory). deploy/local/stack.sh
// builds github.com/FerretDB/FerretDB/cmd/ferretdb from a copy of this module, with FerretDB replaced by a copy of
// its source that carries build/version/version.txt (the released module omits it, and the binary panics without).
package tools

import _ "github.com/FerretDB/FerretDB/cmd/ferretdb"
