package main

import (
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newCompletionCmd) }

// newCompletionCmd replaces cobra's default completion command, which has no example.
func newCompletionCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script for bash, zsh, fish or PowerShell",
		Long: `Print a script that teaches your shell to complete callwatch's commands and flags.

bash (needs the bash-completion package):
  source <(callwatch completion bash)                      # this shell only
  callwatch completion bash > /etc/bash_completion.d/callwatch
zsh:
  callwatch completion zsh > "${fpath[1]}/_callwatch"      # then start a new shell
fish:
  callwatch completion fish > ~/.config/fish/completions/callwatch.fish
PowerShell:
  callwatch completion powershell | Out-String | Invoke-Expression`,
		Example: `  source <(callwatch completion bash)
  callwatch completion zsh > "${fpath[1]}/_callwatch"
  callwatch completion fish > ~/.config/fish/completions/callwatch.fish`,
		ValidArgs:             []string{"bash", "zsh", "fish", "powershell"},
		Args:                  cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(app.Stdout, true)
			case "zsh":
				return root.GenZshCompletion(app.Stdout)
			case "fish":
				return root.GenFishCompletion(app.Stdout, true)
			default:
				return root.GenPowerShellCompletionWithDesc(app.Stdout)
			}
		},
	}
}
