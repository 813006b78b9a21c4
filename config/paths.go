package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoHome means neither the XDG variable nor HOME is set, so a default path cannot be
// found: name the file explicitly.
var ErrNoHome = errors.New("config: neither XDG_DATA_HOME/XDG_CONFIG_HOME nor HOME is set")

// DefaultDatabasePath returns where the database lives when the configuration does not
// say: $XDG_DATA_HOME/callwatch/callwatch.db, else ~/.local/share/callwatch/callwatch.db.
// A relative XDG_DATA_HOME is ignored, as the XDG specification requires.
func DefaultDatabasePath(getenv func(string) (string, bool)) (string, error) {
	return xdgPath(getenv, "XDG_DATA_HOME", filepath.Join(".local", "share"), "callwatch.db")
}

// DefaultConfigPath returns where `callwatch config init` writes and where callwatch
// looks for a configuration file when --config is not given:
// $XDG_CONFIG_HOME/callwatch/config.yaml, else ~/.config/callwatch/config.yaml.
func DefaultConfigPath(getenv func(string) (string, bool)) (string, error) {
	return xdgPath(getenv, "XDG_CONFIG_HOME", ".config", "config.yaml")
}

func xdgPath(getenv func(string) (string, bool), xdgVar, homeSub, file string) (string, error) {
	if getenv == nil {
		return "", ErrNoHome
	}
	if dir, ok := getenv(xdgVar); ok && filepath.IsAbs(dir) {
		return filepath.Join(dir, "callwatch", file), nil
	}
	if home, ok := getenv("HOME"); ok && home != "" {
		return filepath.Join(home, homeSub, "callwatch", file), nil
	}
	return "", ErrNoHome
}

// EnsureDatabaseDir creates the directory that holds the database file at path, with
// mode 0700 (only the owner can read what callwatch collected), if it does not exist.
// An existing directory is left as it is. The store creates the file itself, mode 0600.
func EnsureDatabaseDir(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("config: creating the database directory: %w", err)
	}
	return nil
}

// expandHome replaces a leading "~/" with the HOME directory.
func expandHome(p string, getenv func(string) (string, bool)) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	if home, ok := getenv("HOME"); ok && home != "" {
		return filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	return p
}

// resolvePath makes a relative path relative to dir (the configuration file's directory).
func resolvePath(p, dir string, getenv func(string) (string, bool)) string {
	p = expandHome(p, getenv)
	if p == "" || filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}
