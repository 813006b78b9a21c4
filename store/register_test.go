package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

func entry(id, name string) callwatch.RegisterEntry {
	return callwatch.RegisterEntry{EntityID: id, Name: name, Category: callwatch.CategoryCompany, Country: "FRA"}
}

func entryIDs(es []callwatch.RegisterEntry) []string {
	var ids []string
	for _, e := range es {
		ids = append(ids, e.EntityID)
	}
	return ids
}

func alertKinds(as []callwatch.Alert) []string {
	var ks []string
	for _, a := range as {
		ks = append(ks, string(a.Kind)+":"+a.Entity.ID)
	}
	return ks
}

func TestSaveRegister(t *testing.T) {
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t2, t3 := t1.Add(24*time.Hour), t1.Add(48*time.Hour)
	a, b, c := entry("org:a", "Alpha"), entry("org:b", "Bravo"), entry("org:c", "Charlie")
	type snap struct {
		src     string
		entries []callwatch.RegisterEntry
		at      time.Time
	}
	tests := []struct {
		name        string
		snaps       []snap
		wantAdded   []string // of the last snapshot
		wantRemoved []string
		wantAlerts  []string
		wantInReg   map[string]bool
		wantReg     []string // Register() after all snapshots
	}{
		{
			name:      "first snapshot is silent",
			snaps:     []snap{{"reg", []callwatch.RegisterEntry{a, b}, t1}},
			wantInReg: map[string]bool{"org:a": true, "org:b": true},
			wantReg:   []string{"org:a", "org:b"},
		},
		{
			name:        "added and removed later",
			snaps:       []snap{{"reg", []callwatch.RegisterEntry{a, b}, t1}, {"reg", []callwatch.RegisterEntry{a, c}, t2}},
			wantAdded:   []string{"org:c"},
			wantRemoved: []string{"org:b"},
			wantAlerts:  []string{"confirmed:org:c", "removed:org:b"},
			wantInReg:   map[string]bool{"org:a": true, "org:b": false, "org:c": true},
			wantReg:     []string{"org:a", "org:c"},
		},
		{
			name:      "unchanged snapshot",
			snaps:     []snap{{"reg", []callwatch.RegisterEntry{a, b}, t1}, {"reg", []callwatch.RegisterEntry{b, a, a}, t2}},
			wantInReg: map[string]bool{"org:a": true, "org:b": true},
			wantReg:   []string{"org:a", "org:b"},
		},
		{
			name:       "removed then back",
			snaps:      []snap{{"reg", []callwatch.RegisterEntry{a, b}, t1}, {"reg", []callwatch.RegisterEntry{a}, t2}, {"reg", []callwatch.RegisterEntry{a, b}, t3}},
			wantAdded:  []string{"org:b"},
			wantAlerts: []string{"confirmed:org:b"}, // b came with the silent first snapshot: never confirmed before
			wantInReg:  map[string]bool{"org:a": true, "org:b": true},
			wantReg:    []string{"org:a", "org:b"},
		},
		{
			name: "a second register source does not flap",
			snaps: []snap{
				{"reg-en", []callwatch.RegisterEntry{a, b}, t1},
				{"reg-fr", []callwatch.RegisterEntry{a}, t1},
				{"reg-fr", []callwatch.RegisterEntry{a, b}, t2},
			},
			wantAdded: []string{"org:b"},
			wantInReg: map[string]bool{"org:a": true, "org:b": true},
			wantReg:   []string{"org:a", "org:b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
			db := openTest(t, Options{Policy: pol})
			ctx := context.Background()
			var ch callwatch.Changes
			var err error
			for i, s := range tt.snaps {
				ch, err = db.SaveRegister(ctx, s.src, s.entries, s.at)
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 && (len(ch.RegisterAdded) != 0 || len(ch.Alerts) != 0 || len(pol.calls()) != 0) {
					t.Fatalf("first snapshot: %+v, %d policy calls", ch, len(pol.calls()))
				}
			}
			if got := entryIDs(ch.RegisterAdded); !slices.Equal(got, tt.wantAdded) {
				t.Errorf("added = %v, want %v", got, tt.wantAdded)
			}
			if got := entryIDs(ch.RegisterRemoved); !slices.Equal(got, tt.wantRemoved) {
				t.Errorf("removed = %v, want %v", got, tt.wantRemoved)
			}
			if got := alertKinds(ch.Alerts); !slices.Equal(got, tt.wantAlerts) {
				t.Errorf("alerts = %v, want %v", got, tt.wantAlerts)
			}
			for id, want := range tt.wantInReg {
				s, ok, err := db.Signatory(ctx, id)
				if err != nil || !ok {
					t.Fatalf("signatory %s: %t %v", id, ok, err)
				}
				wantStatus := callwatch.Status("")
				if want {
					wantStatus = callwatch.StatusOfficial
				}
				if s.InRegister != want || s.Status != wantStatus || s.RegisterAt.IsZero() || !s.Verified {
					t.Errorf("%s: InRegister %t status %q RegisterAt %v; want %t", id, s.InRegister, s.Status, s.RegisterAt, want)
				}
			}
			reg, err := db.Register(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := entryIDs(reg); !slices.Equal(got, tt.wantReg) {
				t.Errorf("Register() = %v, want %v", got, tt.wantReg)
			}
			mustCheck(t, db)
		})
	}
}

func TestRegisterFirstLastSeen(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := entry("org:a", "Alpha")
	if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{a}, t1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{a}, t1.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	reg, _ := db.Register(ctx)
	if len(reg) != 1 || !reg[0].FirstSeen.Equal(t1) || !reg[0].LastSeen.Equal(t1.Add(time.Hour)) {
		t.Errorf("register = %+v", reg)
	}
	// An empty snapshot after a full one is refused and changes nothing.
	if _, err := db.SaveRegister(ctx, "reg", nil, t1.Add(2*time.Hour)); err == nil {
		t.Error("empty snapshot accepted")
	}
	if reg, _ := db.Register(ctx); len(reg) != 1 {
		t.Errorf("register after a refused snapshot: %v", reg)
	}
	if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{{Name: "no id"}}, t1); err == nil {
		t.Error("entry without entity id accepted")
	}
}

