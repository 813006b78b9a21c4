package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

func TestStats(t *testing.T) {
	db := openTest(t, Options{})
	mustSave(t, db, article(1, "example.com", mention(), stance(callwatch.FindingSigned, "org:a", "A", 0.9)), article(2, "example.com"))
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]int{}
	for _, b := range st.Buckets {
		keys[b.Name] = b.Keys
	}
	want := map[string]int{"articles": 2, "article_ids": 2, "texts": 2, "findings": 2, "findings_by_entity": 1, "signatories": 1, "outbox": 0}
	for name, n := range want {
		if keys[name] != n {
			t.Errorf("bucket %s: %d keys, want %d", name, keys[name], n)
		}
	}
	fi, _ := os.Stat(db.Path())
	if st.FileSize != fi.Size() || st.PageSize == 0 || st.Created.IsZero() || st.SchemaVersion != SchemaVersion {
		t.Errorf("stats = %+v (file %d bytes)", st, fi.Size())
	}
}

func TestBackup(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	a := article(1, "example.com", mention())
	mustSave(t, db, a)
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(dst, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := db.Backup(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || fi.Size() != n {
		t.Errorf("backup: mode %o, %d bytes (reported %d)", fi.Mode().Perm(), fi.Size(), n)
	}
	// The database stays usable while and after the backup is written.
	mustSave(t, db, article(2, "example.com"))
	b, err := Open(dst, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got, err := b.Article(ctx, a.ID)
	if err != nil || got.Text != a.Text {
		t.Fatalf("backup article: %v", err)
	}
	if _, ok, _ := b.Known(ctx, article(2, "example.com").URL); ok {
		t.Error("the backup holds an article written after it")
	}
	if _, err := db.Backup(ctx, filepath.Join(t.TempDir(), "missing", "dir", "x.db")); err == nil {
		t.Error("backup into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Errorf("backup left temporary files: %v", entries)
	}
}

func TestCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	db, err := Open(path, Options{NoSync: true, Policy: &testPolicy{decide: reportOnce, channels: []string{"log"}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mustSave(t, db, article(-1, "example.com", stance(callwatch.FindingSigned, "org:a", "A", 0.9)),
		article(-2, "example.com", stance(callwatch.FindingSigned, "org:b", "B", 0.9)))
	var arts []*callwatch.Article
	for i := range 600 {
		a := article(i, "example.com", mention())
		a.Text = strings.Repeat(a.Text+" ", 20)
		a.ContentHash = ""
		arts = append(arts, a)
	}
	mustSave(t, db, arts...)
	if _, err := db.Prune(ctx, arts[500].Published); err != nil {
		t.Fatal(err)
	}
	// Compaction refuses while the database is in use.
	if _, err := Compact(ctx, path, Options{Timeout: 20 * time.Millisecond}); !errors.Is(err, callwatch.ErrLocked) {
		t.Fatalf("compact while open: %v, want ErrLocked", err)
	}
	db.Close()
	res, err := Compact(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if res.After >= res.Before || res.After != fi.Size() || fi.Mode().Perm() != 0o600 {
		t.Errorf("compact: %+v, file now %d bytes, mode %o", res, fi.Size(), fi.Mode().Perm())
	}
	pol := &testPolicy{decide: reportOnce, channels: []string{"log"}}
	db, err = Open(path, Options{Policy: pol})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	// The outbox sequence survives compaction: a new alert never reuses a number.
	ch := mustSave(t, db, article(9999, "example.com", stance(callwatch.FindingSigned, "org:late", "Late", 0.9)))
	ob, _ := db.Outbox(ctx, callwatch.OutboxFilter{})
	if len(ch.Alerts) != 1 || len(ob) != 3 || ob[2].Seq != 3 {
		t.Errorf("outbox after compaction: %+v", ob)
	}
	got, err := db.Article(ctx, arts[599].ID)
	if err != nil || got.Text != arts[599].Text {
		t.Errorf("article after compaction: %v", err)
	}
}

func TestPrune(t *testing.T) {
	db := openTest(t, Options{NoSync: true})
	db.batch = 100
	ctx := context.Background()
	var arts []*callwatch.Article
	for i := range 250 { // more than one transaction
		arts = append(arts, article(i, "example.com", mention(), stance(callwatch.FindingSigned, "org:a", "A", 0.9)))
	}
	mustSave(t, db, arts...)
	cutoff := arts[210].Published
	res, err := db.Prune(ctx, cutoff)
	if err != nil {
		t.Fatal(err)
	}
	var wantText int64
	for _, a := range arts[:210] {
		wantText += int64(len(a.Text))
	}
	if res.Articles != 210 || res.TextBytes != wantText || res.Bytes <= 0 || res.Bytes >= wantText {
		t.Errorf("prune = %+v, want 210 articles, %d text bytes", res, wantText)
	}
	old, err := db.Article(ctx, arts[5].ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Text != "" || len(old.Findings) != 2 || old.Findings[1].Evidence == "" || old.Title == "" {
		t.Errorf("pruned article: text %q, findings %v", old.Text, old.Findings)
	}
	recent, _ := db.Article(ctx, arts[210].ID)
	if recent.Text != arts[210].Text {
		t.Error("an article after the cutoff lost its text")
	}
	// Pruning again drops nothing; re-saving a pruned article does not bring it back.
	if res, err := db.Prune(ctx, cutoff); err != nil || res.Articles != 0 {
		t.Errorf("second prune = %+v, %v", res, err)
	}
	if ch := mustSave(t, db, arts[5]); ch.Unchanged != 1 {
		t.Errorf("re-saving a pruned article: %+v", ch)
	}
	mustCheck(t, db)
}

func TestCheckFindsProblems(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(tx *bolt.Tx, a *callwatch.Article) error
		want   string
	}{
		{"finding without article", func(tx *bolt.Tx, a *callwatch.Article) error {
			return tx.Bucket(bucketArticles).Delete(articleKey(timeNanos(a.Published), a.ID))
		}, "names missing article"},
		{"missing id index", func(tx *bolt.Tx, a *callwatch.Article) error {
			return tx.Bucket(bucketArticleIDs).Delete([]byte(a.ID))
		}, "missing from article_ids"},
		{"stray id index", func(tx *bolt.Tx, a *callwatch.Article) error {
			return tx.Bucket(bucketArticleIDs).Put([]byte("0123456789abcdef"), timeKey(day0))
		}, "article_ids entry 0123456789abcdef names no stored article"},
		{"missing entity index", func(tx *bolt.Tx, a *callwatch.Article) error {
			return tx.Bucket(bucketByEntity).Delete(prefixedKey("org:a", findingKey(timeNanos(a.Published), a.ID, 1)))
		}, "missing from findings_by_entity"},
		{"stray source index", func(tx *bolt.Tx, a *callwatch.Article) error {
			return tx.Bucket(bucketBySource).Put(prefixedKey("src-other", articleKey(timeNanos(a.Published), a.ID)), nil)
		}, "not from that source"},
		{"missing text", func(tx *bolt.Tx, a *callwatch.Article) error {
			return tx.Bucket(bucketTexts).Delete(articleKey(timeNanos(a.Published), a.ID))
		}, "text stored false"},
		{"duplicate outbox entry", func(tx *bolt.Tx, a *callwatch.Article) error {
			v := tx.Bucket(bucketOutbox).Get(u64(1))
			return tx.Bucket(bucketOutbox).Put(u64(2), []byte(strings.Replace(string(v), `"seq":1`, `"seq":2`, 1)))
		}, "in the outbox twice"},
		{"outbox pending index", func(tx *bolt.Tx, a *callwatch.Article) error {
			return tx.Bucket(bucketOutboxOpen).Delete(u64(1))
		}, "pending true"},
		{"register without signatory", func(tx *bolt.Tx, a *callwatch.Article) error {
			return tx.Bucket(bucketRegister).Put(prefixedKey("reg", []byte("org:z")), []byte(`{"entity_id":"org:z","name":"Z"}`))
		}, "register entry org:z has no signatory record"},
		{"signatory status", func(tx *bolt.Tx, a *callwatch.Article) error {
			v := tx.Bucket(bucketSignatories).Get([]byte("org:a"))
			return tx.Bucket(bucketSignatories).Put([]byte("org:a"), []byte(strings.Replace(string(v), `"in_register":false`, `"in_register":true`, 1)))
		}, "in_register true, but the register snapshots say false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t, Options{Policy: &testPolicy{decide: reportOnce, channels: []string{"log"}}})
			a := article(1, "example.com", mention(), stance(callwatch.FindingSigned, "org:a", "A", 0.9))
			mustSave(t, db, a)
			mustCheck(t, db)
			if err := db.bolt.Update(func(tx *bolt.Tx) error { return tt.break_(tx, a) }); err != nil {
				t.Fatal(err)
			}
			problems, err := db.Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range problems {
				found = found || strings.Contains(p, tt.want)
			}
			if !found {
				t.Errorf("problems %q lack %q", problems, tt.want)
			}
		})
	}
}

func TestSourcesAndRunSummary(t *testing.T) {
	db := openTest(t, Options{})
	ctx := context.Background()
	if _, ok, err := db.Source(ctx, "x"); ok || err != nil {
		t.Errorf("missing source: %t %v", ok, err)
	}
	for _, s := range []callwatch.SourceState{
		{ID: "s2", Name: "Le Monde", Kind: callwatch.KindFeed, ETag: `"abc"`, Failures: 2},
		{ID: "s1", Name: "Heise", Kind: callwatch.KindFeed},
		{ID: "s3", Name: "Heise", Kind: callwatch.KindSearch},
	} {
		if err := db.PutSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutSource(ctx, callwatch.SourceState{Name: "no id"}); err == nil {
		t.Error("source without id accepted")
	}
	// PutSources writes all or nothing.
	if err := db.PutSources(ctx, []callwatch.SourceState{{ID: "s4", Name: "ok"}, {Name: "no id"}}); err == nil {
		t.Error("PutSources accepted a source without id")
	}
	if _, ok, _ := db.Source(ctx, "s4"); ok {
		t.Error("PutSources stored part of a batch it refused")
	}
	if err := db.PutSources(ctx, []callwatch.SourceState{{ID: "s2", Name: "Le Monde", Kind: callwatch.KindFeed, ETag: `"abc"`, Failures: 2}, {ID: "s1", Name: "Heise", Kind: callwatch.KindFeed}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Sources(ctx)
	if err != nil || len(got) != 3 || got[0].ID != "s1" || got[1].ID != "s3" || got[2].ID != "s2" {
		t.Errorf("Sources = %+v, %v", got, err)
	}
	s, ok, _ := db.Source(ctx, "s2")
	if !ok || s.ETag != `"abc"` || s.Failures != 2 {
		t.Errorf("Source(s2) = %+v", s)
	}
	if _, ok, err := db.LastRun(ctx); ok || err != nil {
		t.Errorf("LastRun on a new database: %t %v", ok, err)
	}
	sum := callwatch.RunSummary{Started: day0, Finished: day0.Add(time.Minute), SourcesOK: 3, ArticlesNew: 7,
		Failures: []callwatch.SourceFailure{{Source: "x", Kind: callwatch.ErrKindTimeout}}}
	if err := db.SaveRunSummary(ctx, sum); err != nil {
		t.Fatal(err)
	}
	last, ok, err := db.LastRun(ctx)
	if !ok || err != nil || last.ArticlesNew != 7 || last.Duration() != time.Minute || len(last.Failures) != 1 {
		t.Errorf("LastRun = %+v %t %v", last, ok, err)
	}
}
