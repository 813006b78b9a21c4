package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/callwatch/callwatch"
	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the version of the data model this callwatch writes. Databases of an
// older version are migrated on Open; newer ones are refused.
const SchemaVersion = 3

// Buckets. Keys are documented in doc.go.
var (
	bucketMeta        = []byte("meta")
	bucketSources     = []byte("sources")
	bucketArticles    = []byte("articles")
	bucketArticleIDs  = []byte("article_ids")
	bucketTexts       = []byte("texts")
	bucketLookup      = []byte("lookup")
	bucketFindings    = []byte("findings")
	bucketBySource    = []byte("articles_by_source")
	bucketByEntity    = []byte("findings_by_entity")
	bucketSignatories = []byte("signatories")
	bucketRepArticles = []byte("report_articles")
	bucketRepOutlets  = []byte("report_outlets")
	bucketRegister    = []byte("register")
	bucketOutbox      = []byte("outbox")
	bucketOutboxIDs   = []byte("outbox_ids")
	bucketOutboxOpen  = []byte("outbox_pending")
)

// allBuckets lists every bucket of the current schema, in the order db stats shows them.
var allBuckets = [][]byte{
	bucketMeta, bucketSources, bucketArticles, bucketArticleIDs, bucketTexts, bucketLookup,
	bucketFindings, bucketBySource, bucketByEntity, bucketSignatories, bucketRepArticles, bucketRepOutlets, bucketRegister,
	bucketOutbox, bucketOutboxIDs, bucketOutboxOpen,
}

// Meta keys.
var (
	metaSchemaVersion = []byte("schema_version")
	metaCreated       = []byte("created")
	metaLastRun       = []byte("last_run")
	metaRegisterAt    = "register_at/" // + source ID: time of the source's latest register snapshot
)

// migration upgrades a database from version From to From+1 inside one transaction.
type migration struct {
	From int
	Name string
	Run  func(tx *bolt.Tx, now time.Time) error
}

// migrations lists every forward migration, in order.
var migrations = []migration{
	{From: 1, Name: "key articles by published time, compress their texts into their own bucket, index them by source", Run: migrateV1toV2},
	{From: 2, Name: "bound the signatories' article and outlet lists, counting them in report_articles and report_outlets; merge unverified records into the register's", Run: migrateV2toV3},
}

// prepare creates a new database's buckets, or checks and migrates an existing one.
func (db *DB) prepare() error {
	var version int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		version = readSchemaVersion(tx)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: reading the schema version: %w", err)
	}
	switch {
	case version > SchemaVersion:
		return fmt.Errorf("store: %s has schema version %d but this callwatch supports up to version %d; upgrade callwatch: %w",
			db.path, version, SchemaVersion, callwatch.ErrSchemaTooNew)
	case version == SchemaVersion:
		if db.ro {
			return nil
		}
		return db.bolt.Update(func(tx *bolt.Tx) error { return createBuckets(tx) })
	case db.ro && version == 0:
		return fmt.Errorf("store: %s is not a callwatch database (no schema version)", db.path)
	case db.ro:
		return fmt.Errorf("store: %s has schema version %d and needs an upgrade to %d; open it once read-write", db.path, version, SchemaVersion)
	case version == 0:
		return db.bolt.Update(func(tx *bolt.Tx) error {
			if err := initEmpty(tx); err != nil {
				return err
			}
			return putMeta(tx, metaCreated, []byte(db.now().UTC().Format(time.RFC3339Nano)))
		})
	}
	return db.migrate(version)
}

// initEmpty creates the buckets of an empty database, refusing a file that holds buckets
// without a schema version (not a callwatch database).
func initEmpty(tx *bolt.Tx) error {
	var foreign []byte
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if foreign == nil {
			foreign = append([]byte(nil), name...)
		}
		return nil
	})
	if foreign != nil {
		return fmt.Errorf("store: the file holds bucket %q but no callwatch schema version: not a callwatch database", foreign)
	}
	if err := createBuckets(tx); err != nil {
		return err
	}
	return putMeta(tx, metaSchemaVersion, u64(SchemaVersion))
}

// migrate backs the database up to path.bak-v<version>, then runs every migration from
// version to SchemaVersion in one transaction: either all of them commit or none does.
func (db *DB) migrate(version int) error {
	backup := fmt.Sprintf("%s.bak-v%d", db.path, version)
	if err := db.bolt.View(func(tx *bolt.Tx) error { return writeFileAtomic(backup, tx) }); err != nil {
		return fmt.Errorf("store: backing up before the schema upgrade: %w", err)
	}
	db.log.Info("upgrading the database schema", "path", db.path, "from", version, "to", SchemaVersion, "backup", backup)
	now := db.now()
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for v := version; v < SchemaVersion; v++ {
			m, ok := findMigration(v)
			if !ok {
				return fmt.Errorf("no migration from schema version %d", v)
			}
			if err := m.Run(tx, now); err != nil {
				return fmt.Errorf("migration %d→%d (%s): %w", v, v+1, m.Name, err)
			}
		}
		if err := createBuckets(tx); err != nil {
			return err
		}
		return putMeta(tx, metaSchemaVersion, u64(SchemaVersion))
	})
	if err != nil {
		return fmt.Errorf("store: upgrading %s (unchanged; a backup is at %s): %w", db.path, backup, err)
	}
	return nil
}

func findMigration(from int) (migration, bool) {
	for _, m := range migrations {
		if m.From == from {
			return m, true
		}
	}
	return migration{}, false
}

// readSchemaVersion returns the database's schema version, 0 for an empty file.
func readSchemaVersion(tx *bolt.Tx) int {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return 0
	}
	v := b.Get(metaSchemaVersion)
	if len(v) != 8 {
		return 0
	}
	return int(binary.BigEndian.Uint64(v))
}

func createBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

func putMeta(tx *bolt.Tx, k, v []byte) error {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return errors.New("store: no meta bucket")
	}
	return b.Put(k, v)
}

// writeFileAtomic writes a consistent copy of the database as seen by tx to path (mode
// 0600) through a temporary file in the same directory and a rename.
func writeFileAtomic(path string, tx *bolt.Tx) error {
	f, err := os.CreateTemp(dirOf(path), ".callwatch-copy-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := tx.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dirOf(path))
}