func TestRegisterAndNewsTogether(t *testing.T) {
	pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
	db := openTest(t, Options{Policy: pol})
	ctx := context.Background()
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha")}, t1); err != nil {
		t.Fatal(err)
	}
	ch := mustSave(t, db, article(1, "example.com", stance(callwatch.FindingSigned, "org:b", "Bravo", 0.9)))
	if len(ch.Alerts) != 1 {
		t.Fatalf("reported alerts = %v", ch.Alerts)
	}
	ch, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha"), entry("org:b", "Bravo")}, t1.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []callwatch.StatusChange{{EntityID: "org:b", Name: "Bravo", From: callwatch.StatusSigned, To: callwatch.StatusOfficial}}
	if !slices.Equal(ch.StatusChanges, want) || !slices.Equal(alertKinds(ch.Alerts), []string{"confirmed:org:b"}) {
		t.Errorf("status changes %v alerts %v", ch.StatusChanges, alertKinds(ch.Alerts))
	}
	calls := pol.calls()
	last := calls[len(calls)-1]
	if last.Cause != callwatch.CauseRegisterAdded || last.Before.InRegister || !last.After.InRegister || last.Article != nil {
		t.Errorf("register decision = %+v", last)
	}
}

// TestUnverifiedAndRegisterAreOneSignatory: a company the gazetteer does not know is
// "unverified:<slug>" in the news and "org:<slug>" in the register; whichever comes
// second joins the first.
func TestUnverifiedAndRegisterAreOneSignatory(t *testing.T) {
	ctx := context.Background()
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	unverified := func(id, name string) callwatch.Finding {
		f := stance(callwatch.FindingSigned, id, name, 0.54)
		f.Entity.Verified, f.Entity.Category = false, callwatch.CategoryUnknown
		return f
	}

	t.Run("news first, then the register", func(t *testing.T) {
		pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
		db := openTest(t, Options{Policy: pol})
		if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha")}, t1); err != nil {
			t.Fatal(err)
		}
		ch := mustSave(t, db, article(1, "example.com", unverified("unverified:lumen-grid", "Lumen Grid")))
		if !slices.Equal(alertKinds(ch.Alerts), []string{"reported:unverified:lumen-grid"}) {
			t.Fatalf("news alerts = %v", alertKinds(ch.Alerts))
		}
		ch, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha"), entry("org:lumen-grid", "Lumen Grid")}, t1.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.NewSignatories) != 0 {
			t.Errorf("the register's entry is not new: %v", ch.NewSignatories)
		}
		last := pol.calls()[len(pol.calls())-1]
		if last.Cause != callwatch.CauseRegisterAdded || last.Before == nil || last.After.ID != "org:lumen-grid" ||
			!last.After.Verified || !last.After.InRegister || last.After.Report(callwatch.FindingSigned) == nil {
			t.Fatalf("register decision = %+v", last)
		}
		if _, ok := last.After.Alerted[callwatch.AlertReported]; !ok {
			t.Errorf("the news report's alert is not carried over: %v", last.After.Alerted)
		}
		// A later article about the unverified name counts for the register's entity.
		ch = mustSave(t, db, article(2, "other.example", unverified("unverified:lumen-grid", "Lumen Grid")))
		if len(ch.Alerts) != 0 {
			t.Errorf("later article raised %v", alertKinds(ch.Alerts))
		}
		s, ok, err := db.Signatory(ctx, "org:lumen-grid")
		if err != nil || !ok || len(s.Report(callwatch.FindingSigned).Outlets) != 2 {
			t.Errorf("org:lumen-grid = %+v %t %v", s, ok, err)
		}
		mustCheck(t, db)
		checkMerged(t, db, "org:lumen-grid", "unverified:lumen-grid", 2, 2)

		// The register drops it: the news still counts for the register's record, which
		// holds the alerts raised; no unverified record comes back.
		ch, err = db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha")}, t1.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		ch = mustSave(t, db, article(3, "third.example", unverified("unverified:lumen-grid", "Lumen Grid")))
		if len(ch.Alerts) != 0 || len(ch.NewSignatories) != 0 {
			t.Errorf("an article after the removal raised %v, new signatories %v", alertKinds(ch.Alerts), ch.NewSignatories)
		}
		checkMerged(t, db, "org:lumen-grid", "unverified:lumen-grid", 3, 3)
		mustCheck(t, db)
		entries, err := db.Outbox(ctx, callwatch.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, string(e.Alert.Kind)+":"+e.Alert.Entity.ID)
		}
		want := []string{"reported:unverified:lumen-grid", "confirmed:org:lumen-grid", "removed:org:lumen-grid"}
		if !slices.Equal(got, want) {
			t.Errorf("outbox = %v, want %v: one alert of each kind about the organisation", got, want)
		}
	})

	t.Run("news under both ids, then the register", func(t *testing.T) {
		pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
		db := openTest(t, Options{Policy: pol})
		if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha")}, t1); err != nil {
			t.Fatal(err)
		}
		// The gazetteer knows it as org:lumen, an older run found it as unverified:lumen;
		// article 3 names it both ways and must count once after the merge.
		known := stance(callwatch.FindingSigned, "org:lumen", "Lumen", 0.9)
		mustSave(t, db,
			article(1, "a.example", known),
			article(2, "b.example", unverified("unverified:lumen", "Lumen SA")),
			article(3, "a.example", known, unverified("unverified:lumen", "Lumen SA")))
		ch, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha"), entry("org:lumen", "Lumen")}, t1.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(alertKinds(ch.Alerts), []string{"confirmed:org:lumen"}) || !slices.Equal(entryIDs(ch.RegisterAdded), []string{"org:lumen"}) {
			t.Errorf("register alerts %v, added %v", alertKinds(ch.Alerts), entryIDs(ch.RegisterAdded))
		}
		checkMerged(t, db, "org:lumen", "unverified:lumen", 3, 2)
		s, _, _ := db.Signatory(ctx, "org:lumen")
		if !slices.Contains(s.Names, "Lumen SA") {
			t.Errorf("names = %v: the unverified record's names are lost", s.Names)
		}
		mustCheck(t, db)
	})

	t.Run("register first, then the news", func(t *testing.T) {
		pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
		db := openTest(t, Options{Policy: pol})
		if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:acme-grid", "Acme Grid")}, t1); err != nil {
			t.Fatal(err)
		}
		in := article(1, "example.com", unverified("unverified:acme-grid", "Acme Grid"))
		mustSave(t, db, in)
		if in.Findings[0].Entity.ID != "unverified:acme-grid" {
			t.Errorf("the caller's findings were modified: %v", in.Findings[0].Entity.ID)
		}
		last := pol.calls()[len(pol.calls())-1]
		if last.After.ID != "org:acme-grid" || !last.After.InRegister {
			t.Errorf("news decision = %+v: the finding must count for the listed entity", last.After)
		}
		if _, ok, _ := db.Signatory(ctx, "unverified:acme-grid"); ok {
			t.Error("a separate unverified signatory was created")
		}
		var ids []string
		err := db.ScanFindings(ctx, callwatch.FindingFilter{Kinds: []callwatch.FindingKind{callwatch.FindingSigned}}, func(r callwatch.FindingRow) error {
			ids = append(ids, r.Finding.Entity.ID)
			return nil
		})
		if err != nil || !slices.Equal(ids, []string{"org:acme-grid"}) {
			t.Errorf("stored findings = %v %v", ids, err)
		}
		mustCheck(t, db)
	})
}

