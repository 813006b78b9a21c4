package report

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/callwatch/callwatch"
)

// fakeSource is a hand-written Source over fixed rows. Its ScanFindings applies the
// filter the way the store's contract describes it, and records the filters it was given.
type fakeSource struct {
	rows    []callwatch.FindingRow
	sigs    []callwatch.Signatory
	sources []callwatch.SourceState
	filters []callwatch.FindingFilter
	scanErr error // returned after the first row, when set
}

func (s *fakeSource) ScanFindings(ctx context.Context, f callwatch.FindingFilter, fn func(callwatch.FindingRow) error) error {
	s.filters = append(s.filters, f)
	rows := append([]callwatch.FindingRow(nil), s.rows...)
	sort.SliceStable(rows, func(i, j int) bool {
		if f.Newest {
			return rows[i].Article.Published.After(rows[j].Article.Published)
		}
		return rows[i].Article.Published.Before(rows[j].Article.Published)
	})
	n := 0
	for _, r := range rows {
		if !matches(f, r) {
			continue
		}
		if f.Limit > 0 && n >= f.Limit {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
		n++
		if s.scanErr != nil {
			return s.scanErr
		}
	}
	return nil
}

func matches(f callwatch.FindingFilter, r callwatch.FindingRow) bool {
	p := r.Article.Published
	if !f.Since.IsZero() && p.Before(f.Since) || !f.Until.IsZero() && !p.Before(f.Until) {
		return false
	}
	if len(f.Kinds) > 0 {
		ok := false
		for _, k := range f.Kinds {
			ok = ok || k == r.Finding.Kind
		}
		if !ok {
			return false
		}
	}
	if f.Source != "" {
		ok := false
		for _, s := range r.Sources {
			ok = ok || s == f.Source
		}
		if !ok {
			return false
		}
	}
	if f.Language != "" && f.Language != r.Article.Language {
		return false
	}
	if f.Entity != "" {
		e := r.Finding.Entity
		if e == nil || (e.ID != f.Entity && !strings.Contains(strings.ToLower(e.Name), strings.ToLower(f.Entity))) {
			return false
		}
	}
	return r.Finding.Confidence >= f.MinConfidence
}

func (s *fakeSource) Signatories(ctx context.Context, f callwatch.SignatoryFilter) ([]callwatch.Signatory, error) {
	var out []callwatch.Signatory
	for _, sig := range s.sigs {
		if !f.Since.IsZero() && sig.FirstSeen.Before(f.Since) {
			continue
		}
		if len(f.Statuses) > 0 {
			ok := false
			for _, st := range f.Statuses {
				ok = ok || st == sig.Status
			}
			if !ok {
				continue
			}
		}
		out = append(out, sig)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].FirstSeen.After(out[j].FirstSeen) })
	return out, nil
}

func (s *fakeSource) Sources(ctx context.Context) ([]callwatch.SourceState, error) {
	return s.sources, nil
}

var errBoom = errors.New("disk on fire")

// Fixed time and data for golden files.
var fixedNow = time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)

func day(d int, h int) time.Time { return time.Date(2026, 11, d, h, 30, 0, 0, time.UTC) }

func article(id, title, u, outlet, lang string, pub time.Time) callwatch.ArticleRef {
	return callwatch.ArticleRef{ID: id, Title: title, URL: u, Outlet: outlet, Published: pub, Language: lang}
}

var (
	entGhana = &callwatch.Entity{ID: "state:GHA", Name: "Ghana", Category: callwatch.CategoryState, Country: "GHA", Verified: true}
	entUSA   = &callwatch.Entity{ID: "state:USA", Name: "United States", Category: callwatch.CategoryState, Country: "USA", Verified: true}
	entTuya  = &callwatch.Entity{ID: "org:tuya", Name: "Tuya Inc.", Category: callwatch.CategoryCompany, Country: "CHN", Verified: true}
	entEvil  = &callwatch.Entity{ID: "unverified:evil", Name: "@SUM(1+1)*cmd|' /C calc'!A0", Category: callwatch.CategoryUnknown}
)

const (
	srcGoogle = "src-google"
	srcRecord = "src-record"
)

