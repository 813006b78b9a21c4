package main

import (
	"sync"

	"github.com/callwatch/callwatch/detect"
)

var (
	detectorOnce sync.Once
	detectorVal  *detect.Detector
	detectorErr  error
)

// detector returns the detector the commands share. It is built on first use (about
// 20-50 ms: the automaton over every name and gazetteer alias) and then reused by every
// App of the process: it is immutable, safe for concurrent use and depends on no
// configuration, so one per process is the same as one per App, without the memory.
func (a *App) detector() (*detect.Detector, error) {
	detectorOnce.Do(func() { detectorVal, detectorErr = detect.New() })
	return detectorVal, detectorErr
}
