//go:build !race

package extract

// raceEnabled is true when the tests run under the race detector.
const raceEnabled = false
