package corpus

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
)

func TestLoad(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]bool{}
	for _, a := range c.Articles {
		s, _ := c.Site(a.Site)
		langs[s.Lang] = true
		if len(a.Paragraphs) < 2 || a.Title == "" || a.Published.IsZero() {
			t.Errorf("article %s: %d paragraphs, title %q, published %v", a.ID, len(a.Paragraphs), a.Title, a.Published)
		}
		if len(a.Alerts) > 0 && len(a.Stances) == 0 {
			t.Errorf("article %s raises alerts without a stance", a.ID)
		}
	}
	for _, l := range []string{"en", "fr", "de", "es"} {
		if !langs[l] {
			t.Errorf("no article in %s", l)
		}
	}
	first := c.ExpectedAlerts(false)
	if !slices.Contains(first, "reported state:KEN") || slices.Contains(first, "reported state:NGA") {
		t.Errorf("first-pass alerts = %v", first)
	}
	second := c.ExpectedAlerts(true)
	if !slices.Contains(second, "confirmed state:KEN") || !slices.Contains(second, "reported state:NGA") {
		t.Errorf("second-pass alerts = %v", second)
	}
}

func TestRegisterVersions(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	names := func(data []byte) []string {
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "name" {
			t.Fatalf("header %v", rows[0])
		}
		var out []string
		for _, r := range rows[1:] {
			out = append(out, r[0])
		}
		return out
	}
	v1, v2 := names(c.RegisterV1), names(c.RegisterV2)
	for _, n := range v1 {
		if !slices.Contains(v2, n) {
			t.Errorf("%s leaves the register", n)
		}
	}
	for _, r := range c.RegisterAdded {
		if slices.Contains(v1, r.Name) || !slices.Contains(v2, r.Name) {
			t.Errorf("%s: not added by v2", r.Name)
		}
	}
	if len(v2) != len(v1)+len(c.RegisterAdded) {
		t.Errorf("v2 adds %d entries, the manifest lists %d", len(v2)-len(v1), len(c.RegisterAdded))
	}
}
