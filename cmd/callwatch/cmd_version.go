package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func init() { commands = append(commands, newVersionCmd) }

func newVersionCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print callwatch's version, commit and Go version",
		Example: "  callwatch version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v, commit, goVersion := buildVersion()
			fmt.Fprintf(app.Stdout, "callwatch %s\ncommit %s\n%s\n", v, commit, goVersion)
			return nil
		},
	}
}

// buildVersion returns the version, commit and Go version from the build information.
func buildVersion() (v, commit, goVersion string) {
	v, commit, goVersion = version, "unknown", "unknown"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		if v == "" {
			v = "dev"
		}
		return v, commit, goVersion
	}
	goVersion = info.GoVersion
	if v == "" {
		v = info.Main.Version
		if v == "" || v == "(devel)" {
			v = "dev"
		}
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				commit += "-dirty"
			}
		}
	}
	return v, commit, goVersion
}