// fixture returns the fixed data set of the golden tests: three weeks of findings in
// English, French and Japanese, with crafted titles, evidence and URLs for the injection
// cases.
func fixture() *fakeSource {
	a1 := article("a1", "Ghana to join the Paris Call", "https://news.example.org/ghana-paris-call", "news.example.org", "en", day(9, 8))
	a2 := article("a2", `<script>window.__pwned=1;document.title="pwned"</script> Paris Call turns eight`, "https://therecord.example/paris-call-8", "therecord.example", "en", day(12, 10))
	a3 := article("a3", "L'Appel de Paris | bilan\nsept ans après", "https://www.lemonde.example/appel-de-paris", "lemonde.example", "fr", day(17, 7))
	a4 := article("a4", "=HYPERLINK(\"http://evil.example\",\"click\")", "javascript:alert(document.domain)", "evil.example", "en", day(18, 9))
	a5 := article("a5", "サイバー空間における信頼と安全のためのパリ・コールに新たな署名", "https://www.nikkei.example/paris-call-ja", "nikkei.example", "ja", day(24, 3))
	a6 := article("a6", "United States still absent from the Paris Call", "https://cyberscoop.example/us-absent", "cyberscoop.example", "en", day(25, 12))
	return &fakeSource{
		sources: []callwatch.SourceState{
			{ID: srcGoogle, Name: "Google News EN", Kind: callwatch.KindSearch},
			{ID: srcRecord, Name: "The Record", Kind: callwatch.KindFeed},
		},
		rows: []callwatch.FindingRow{
			{Article: a1, Sources: []string{srcGoogle}, Outlets: 2, Finding: callwatch.Finding{Kind: callwatch.FindingAnnounced, Entity: entGhana,
				Evidence: "Ghana announced it would join the Paris Call.", Rule: "en.announce.will_join", Confidence: 0.81}},
			{Article: a1, Sources: []string{srcGoogle}, Outlets: 0, Finding: callwatch.Finding{Kind: callwatch.FindingMention, Strength: callwatch.StrengthFull,
				Evidence: "the Paris Call for Trust and Security in Cyberspace", Rule: "mention.full", Confidence: 0.99}},
			{Article: a2, Sources: []string{srcRecord, srcGoogle}, Outlets: 1, Finding: callwatch.Finding{Kind: callwatch.FindingMention, Strength: callwatch.StrengthShort,
				Evidence: `<img src=x onerror="window.__pwned=2"> The Paris Call turned eight this week.`, Rule: "mention.short", Confidence: 0.7}},
			{Article: a3, Sources: []string{srcGoogle}, Outlets: 1, Finding: callwatch.Finding{Kind: callwatch.FindingSigned, Entity: entTuya,
				Evidence: "Tuya a rejoint l'Appel de Paris | une première\npour l'entreprise.", Rule: "fr.sign.rejoindre", Confidence: 0.9}},
			{Article: a4, Sources: []string{srcGoogle}, Outlets: 1, Finding: callwatch.Finding{Kind: callwatch.FindingSigned, Entity: entEvil,
				Evidence: "-2+3 =cmd|' /C calc'!A0 signed the Paris Call", Rule: "en.sign.signed", Confidence: 0.55}},
			{Article: a5, Sources: []string{srcGoogle}, Outlets: 1, Finding: callwatch.Finding{Kind: callwatch.FindingMention, Strength: callwatch.StrengthFull,
				Evidence: "サイバー空間における信頼と安全のためのパリ・コール", Rule: "mention.full", Confidence: 0.95}},
			{Article: a6, Sources: []string{srcRecord}, Outlets: 3, Finding: callwatch.Finding{Kind: callwatch.FindingDeclined, Entity: entUSA,
				Evidence: "The United States has not signed the Paris Call.", Rule: "en.decline.has_not_signed", Confidence: 0.876543}},
		},
		sigs: []callwatch.Signatory{
			{Entity: *entTuya, Status: callwatch.StatusOfficial, FirstSeen: day(17, 7), InRegister: true, RegisterAt: day(20, 0),
				Reports: []callwatch.StanceReport{{Stance: callwatch.FindingSigned, FirstSeen: day(17, 7), FirstArticle: a3,
					FirstEvidence: "Tuya a rejoint l'Appel de Paris", Confidence: 0.9, Outlets: []string{"lemonde.example", "nikkei.example"}}},
				Alerted: map[callwatch.AlertKind]time.Time{callwatch.AlertReported: day(17, 8), callwatch.AlertConfirmed: day(20, 1)}},
			{Entity: *entGhana, Status: callwatch.StatusAnnounced, FirstSeen: day(9, 8),
				Reports: []callwatch.StanceReport{{Stance: callwatch.FindingAnnounced, FirstSeen: day(9, 8), FirstArticle: a1,
					FirstEvidence: "Ghana announced it would join the Paris Call.", Confidence: 0.81, Outlets: []string{"news.example.org", "therecord.example"}}}},
			{Entity: *entUSA, Status: callwatch.StatusDeclined, FirstSeen: time.Date(2018, 11, 12, 9, 0, 0, 0, time.UTC),
				Reports: []callwatch.StanceReport{{Stance: callwatch.FindingDeclined, FirstSeen: time.Date(2018, 11, 12, 9, 0, 0, 0, time.UTC), FirstArticle: a6,
					FirstEvidence: "The United States has not signed the Paris Call.", Confidence: 0.88, Outlets: []string{"cyberscoop.example", "a.example", "b.example"}}}},
			{Entity: *entEvil, Status: callwatch.StatusSigned, FirstSeen: day(18, 9),
				Reports: []callwatch.StanceReport{{Stance: callwatch.FindingSigned, FirstSeen: day(18, 9), FirstArticle: a4,
					FirstEvidence: "-2+3 =cmd signed", Confidence: 0.55, Outlets: []string{"evil.example"}}}},
			{Entity: callwatch.Entity{ID: "org:microsoft", Name: "Microsoft", Category: callwatch.CategoryCompany, Country: "USA", Verified: true},
				Status: callwatch.StatusOfficial, FirstSeen: time.Date(2018, 11, 12, 0, 0, 0, 0, time.UTC), InRegister: true, InBaseline: true},
		},
	}
}
