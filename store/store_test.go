package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub", "dir")
	path := filepath.Join(dir, "callwatch.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", p, got, want)
		}
	}
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.SchemaVersion != SchemaVersion || len(st.Buckets) != len(allBuckets) {
		t.Errorf("stats = version %d, %d buckets; want %d, %d", st.SchemaVersion, len(st.Buckets), SchemaVersion, len(allBuckets))
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	holder, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{Timeout: 50 * time.Millisecond, ReadOnly: ro})
		if !errors.Is(err, callwatch.ErrLocked) {
			t.Fatalf("ReadOnly=%t: err = %v, want ErrLocked", ro, err)
		}
		var le *LockedError
		if !errors.As(err, &le) || le.Path != path {
			t.Fatalf("ReadOnly=%t: err = %#v, want *LockedError for %s", ro, err, path)
		}
		if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "safe to retry") {
			t.Errorf("message %q should name %s and say it is safe to retry", msg, path)
		}
	}
	holder.Close()
	db, err := Open(path, Options{Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("after the holder closed: %v", err)
	}
	db.Close()
}

func TestOpenReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	if _, err := Open(path, Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only open of a missing file succeeded")
	}
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, db, article(1, "example.com", mention()))
	db.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, ok, err := ro.Known(context.Background(), article(1, "example.com").URL); !ok || err != nil {
		t.Errorf("Known on a read-only open = %t, %v", ok, err)
	}
	if _, err := ro.SaveArticles(context.Background(), []*callwatch.Article{article(2, "example.com")}); err == nil {
		t.Error("a read-only open accepted a write")
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	writeRaw(t, path, func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket(bucketMeta)
		return b.Put(metaSchemaVersion, u64(SchemaVersion+7))
	})
	_, err := Open(path, Options{})
	if !errors.Is(err, callwatch.ErrSchemaTooNew) {
		t.Fatalf("err = %v, want ErrSchemaTooNew", err)
	}
	for _, want := range []string{fmt.Sprintf("version %d", SchemaVersion+7), fmt.Sprintf("version %d", SchemaVersion)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	// The refused file is untouched and not locked.
	writeRaw(t, path, func(tx *bolt.Tx) error {
		if v := readSchemaVersion(tx); v != SchemaVersion+7 {
			t.Errorf("schema version now %d", v)
		}
		return nil
	})
}

func TestOpenRefusesForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	writeRaw(t, path, func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte("someone-elses"))
		return err
	})
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "not a callwatch database") {
		t.Fatalf("err = %v, want a refusal", err)
	}
}

// writeRaw edits a bbolt file directly, as an older callwatch (or another program) would.
func writeRaw(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// writeV1 writes a database in the version 1 layout: article texts inline and
// uncompressed in the articles bucket, no texts bucket, no articles_by_source index.
func writeV1(t *testing.T, path string, arts []*callwatch.Article) {
	writeRaw(t, path, func(tx *bolt.Tx) error {
		v1Buckets := [][]byte{bucketMeta, bucketSources, bucketArticles, v1BucketArticleTime, bucketLookup,
			bucketFindings, bucketByEntity, bucketSignatories, bucketRegister, bucketOutbox, bucketOutboxIDs, bucketOutboxOpen}
		for _, name := range v1Buckets {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketMeta).Put(metaSchemaVersion, u64(1)); err != nil {
			return err
		}
		for _, a := range arts {
			rec := articleRecord{Article: *a, TimeKey: timeNanos(a.Published), FindingN: len(a.Findings)}
			rec.Findings = nil
			v, _ := json.Marshal(&rec) // Text stays inline: the v1 layout
			if err := tx.Bucket(bucketArticles).Put([]byte(a.ID), v); err != nil {
				return err
			}
			if err := tx.Bucket(v1BucketArticleTime).Put(rec.key(), nil); err != nil {
				return err
			}
			if err := tx.Bucket(bucketLookup).Put([]byte(a.URL), []byte(a.ID)); err != nil {
				return err
			}
			if err := putFindings(tx, &rec, a.Findings); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestMigrateV1ToV2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	arts := []*callwatch.Article{
		article(1, "lemonde.fr", mention()),
		article(2, "example.com", mention(), stance(callwatch.FindingSigned, "org:acme", "Acme", 0.9)),
	}
	writeV1(t, path, arts)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	got, err := db.Article(ctx, arts[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != arts[1].Text || len(got.Findings) != 2 {
		t.Errorf("migrated article: text %q, %d findings", got.Text, len(got.Findings))
	}
	var rows int
	err = db.ScanFindings(ctx, callwatch.FindingFilter{Source: "src-lemonde.fr"}, func(callwatch.FindingRow) error { rows++; return nil })
	if err != nil || rows != 1 {
		t.Errorf("findings by source after migration: %d, %v; want 1", rows, err)
	}
	mustCheck(t, db)
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		if tx.Bucket(v1BucketArticleTime) != nil {
			t.Error("the version 1 articles_by_time bucket survived the migration")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// The backup holds the version 1 database.
	backup := path + ".bak-v1"
	fi, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %o", fi.Mode().Perm())
	}
	writeRaw(t, backup, func(tx *bolt.Tx) error {
		if v := readSchemaVersion(tx); v != 1 {
			t.Errorf("backup schema version %d, want 1", v)
		}
		if tx.Bucket(bucketTexts) != nil {
			t.Error("backup already has a texts bucket")
		}
		return nil
	})
}

func TestReadOnlyOpenOfAnOldSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	writeV1(t, path, []*callwatch.Article{article(1, "example.com", mention())})
	_, err := Open(path, Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "needs an upgrade") {
		t.Fatalf("err = %v, want a request to open it read-write once", err)
	}
	if _, err := os.Stat(path + ".bak-v1"); err == nil {
		t.Error("a read-only open made a backup")
	}
}

func TestMigrationIsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callwatch.db")
	writeV1(t, path, []*callwatch.Article{article(1, "example.com", mention())})
	// A corrupt article makes the migration fail half-way.
	writeRaw(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketArticles).Put([]byte("zzzzzzzzzzzzzzzz"), []byte("{not json"))
	})
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "bak-v1") {
		t.Fatalf("err = %v, want a failed upgrade naming the backup", err)
	}
	writeRaw(t, path, func(tx *bolt.Tx) error {
		if v := readSchemaVersion(tx); v != 1 {
			t.Errorf("schema version %d after a failed migration, want 1", v)
		}
		if tx.Bucket(bucketTexts) != nil {
			t.Error("a failed migration left a texts bucket")
		}
		return nil
	})
}
