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
