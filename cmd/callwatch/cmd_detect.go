package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/crawler/fetch"
	"github.com/callwatch/callwatch/extract"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newDetectCmd) }

// detectOutput is what `callwatch detect --format json` prints. Findings is never null;
// their offsets are byte offsets in Title or Text as printed here.
type detectOutput struct {
	Title     string              `json:"title"`
	Language  string              `json:"language"`
	Publisher string              `json:"publisher"`
	URL       string              `json:"url,omitempty"`
	Input     string              `json:"input"` // "text" or "html"
	Text      string              `json:"text"`
	Findings  []callwatch.Finding `json:"findings"`
}

func newDetectCmd(app *App) *cobra.Command {
	var format, title, lang, publisher string
	cmd := &cobra.Command{
		Use:   "detect [--format text|json] [--title T] [--lang L] [--publisher P] [FILE|URL|-]",
		Short: "Show what detection finds in one document: mentions of the Call, who signed, declined or will sign",
		Long: `Run callwatch's detector on one document and print its findings: mentions of the Paris
Call (strength full or short, with the rule and the sentence), and the stance of each entity
the document reports as having signed, declined or announced it will sign.

The document is a local FILE, standard input ("-", the default), or an http(s) URL fetched
once through callwatch's fetcher with the configuration's crawl settings. Plain text is read
as it is (paragraphs separated by blank lines); HTML (sniffed from the content) goes through
article extraction first, which also supplies the title, language and publisher.
--title, --lang and --publisher set or override them: the publisher is the subject of
self-announcements ("We are proud to be a signatory").

Offsets in the findings are byte offsets in the title or text as printed with --format json.
Exit status: 0 (whether or not anything was found), 1 when the input cannot be read or
fetched, 2 on a usage error.`,
		Example: `  callwatch detect article.txt
  callwatch detect --format json https://www.example.org/news/paris-call.html
  echo "Microsoft signed the Paris Call for Trust and Security in Cyberspace." | callwatch detect -
  callwatch detect --publisher "Orange" --lang fr communique.txt`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("invalid --format %q: want text or json", format)
			}
			arg := "-"
			if len(args) == 1 {
				arg = args[0]
			}
			out, err := app.detectInput(cmd, arg)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("title") {
				out.Title = title
			}
			if cmd.Flags().Changed("lang") {
				out.Language = lang
			}
			if cmd.Flags().Changed("publisher") {
				out.Publisher = publisher
			}
			det, err := app.detector()
			if err != nil {
				return err
			}
			out.Findings = det.Detect(callwatch.Document{Title: out.Title, Text: out.Text, Language: out.Language, URL: out.URL, Publisher: out.Publisher})
			if out.Findings == nil {
				out.Findings = []callwatch.Finding{}
			}
			app.Logger.Debug("detected", "url", out.URL, "findings", len(out.Findings))
			if format == "json" {
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			printFindings(app.Stdout, out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "text", "output format: text or json")
	f.StringVar(&title, "title", "", "the document's title (headline)")
	f.StringVar(&lang, "lang", "", "the document's language, ISO 639-1 (default: from the page, else guessed)")
	f.StringVar(&publisher, "publisher", "", "the publisher, the subject of \"we signed\" (default: the page's site name or host)")
	return cmd
}

// detectInput reads the document named by arg: plain text as it is, HTML through article
// extraction (which supplies title, language and publisher).
func (a *App) detectInput(cmd *cobra.Command, arg string) (detectOutput, error) {
	var out detectOutput
	if isHTTPURL(arg) {
		page, pageURL, err := a.readPage(cmd, arg)
		if err != nil {
			return out, err
		}
		return a.fromHTML(page, pageURL)
	}
	if strings.Contains(arg, "://") {
		return out, usageError("unsupported URL %q: only http and https pages can be fetched", arg)
	}
	var r io.Reader
	name := arg
	if arg == "-" {
		r, name = a.Stdin, "standard input"
	} else {
		f, err := os.Open(arg)
		if err != nil {
			return out, err
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, extract.MaxInputSize+1))
	if err != nil {
		return out, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(raw) > extract.MaxInputSize {
		return out, fmt.Errorf("%s is larger than %d MiB", name, extract.MaxInputSize>>20)
	}
	if looksLikeHTML(raw) {
		page, err := fetch.DecodeHTML(raw, "")
		if err != nil {
			return out, fmt.Errorf("decoding %s: %w", name, err)
		}
		return a.fromHTML(page, "")
	}
	text := string(raw)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	out.Input, out.Text = "text", text
	return out, nil
}

// fromHTML extracts the article of an HTML page.
func (a *App) fromHTML(page []byte, pageURL string) (detectOutput, error) {
	art, err := extract.Extract(page, pageURL)
	if err != nil && !errors.Is(err, extract.ErrNoArticle) {
		return detectOutput{}, err
	}
	out := detectOutput{Title: art.Title, Language: art.Language, Publisher: art.SiteName, URL: pageURL, Input: "html", Text: art.Text}
	if errors.Is(err, extract.ErrNoArticle) {
		a.Logger.Warn("no article text in the page; detecting on its title and summary", "url", pageURL)
		out.Text = art.Excerpt
	}
	if out.Publisher == "" && pageURL != "" {
		if u, err := url.Parse(pageURL); err == nil {
			out.Publisher = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return out, nil
}

// looksLikeHTML sniffs HTML: the first non-blank byte is '<' and a tag html, head, body,
// p, div or article appears early.
func looksLikeHTML(raw []byte) bool {
	t := bytes.TrimLeft(raw, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	if len(t) == 0 || t[0] != '<' {
		return false
	}
	head := bytes.ToLower(t[:min(len(t), 2048)])
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<p", "<div", "<article", "<meta", "<title"} {
		if bytes.Contains(head, []byte(tag)) {
			return true
		}
	}
	return false
}

// printFindings writes the text report: one block per finding, then a summary line.
func printFindings(w io.Writer, out detectOutput) {
	counts := map[callwatch.FindingKind]int{}
	for _, f := range out.Findings {
		counts[f.Kind]++
		switch f.Kind {
		case callwatch.FindingMention:
			fmt.Fprintf(w, "mention    %-5s  %.2f  %s  %s[%d:%d]\n", f.Strength, f.Confidence, f.Rule, f.Field, f.Start, f.End)
		default:
			verified := ""
			if !f.Entity.Verified {
				verified = ", unverified"
			}
			fmt.Fprintf(w, "%-9s  %s (%s%s)  %.2f  %s  %s[%d:%d]\n", f.Kind, f.Entity.ID, f.Entity.Name, verified, f.Confidence, f.Rule, f.Field, f.Start, f.End)
		}
		fmt.Fprintf(w, "    %q\n", f.Evidence)
	}
	if len(out.Findings) == 0 {
		fmt.Fprintln(w, "no mention of the Paris Call")
		return
	}
	var parts []string
	for _, k := range callwatch.FindingKinds {
		if n := counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	fmt.Fprintf(w, "%d findings: %s\n", len(out.Findings), strings.Join(parts, ", "))
}
