//go:build !unix

package alert

import "os/exec"

// killGroup leaves the default: the context kills the command's own process only.
func killGroup(cmd *exec.Cmd) {}