// checkMerged checks that the unverified record from is merged into the register's record
// into: listed once, as into, with from's evidence counted once, and its findings found
// under into's id.
func checkMerged(t *testing.T, db *DB, into, from string, articles, outlets int) {
	t.Helper()
	ctx := context.Background()
	sigs, err := db.Signatories(ctx, callwatch.SignatoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range sigs {
		ids = append(ids, s.ID)
	}
	if slices.Contains(ids, from) || !slices.Contains(ids, into) {
		t.Errorf("Signatories lists %v: want %s and not %s", ids, into, from)
	}
	s, _, err := db.Signatory(ctx, into)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.MergedFrom, []string{from}) {
		t.Errorf("%s merged_from = %v", into, s.MergedFrom)
	}
	r := s.Report(callwatch.FindingSigned)
	if r == nil || r.ArticleCount != articles || r.OutletCount != outlets {
		t.Fatalf("%s signed report = %+v, want %d articles and %d outlets", into, r, articles, outlets)
	}
	u, ok, err := db.Signatory(ctx, from)
	if err != nil || !ok || u.MergedInto != into {
		t.Errorf("%s = %+v %t %v, want it kept, merged into %s", from, u, ok, err, into)
	}
	seen := map[string]bool{}
	err = db.ScanFindings(ctx, callwatch.FindingFilter{Entity: into, Kinds: []callwatch.FindingKind{callwatch.FindingSigned}}, func(fr callwatch.FindingRow) error {
		seen[fr.Article.ID] = true
		if fr.Outlets != outlets {
			t.Errorf("finding about %s in %s: outlets %d, want %d", fr.Finding.Entity.ID, fr.Article.ID, fr.Outlets, outlets)
		}
		return nil
	})
	if err != nil || len(seen) != articles {
		t.Errorf("findings of %s are in %d articles (%v), want %d", into, len(seen), err, articles)
	}
}
