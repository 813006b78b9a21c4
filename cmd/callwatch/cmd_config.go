package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/callwatch/callwatch/config"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newConfigCmd) }

func newConfigCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Write, check and show the configuration",
		Long: `Write the default configuration to a file, check a configuration, or show the one in effect.

callwatch reads the file named by --config, else by $CALLWATCH_CONFIG, else
~/.config/callwatch/config.yaml ($XDG_CONFIG_HOME/callwatch/config.yaml) if it exists, else
its embedded default configuration. CALLWATCH_* environment variables override any option:
crawl.per_host is CALLWATCH_CRAWL_PER_HOST, alerts.channels[0].url is
CALLWATCH_ALERTS_CHANNELS_0_URL.`,
		Example: `  callwatch config init                 # write ~/.config/callwatch/config.yaml
  callwatch config validate             # check the configuration in effect
  callwatch config show                 # print it, secrets redacted`,
		Args: cobra.NoArgs, // "callwatch config bogus" is an unknown command (exit 2), not help
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newConfigInitCmd(app), newConfigValidateCmd(app), newConfigShowCmd(app))
	return cmd
}

func newConfigInitCmd(app *App) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [PATH]",
		Short: "Write the default configuration, with a comment on every option",
		Long: `Write the default configuration, with a comment on every option, to PATH (default:
~/.config/callwatch/config.yaml, or $XDG_CONFIG_HOME/callwatch/config.yaml), or to standard
output when PATH is "-". An existing file is kept unless --force is given. The file is
created with mode 0600, since it may later hold secrets.`,
		Example: `  callwatch config init
  callwatch config init /etc/callwatch/config.yaml
  callwatch config init - > callwatch.yaml
  callwatch config init --force ./callwatch.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			if path == "-" {
				_, err := app.Stdout.Write(config.DefaultYAML())
				return err
			}
			if path == "" {
				p, err := config.DefaultConfigPath(app.lookupEnv)
				if err != nil {
					return usageError("no PATH given and no default location: %v", err)
				}
				path = p
			}
			if err := writeNewFile(path, config.DefaultYAML(), force); err != nil {
				return err
			}
			if !app.Quiet {
				fmt.Fprintf(app.Stdout, "wrote %s\ncheck your changes with: callwatch --config %s config validate\n", path, path)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "overwrite an existing file")
	return cmd
}

// writeNewFile writes data to path (mode 0600, its directory 0700 if created), refusing
// to replace an existing file unless force.
func writeNewFile(path string, data []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating the directory: %w", err)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return usageError("%s already exists: use --force to overwrite it", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func newConfigValidateCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [PATH]",
		Short: "Check a configuration and list every problem with its line and column",
		Long: `Check the configuration at PATH ("-": standard input), or the one in effect, with the
CALLWATCH_* environment overrides applied. Every problem is listed at once on standard error
as FILE:LINE:COLUMN: OPTION: MESSAGE, and the exit code is 2. A valid configuration prints
a one-line summary (nothing with --quiet) and exits 0.`,
		Example: `  callwatch config validate
  callwatch config validate ./callwatch.yaml
  callwatch --config /etc/callwatch/config.yaml config validate`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				app.ConfigPath = args[0]
				app.cfg = nil
			}
			cfg, err := app.Config()
			if err != nil {
				return err
			}
			if app.Quiet {
				return nil
			}
			name := app.configPath()
			if name == "" {
				name = config.DefaultName
			}
			enabled := 0
			for _, s := range cfg.Sources {
				if !s.Disabled {
					enabled++
				}
			}
			fmt.Fprintf(app.Stdout, "ok: %s: %d sources (%d enabled), %d alert channels, database %s\n",
				name, len(cfg.Sources), enabled, len(cfg.Alerts.Channels), cfg.Database)
			return nil
		},
	}
}

func newConfigShowCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Print the configuration in effect as YAML, secrets redacted",
		Long: `Print the configuration in effect (file, CALLWATCH_* environment overrides, --db, and
the defaults filled in) as YAML. Secrets, passwords, tokens, the user information of URLs and
the token-bearing part of webhook, Slack and Teams URLs are shown as [redacted].`,
		Example: `  callwatch config show
  CALLWATCH_CRAWL_PER_HOST=4 callwatch config show | grep per_host`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := app.Config()
			if err != nil {
				return err
			}
			out, err := cfg.YAML()
			if err != nil {
				return err
			}
			name := app.configPath()
			if name == "" {
				name = config.DefaultName
			}
			fmt.Fprintf(app.Stdout, "# callwatch configuration in effect: %s, with environment overrides; secrets redacted\n", name)
			_, err = app.Stdout.Write(out)
			return err
		},
	}
}
