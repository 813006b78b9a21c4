package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// TestStanceReportIsBounded: an entity named in many articles keeps a record of bounded
// size, with exact counts of its articles and distinct outlets, and samples of both.
func TestStanceReportIsBounded(t *testing.T) {
	const total, outlets, minSources = 130, 70, 60
	ctx := context.Background()
	// The policy asks for more distinct outlets than a report lists: it must count them
	// exactly all the same.
	pol := &testPolicy{channels: []string{"log"}, decide: func(c callwatch.SignatoryChange) []callwatch.Alert {
		r := c.After.Report(callwatch.FindingSigned)
		if _, done := c.After.Alerted[callwatch.AlertReported]; done || r == nil || r.NumOutlets() < minSources {
			return nil
		}
		return []callwatch.Alert{{Kind: callwatch.AlertReported, Entity: c.After.Entity}}
	}}
	db := openTest(t, Options{Policy: pol})
	arts := make([]*callwatch.Article, total)
	ids := make([]string, total)
	for n := range arts {
		arts[n] = article(n, fmt.Sprintf("o%02d.example", n%outlets), mention(), stance(callwatch.FindingSigned, "state:FRA", "France", 0.9))
		ids[n] = arts[n].ID
	}
	alertedAt := -1
	for n := range outlets {
		if ch := mustSave(t, db, arts[n]); len(ch.Alerts) > 0 {
			if alertedAt >= 0 {
				t.Fatalf("alerted twice: at article %d and %d", alertedAt, n)
			}
			alertedAt = n
		}
	}
	if alertedAt != minSources-1 {
		t.Errorf("alerted at article %d, want %d (the %dth distinct outlet)", alertedAt, minSources-1, minSources)
	}
	mustSave(t, db, arts[outlets:]...) // one transaction: the writer's cached record

	check := func(when string) {
		t.Helper()
		s, ok, err := db.Signatory(ctx, "state:FRA")
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", when, ok, err)
		}
		r := s.Report(callwatch.FindingSigned)
		if r.ArticleCount != total || r.OutletCount != outlets || r.NumArticles() != total || r.NumOutlets() != outlets {
			t.Errorf("%s: counts %d articles, %d outlets; want %d, %d", when, r.ArticleCount, r.OutletCount, total, outlets)
		}
		head := callwatch.MaxReportArticles / 2
		want := append(slices.Clone(ids[:head]), ids[total-(callwatch.MaxReportArticles-head):]...)
		if !slices.Equal(r.Articles, want) {
			t.Errorf("%s: article sample = %v\nwant the first %d and the latest: %v", when, r.Articles, head, want)
		}
		var wantOutlets []string
		for n := range callwatch.MaxReportOutlets {
			wantOutlets = append(wantOutlets, fmt.Sprintf("o%02d.example", n))
		}
		if !slices.Equal(r.Outlets, wantOutlets) {
			t.Errorf("%s: outlets = %v, want the first %d", when, r.Outlets, callwatch.MaxReportOutlets)
		}
	}
	check("after saving")

	// Nothing counted is counted again: the same articles saved again, some with a new
	// text (their findings are stored and applied again), findings replaced by the same.
	mustSave(t, db, arts[:10]...)
	changed := slices.Clone(arts[:3])
	for i, a := range changed {
		c := *a
		c.Text += " Updated."
		c.ContentHash = ""
		changed[i] = &c
	}
	if ch := mustSave(t, db, changed...); ch.Updated != 3 {
		t.Fatalf("updated %d articles, want 3", ch.Updated)
	}
	if _, err := db.ReplaceFindings(ctx, arts[5].ID, arts[5].Findings); err != nil {
		t.Fatal(err)
	}
	check("after saving again")
	mustCheck(t, db)
}

// TestCheckFindsMiscountedEvidence: db check compares a report's counts with its sets.
func TestCheckFindsMiscountedEvidence(t *testing.T) {
	db := openTest(t, Options{})
	mustSave(t, db, article(1, "example.com", stance(callwatch.FindingSigned, "org:acme", "Acme", 0.9)))
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRepArticles).Put(evidenceKey("org:acme", callwatch.FindingSigned, "0123456789abcdef"), []byte{})
	}); err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "article_count 1, but report_articles holds 2") {
		t.Errorf("problems = %q, want the miscount", problems)
	}
}

// writeV2Signatory stores s in the version 2 form: no counts, no merge fields.
func writeV2Signatory(tx *bolt.Tx, s callwatch.Signatory) error {
	b, err := json.Marshal(&s)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	delete(m, "merged_from")
	delete(m, "merged_into")
	reps, _ := m["reports"].([]any)
	for _, r := range reps {
		delete(r.(map[string]any), "article_count")
		delete(r.(map[string]any), "outlet_count")
	}
	if b, err = json.Marshal(m); err != nil {
		return err
	}
	return tx.Bucket(bucketSignatories).Put([]byte(s.ID), b)
}

