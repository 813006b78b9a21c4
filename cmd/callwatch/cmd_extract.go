package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/callwatch/callwatch/crawler/fetch"
	"github.com/callwatch/callwatch/extract"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newExtractCmd) }

// extractOutput is what `callwatch extract --format json` prints. The field names are part
// of callwatch's interface: title, byline, published, language and text always appear.
type extractOutput struct {
	Title           string     `json:"title"`
	Byline          string     `json:"byline"`
	Published       *time.Time `json:"published"` // null when the page gives no parsable date
	PublishedRaw    string     `json:"published_raw,omitempty"`
	Language        string     `json:"language"`
	LanguageGuessed bool       `json:"language_guessed,omitempty"`
	SiteName        string     `json:"site_name,omitempty"`
	URL             string     `json:"url,omitempty"` // the page's own URL (after redirects) or --url
	Canonical       string     `json:"canonical,omitempty"`
	AMP             bool       `json:"amp,omitempty"`
	Excerpt         string     `json:"excerpt,omitempty"`
	Readerable      bool       `json:"readerable"`
	Text            string     `json:"text"`
}

func newExtractCmd(app *App) *cobra.Command {
	var baseURL, format string
	cmd := &cobra.Command{
		Use:   "extract [--url BASE_URL] [--format text|json] FILE|URL|-",
		Short: "Show a web page's article as callwatch sees it (title, byline, date, language, text)",
		Long: `Show the article callwatch extracts from a web page: title, byline, publication date,
language and the main text that detection reads, without navigation, sidebars, related
articles, comments or footers.

The page is a local FILE, standard input ("-"), or an http(s) URL fetched once through
callwatch's fetcher with the crawl settings of the configuration (user agent, robots.txt,
body cap, refusal of private addresses unless crawl.allow_private_networks is true). The
charset of local pages is read from a byte-order mark or <meta charset>, else UTF-8, else
windows-1252. --url gives the address the page was saved from, to resolve its canonical link.

Exit status: 0 when an article was found, 1 when the page has no article text or could not
be fetched, 2 on a usage error.`,
		Example: `  callwatch extract https://www.example.org/news/paris-call.html
  callwatch extract --url https://www.example.org/news/a.html saved-page.html
  curl -s https://www.example.org/news/a.html | callwatch extract --format json -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("invalid --format %q: want text or json", format)
			}
			if baseURL != "" && !isHTTPURL(baseURL) {
				return usageError("invalid --url %q: want an absolute http(s) URL", baseURL)
			}
			page, pageURL, err := app.readPage(cmd, args[0])
			if err != nil {
				return err
			}
			if baseURL != "" {
				pageURL = baseURL
			}
			a, err := extract.Extract(page, pageURL)
			noArticle := errors.Is(err, extract.ErrNoArticle)
			if err != nil && !noArticle {
				return err
			}
			out := extractOutput{
				Title: a.Title, Byline: a.Byline, PublishedRaw: a.PublishedRaw, Language: a.Language,
				LanguageGuessed: a.LanguageGuessed, SiteName: a.SiteName, URL: pageURL, Canonical: a.Canonical,
				AMP: a.AMP, Excerpt: a.Excerpt, Readerable: a.Readerable, Text: a.Text,
			}
			if !a.Published.IsZero() {
				out.Published = &a.Published
			}
			if format == "json" {
				enc := json.NewEncoder(app.Stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(out); err != nil {
					return err
				}
			} else if err := writeExtractText(app.Stdout, out); err != nil {
				return err
			}
			if noArticle {
				return withCode(ExitPartial, fmt.Errorf("%s: no article text found", args[0]))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&baseURL, "url", "", "the page's own URL, to resolve relative links (default: the fetched URL)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// readPage returns the page named by arg as UTF-8 HTML, and its URL when it was fetched.
func (a *App) readPage(cmd *cobra.Command, arg string) (page []byte, pageURL string, err error) {
	if isHTTPURL(arg) {
		cfg, err := a.Config()
		if err != nil {
			return nil, "", err
		}
		client := a.fetchClient(cfg)
		defer client.CloseIdleConnections()
		resp, err := client.Get(cmd.Context(), fetch.Request{URL: arg, Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
		if err != nil {
			return nil, "", err
		}
		page, err = fetch.DecodeHTML(resp.Body, resp.ContentType())
		if err != nil {
			return nil, "", fmt.Errorf("decoding %s: %w", resp.URL, err)
		}
		return page, resp.URL, nil
	}
	if strings.Contains(arg, "://") {
		return nil, "", usageError("unsupported URL %q: only http and https pages can be fetched", arg)
	}
	var r io.Reader
	name := arg
	if arg == "-" {
		r, name = a.Stdin, "standard input"
	} else {
		f, err := os.Open(arg)
		if err != nil {
			return nil, "", err
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, extract.MaxInputSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", name, err)
	}
	if len(raw) > extract.MaxInputSize {
		return nil, "", fmt.Errorf("%s is larger than %d MiB", name, extract.MaxInputSize>>20)
	}
	page, err = fetch.DecodeHTML(raw, "")
	if err != nil {
		return nil, "", fmt.Errorf("decoding %s: %w", name, err)
	}
	return page, "", nil
}

func isHTTPURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// writeExtractText prints the article as a header of labelled lines, a blank line and the text.
func writeExtractText(w io.Writer, o extractOutput) error {
	var b strings.Builder
	line := func(label, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-11s %s\n", label+":", v)
		}
	}
	line("Title", o.Title)
	line("Byline", o.Byline)
	switch {
	case o.Published != nil && o.PublishedRaw != "" && o.PublishedRaw != o.Published.Format(time.RFC3339):
		line("Published", fmt.Sprintf("%s (%s)", o.Published.Format(time.RFC3339), o.PublishedRaw))
	case o.Published != nil:
		line("Published", o.Published.Format(time.RFC3339))
	default:
		line("Published", o.PublishedRaw)
	}
	lang := o.Language
	if lang != "" && o.LanguageGuessed {
		lang += " (guessed)"
	}
	line("Language", lang)
	line("Site", o.SiteName)
	line("URL", o.URL)
	if o.Canonical != o.URL {
		line("Canonical", o.Canonical)
	}
	if o.AMP {
		line("AMP", "yes")
	}
	if !o.Readerable {
		line("Readerable", "no (the page does not look like an article)")
	}
	b.WriteString("\n")
	if o.Text != "" {
		b.WriteString(o.Text)
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
