package detect

import (
	"io"
	"sync"

	"github.com/callwatch/callwatch"
)

var (
	defaultOnce sync.Once
	defaultGaz  *gazetteer
	defaultErr  error
)

func sharedGazetteer() (*gazetteer, error) {
	defaultOnce.Do(func() { defaultGaz, defaultErr = newGazetteer() })
	return defaultGaz, defaultErr
}

// Supporters returns the official supporters list embedded in the binary (the end-2025
// snapshot of pariscall.international), each entry with its stable EntityID: the
// baseline that alerts compare the register and the news against. It panics only if
// the embedded data is corrupt, which the package's tests rule out.
func Supporters() []callwatch.RegisterEntry {
	g, err := sharedGazetteer()
	if err != nil {
		panic(err)
	}
	out := make([]callwatch.RegisterEntry, len(g.listed))
	for i, r := range g.listed {
		out[i] = r.entry
	}
	return out
}

// ReadSupporters reads a supporters list in CSV by its header: the embedded file's
// columns (name, category, nature, country, iso3, date_joined, first_listed, date_signed),
// the official site's /supporters.csv (name, category, nationality, nature, website,
// twitter, date_signed), or any CSV with at least a "name" column. Entity ids are resolved
// through the gazetteer, so the same organisation always gets the same id; entries the
// gazetteer does not know get "org:<slug>" (or "state:<ISO3>" for a state whose code is
// given). Duplicate entities are kept once.
func ReadSupporters(r io.Reader) ([]callwatch.RegisterEntry, error) {
	g, err := sharedGazetteer()
	if err != nil {
		return nil, err
	}
	return g.clone().readRegister(r, false)
}
