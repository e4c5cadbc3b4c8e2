//go:build tools

// Package tools pins the command the test bed builds from this module; testbed/velero/build builds it by import path.
package tools

import (
	_ "github.com/vmware-tanzu/velero/cmd/velero"
)