// TestMigrateV2ToV3: a version 2 database, whose signatories list every article and
// outlet and whose unverified organisations are listed beside the register's record, is
// backed up and upgraded: bounded records with exact counts, one record per organisation.
func TestMigrateV2ToV3(t *testing.T) {
	const total, outlets = 120, 60
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "callwatch.db")
	pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
	unverified := stance(callwatch.FindingSigned, "unverified:lumen-grid", "Lumen Grid", 0.8)
	unverified.Entity.Verified = false

	// What version 2 wrote, built with this version's writes and then rewritten.
	db, err := Open(path, Options{Policy: pol})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha")}, day0); err != nil {
		t.Fatal(err)
	}
	var arts []*callwatch.Article
	var ids, names []string
	for n := range total {
		o := fmt.Sprintf("o%02d.example", n%outlets)
		arts = append(arts, article(n, o, stance(callwatch.FindingSigned, "state:FRA", "France", 0.9)))
		ids = append(ids, arts[n].ID)
		if n < outlets {
			names = append(names, o)
		}
	}
	news := article(total, "example.com", unverified)
	mustSave(t, db, append(arts, news)...)
	if _, err := db.SaveRegister(ctx, "reg", []callwatch.RegisterEntry{entry("org:a", "Alpha"), entry("org:lumen-grid", "Lumen Grid")}, day0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var sigs []callwatch.Signatory
	for _, id := range []string{"state:FRA", "org:lumen-grid", "unverified:lumen-grid"} {
		s, ok, err := db.Signatory(ctx, id)
		if err != nil || !ok {
			t.Fatal(id, ok, err)
		}
		sigs = append(sigs, s)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	sigs[0].Reports[0].Articles, sigs[0].Reports[0].Outlets = ids, names
	writeRaw(t, path, func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketRepArticles, bucketRepOutlets} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		for _, s := range sigs {
			if err := writeV2Signatory(tx, s); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(metaSchemaVersion, u64(2))
	})

	db, err = Open(path, Options{Policy: pol})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	writeRaw(t, path+".bak-v2", func(tx *bolt.Tx) error {
		if v := readSchemaVersion(tx); v != 2 || tx.Bucket(bucketRepArticles) != nil {
			t.Errorf("backup: schema version %d, report_articles %t; want the version 2 file", v, tx.Bucket(bucketRepArticles) != nil)
		}
		return nil
	})
	if st, err := db.Stats(ctx); err != nil || st.SchemaVersion != SchemaVersion {
		t.Fatalf("schema version %d after the upgrade (%v), want %d", st.SchemaVersion, err, SchemaVersion)
	}
	s, _, err := db.Signatory(ctx, "state:FRA")
	if err != nil {
		t.Fatal(err)
	}
	r := s.Report(callwatch.FindingSigned)
	head := callwatch.MaxReportArticles / 2
	if r.ArticleCount != total || r.OutletCount != outlets ||
		!slices.Equal(r.Articles, append(slices.Clone(ids[:head]), ids[total-(callwatch.MaxReportArticles-head):]...)) ||
		!slices.Equal(r.Outlets, names[:callwatch.MaxReportOutlets]) {
		t.Errorf("migrated report: %d articles, %d outlets, sample %v, outlets %v", r.ArticleCount, r.OutletCount, r.Articles, r.Outlets)
	}
	checkMerged(t, db, "org:lumen-grid", "unverified:lumen-grid", 1, 1)
	mustCheck(t, db)

	// The counted sets came over: an article counted before is not counted again, a new
	// one is, and neither raises an alert.
	more := article(total+1, "new.example", stance(callwatch.FindingSigned, "state:FRA", "France", 0.9))
	ch := mustSave(t, db, arts[0], news, more)
	if len(ch.Alerts) != 0 {
		t.Errorf("saving after the upgrade raised %v", alertKinds(ch.Alerts))
	}
	s, _, _ = db.Signatory(ctx, "state:FRA")
	if r := s.Report(callwatch.FindingSigned); r.ArticleCount != total+1 || r.OutletCount != outlets+1 {
		t.Errorf("after the upgrade: %d articles, %d outlets; want %d, %d", r.ArticleCount, r.OutletCount, total+1, outlets+1)
	}
	checkMerged(t, db, "org:lumen-grid", "unverified:lumen-grid", 1, 1)
	mustCheck(t, db)
}

// TestMigrateV2ToV3IsAtomic: a damaged signatory record stops the upgrade, which leaves
// the version 2 file as it was and names the backup.
func TestMigrateV2ToV3IsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, db, article(1, "example.com", stance(callwatch.FindingSigned, "org:acme", "Acme", 0.9)))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	writeRaw(t, path, func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketRepArticles, bucketRepOutlets} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketSignatories).Put([]byte("org:broken"), []byte("{not json")); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaSchemaVersion, u64(2))
	})
	_, err = Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "bak-v2") || !strings.Contains(err.Error(), "org:broken") {
		t.Fatalf("err = %v, want a failed upgrade naming the record and the backup", err)
	}
	writeRaw(t, path, func(tx *bolt.Tx) error {
		if v := readSchemaVersion(tx); v != 2 {
			t.Errorf("schema version %d after a failed migration, want 2", v)
		}
		if tx.Bucket(bucketRepArticles) != nil {
			t.Error("a failed migration left a report_articles bucket")
		}
		var s callwatch.Signatory
		if err := json.Unmarshal(tx.Bucket(bucketSignatories).Get([]byte("org:acme")), &s); err != nil || s.Reports[0].ArticleCount != 1 {
			t.Errorf("org:acme after a failed migration: %+v %v", s, err)
		}
		return nil
	})
}
