package alert

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callwatch/callwatch"
)

var t0 = time.Date(2026, 11, 12, 9, 0, 0, 0, time.UTC)

func article(outlet string) callwatch.ArticleRef {
	return callwatch.ArticleRef{ID: "a-" + outlet, Title: "Acme signs the Paris Call", URL: "https://" + outlet + "/acme", Outlet: outlet, Published: t0.Add(-time.Hour), Language: "en"}
}

// signatory returns a signatory with one report of stance st seen in the given outlets.
func signatory(id string, cat callwatch.Category, verified bool, st callwatch.FindingKind, conf float64, outlets ...string) *callwatch.Signatory {
	s := &callwatch.Signatory{
		Entity:    callwatch.Entity{ID: id, Name: "Acme Corp", Category: cat, Country: "USA", Verified: verified},
		FirstSeen: t0,
	}
	if st != "" {
		s.Reports = []callwatch.StanceReport{{
			Stance: st, FirstSeen: t0, FirstArticle: article(outlets[0]), FirstEvidence: "Acme Corp signed the Paris Call on Tuesday.",
			Confidence: conf, Outlets: outlets, Articles: []string{"a-" + outlets[0]},
		}}
	}
	return s
}

func articleChange(s *callwatch.Signatory, st callwatch.FindingKind, conf float64) callwatch.SignatoryChange {
	ref := article("news.example")
	return callwatch.SignatoryChange{
		After: s, Cause: callwatch.CauseArticle, Article: &ref, Now: t0,
		Finding: &callwatch.Finding{Kind: st, Evidence: "Acme Corp signed the Paris Call on Tuesday.", Rule: "en.sign.active", Confidence: conf},
	}
}

func with(s *callwatch.Signatory, f func(*callwatch.Signatory)) *callwatch.Signatory {
	f(s)
	return s
}

func TestPolicyDecide(t *testing.T) {
	allKinds := []callwatch.AlertKind{callwatch.AlertReported, callwatch.AlertConfirmed, callwatch.AlertDeclined, callwatch.AlertAnnounced, callwatch.AlertRemoved}
	const id = "org:acme"
	tests := []struct {
		name   string
		opts   Options
		change callwatch.SignatoryChange
		want   []callwatch.AlertKind
	}{
		{"new signatory reported", Options{MinConfidence: 0.7},
			articleChange(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example"), callwatch.FindingSigned, 0.9),
			[]callwatch.AlertKind{callwatch.AlertReported}},
		{"confidence below the minimum", Options{MinConfidence: 0.7},
			articleChange(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.6, "news.example"), callwatch.FindingSigned, 0.6),
			nil},
		{"confidence exactly the minimum", Options{MinConfidence: 0.7},
			articleChange(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.7, "news.example"), callwatch.FindingSigned, 0.7),
			[]callwatch.AlertKind{callwatch.AlertReported}},
		{"one outlet when two are required", Options{MinSources: 2},
			articleChange(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example"), callwatch.FindingSigned, 0.9),
			nil},
		{"the same outlet twice is one source", Options{MinSources: 2},
			articleChange(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example", "news.example"), callwatch.FindingSigned, 0.9),
			nil},
		{"second outlet reaches min_sources", Options{MinSources: 2},
			articleChange(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example", "other.example"), callwatch.FindingSigned, 0.9),
			[]callwatch.AlertKind{callwatch.AlertReported}},
		{"min_sources counts the outlets beyond those the report lists", Options{MinSources: 60},
			articleChange(with(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example", "other.example"), func(s *callwatch.Signatory) {
				s.Reports[0].OutletCount = 60
			}), callwatch.FindingSigned, 0.9),
			[]callwatch.AlertKind{callwatch.AlertReported}},
		{"one outlet short of min_sources, counted", Options{MinSources: 60},
			articleChange(with(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example", "other.example"), func(s *callwatch.Signatory) {
				s.Reports[0].OutletCount = 59
			}), callwatch.FindingSigned, 0.9),
			nil},
		{"in the policy's baseline", Options{Baseline: []string{id}},
			articleChange(signatory(id, callwatch.CategoryCompany, true, callwatch.FindingSigned, 0.9, "news.example"), callwatch.FindingSigned, 0.9),
			nil},
		{"marked in baseline by the store", Options{},
			articleChange(with(signatory(id, callwatch.CategoryCompany, true, callwatch.FindingSigned, 0.9, "news.example"), func(s *callwatch.Signatory) { s.InBaseline = true }), callwatch.FindingSigned, 0.9),
			nil},
		{"in the register", Options{},
			articleChange(with(signatory(id, callwatch.CategoryCompany, true, callwatch.FindingSigned, 0.9, "news.example"), func(s *callwatch.Signatory) { s.InRegister = true }), callwatch.FindingSigned, 0.9),
			nil},
		{"already alerted as reported: evidence only", Options{},
			articleChange(with(signatory(id, callwatch.CategoryCompany, true, callwatch.FindingSigned, 0.9, "news.example", "b.example"), func(s *callwatch.Signatory) {
				s.Alerted = map[callwatch.AlertKind]time.Time{callwatch.AlertReported: t0.Add(-time.Hour)}
			}), callwatch.FindingSigned, 0.9),
			nil},
		{"already confirmed: no reported alert", Options{},
			articleChange(with(signatory(id, callwatch.CategoryCompany, true, callwatch.FindingSigned, 0.9, "news.example"), func(s *callwatch.Signatory) {
				s.Alerted = map[callwatch.AlertKind]time.Time{callwatch.AlertConfirmed: t0.Add(-time.Hour)}
			}), callwatch.FindingSigned, 0.9),
			nil},
		{"reported kind disabled", Options{Kinds: []callwatch.AlertKind{callwatch.AlertConfirmed}},
			articleChange(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example"), callwatch.FindingSigned, 0.9),
			nil},
		{"declined is off by default", Options{},
			articleChange(signatory("state:USA", callwatch.CategoryState, true, callwatch.FindingDeclined, 0.9, "news.example"), callwatch.FindingDeclined, 0.9),
			nil},
		{"declined by a state", Options{Kinds: allKinds},
			articleChange(signatory("state:USA", callwatch.CategoryState, true, callwatch.FindingDeclined, 0.9, "news.example"), callwatch.FindingDeclined, 0.9),
			[]callwatch.AlertKind{callwatch.AlertDeclined}},
		{"declined by a verified company", Options{Kinds: allKinds},
			articleChange(signatory("org:amazon", callwatch.CategoryCompany, true, callwatch.FindingDeclined, 0.9, "news.example"), callwatch.FindingDeclined, 0.9),
			[]callwatch.AlertKind{callwatch.AlertDeclined}},
		{"declined by an unverified company", Options{Kinds: allKinds},
			articleChange(signatory("unverified:acme", callwatch.CategoryCompany, false, callwatch.FindingDeclined, 0.9, "news.example"), callwatch.FindingDeclined, 0.9),
			nil},
		{"declined by civil society", Options{Kinds: allKinds},
			articleChange(signatory("org:ngo", callwatch.CategoryCivilSociety, true, callwatch.FindingDeclined, 0.9, "news.example"), callwatch.FindingDeclined, 0.9),
			nil},
		{"announced is off by default", Options{},
			articleChange(signatory("state:GHA", callwatch.CategoryState, true, callwatch.FindingAnnounced, 0.9, "news.example"), callwatch.FindingAnnounced, 0.9),
			nil},
		{"announced when enabled", Options{Kinds: allKinds},
			articleChange(signatory("state:GHA", callwatch.CategoryState, true, callwatch.FindingAnnounced, 0.9, "news.example"), callwatch.FindingAnnounced, 0.9),
			[]callwatch.AlertKind{callwatch.AlertAnnounced}},
		{"a finding of another stance does not fire the signed report", Options{Kinds: allKinds},
			articleChange(signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example"), callwatch.FindingMention, 0.9),
			nil},
		{"no finding: every stance is considered", Options{},
			callwatch.SignatoryChange{After: signatory(id, callwatch.CategoryCompany, false, callwatch.FindingSigned, 0.9, "news.example"), Cause: callwatch.CauseArticle, Now: t0},
			[]callwatch.AlertKind{callwatch.AlertReported}},
		{"register addition confirms", Options{},
			callwatch.SignatoryChange{After: with(signatory(id, callwatch.CategoryCompany, true, "", 0), func(s *callwatch.Signatory) { s.InRegister = true }), Cause: callwatch.CauseRegisterAdded, Now: t0},
			[]callwatch.AlertKind{callwatch.AlertConfirmed}},
		{"register addition of a baseline entity", Options{Baseline: []string{id}},
			callwatch.SignatoryChange{After: with(signatory(id, callwatch.CategoryCompany, true, "", 0), func(s *callwatch.Signatory) { s.InRegister = true }), Cause: callwatch.CauseRegisterAdded, Now: t0},
			nil},
		{"register addition already confirmed", Options{},
			callwatch.SignatoryChange{After: with(signatory(id, callwatch.CategoryCompany, true, "", 0), func(s *callwatch.Signatory) {
				s.InRegister = true
				s.Alerted = map[callwatch.AlertKind]time.Time{callwatch.AlertConfirmed: t0.Add(-time.Hour)}
			}), Cause: callwatch.CauseRegisterAdded, Now: t0},
			nil},
		{"confirmed disabled", Options{Kinds: []callwatch.AlertKind{callwatch.AlertReported}},
			callwatch.SignatoryChange{After: with(signatory(id, callwatch.CategoryCompany, true, "", 0), func(s *callwatch.Signatory) { s.InRegister = true }), Cause: callwatch.CauseRegisterAdded, Now: t0},
			nil},
		{"removal is off by default", Options{},
			callwatch.SignatoryChange{After: signatory(id, callwatch.CategoryCompany, true, "", 0), Cause: callwatch.CauseRegisterRemoved, Now: t0},
			nil},
		{"removal when enabled", Options{Kinds: allKinds},
			callwatch.SignatoryChange{After: signatory(id, callwatch.CategoryCompany, true, "", 0), Cause: callwatch.CauseRegisterRemoved, Now: t0},
			[]callwatch.AlertKind{callwatch.AlertRemoved}},
		{"no after state", Options{Kinds: allKinds},
			callwatch.SignatoryChange{Cause: callwatch.CauseRegisterRemoved, Now: t0},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewPolicy(tt.opts).Decide(tt.change)
			var kinds []callwatch.AlertKind
			for _, a := range got {
				kinds = append(kinds, a.Kind)
				if a.ID != callwatch.AlertID(a.Kind, tt.change.After.ID) {
					t.Errorf("alert ID %q, want AlertID(%s, %s)", a.ID, a.Kind, tt.change.After.ID)
				}
				if !a.Created.Equal(t0) {
					t.Errorf("Created %v, want the change's time %v", a.Created, t0)
				}
			}
			if !slices.Equal(kinds, tt.want) {
				t.Errorf("Decide raised %v, want %v", kinds, tt.want)
			}
		})
	}
}

func TestPolicyReportedAlertCarriesEverything(t *testing.T) {
	s := signatory("org:acme", callwatch.CategoryCompany, true, callwatch.FindingSigned, 0.92, "first.example", "second.example")
	a := NewPolicy(Options{MinConfidence: 0.7}).Decide(articleChange(s, callwatch.FindingSigned, 0.8))
	if len(a) != 1 {
		t.Fatalf("got %d alerts, want 1", len(a))
	}
	got := a[0]
	if got.Entity != s.Entity {
		t.Errorf("Entity = %+v, want %+v", got.Entity, s.Entity)
	}
	if got.Stance != callwatch.FindingSigned || got.Confidence != 0.92 {
		t.Errorf("Stance, Confidence = %s, %v; want signed and the report's highest 0.92", got.Stance, got.Confidence)
	}
	if got.Evidence != "Acme Corp signed the Paris Call on Tuesday." || got.Rule != "en.sign.active" {
		t.Errorf("Evidence, Rule = %q, %q", got.Evidence, got.Rule)
	}
	if got.Article != article("first.example") {
		t.Errorf("Article = %+v, want the first article %+v", got.Article, article("first.example"))
	}
	if !slices.Equal(got.Outlets, []string{"first.example", "second.example"}) {
		t.Errorf("Outlets = %v", got.Outlets)
	}
	if got.Confirmed || got.FollowUp {
		t.Errorf("Confirmed, FollowUp = %v, %v; want false, false", got.Confirmed, got.FollowUp)
	}
	// The alert must not share the report's slice: the store may append to it later.
	s.Reports[0].Outlets[0] = "changed"
	if got.Outlets[0] != "first.example" {
		t.Errorf("the alert's outlets alias the signatory's")
	}
}

func TestPolicyConfirmedFollowUp(t *testing.T) {
	reportedAt := t0.Add(-48 * time.Hour)
	s := signatory("org:acme", callwatch.CategoryCompany, true, callwatch.FindingSigned, 0.9, "news.example")
	s.InRegister = true
	s.Alerted = map[callwatch.AlertKind]time.Time{callwatch.AlertReported: reportedAt}
	got := NewPolicy(Options{}).Decide(callwatch.SignatoryChange{After: s, Cause: callwatch.CauseRegisterAdded, Now: t0})
	if len(got) != 1 {
		t.Fatalf("got %d alerts, want one follow-up", len(got))
	}
	a := got[0]
	if a.Kind != callwatch.AlertConfirmed || !a.FollowUp || !a.ReportedAt.Equal(reportedAt) || !a.Confirmed {
		t.Errorf("got kind %s FollowUp %v ReportedAt %v Confirmed %v; want a confirmed follow-up reported at %v", a.Kind, a.FollowUp, a.ReportedAt, a.Confirmed, reportedAt)
	}
	if a.Article.URL != "https://news.example/acme" || len(a.Outlets) != 1 {
		t.Errorf("follow-up should carry the news evidence: %+v", a)
	}
}

func TestPolicyChannels(t *testing.T) {
	p := NewPolicy(Options{Channels: []Channel{
		{Name: "all", Type: TypeLog},
		{Name: "confident", Type: TypeLog, MinConfidence: 0.9},
		{Name: "reported-only", Type: TypeLog, Kinds: []callwatch.AlertKind{callwatch.AlertReported}},
		{Name: "confirmed-only", Type: TypeLog, Kinds: []callwatch.AlertKind{callwatch.AlertConfirmed}},
	}})
	tests := []struct {
		name  string
		alert callwatch.Alert
		want  []string
	}{
		{"reported at 0.8", callwatch.Alert{Kind: callwatch.AlertReported, Confidence: 0.8}, []string{"all", "reported-only"}},
		{"reported at 0.95", callwatch.Alert{Kind: callwatch.AlertReported, Confidence: 0.95}, []string{"all", "confident", "reported-only"}},
		{"confirmed", callwatch.Alert{Kind: callwatch.AlertConfirmed, Confidence: 1}, []string{"all", "confident", "confirmed-only"}},
		{"confirmed follow-up reaches who heard the report", callwatch.Alert{Kind: callwatch.AlertConfirmed, Confidence: 1, FollowUp: true},
			[]string{"all", "confident", "reported-only", "confirmed-only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Channels(tt.alert); !slices.Equal(got, tt.want) {
				t.Errorf("Channels = %v, want %v", got, tt.want)
			}
		})
	}
	if got := NewPolicy(Options{}).Channels(callwatch.Alert{Kind: callwatch.AlertReported}); !slices.Equal(got, []string{"log"}) {
		t.Errorf("without channels, Channels = %v, want the default [log]", got)
	}
}

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want string // substring of the error; "" for none
	}{
		{"empty is fine", Options{}, ""},
		{"unknown kind", Options{Kinds: []callwatch.AlertKind{"signed"}}, "unknown alert kind"},
		{"test is not a configurable kind", Options{Kinds: []callwatch.AlertKind{callwatch.AlertTest}}, "unknown alert kind"},
		{"confidence out of range", Options{MinConfidence: 1.5}, "outside"},
		{"webhook without url", Options{Channels: []Channel{{Name: "w", Type: TypeWebhook}}}, "needs a url"},
		{"webhook with a bad scheme", Options{Channels: []Channel{{Name: "w", Type: TypeWebhook, URL: "ftp://x"}}}, "must start with"},
		{"email without host", Options{Channels: []Channel{{Name: "e", Type: TypeEmail, From: "a@b", To: []string{"c@d"}}}}, "smtp_host"},
		{"email without recipients", Options{Channels: []Channel{{Name: "e", Type: TypeEmail, SMTPHost: "h", From: "a@b"}}}, "from and to"},
		{"email bad tls", Options{Channels: []Channel{{Name: "e", Type: TypeEmail, SMTPHost: "h", From: "a@b", To: []string{"c@d"}, TLS: "ssl"}}}, "tls"},
		{"exec without command", Options{Channels: []Channel{{Name: "x", Type: TypeExec}}}, "needs a command"},
		{"unknown type", Options{Channels: []Channel{{Name: "p", Type: "pager"}}}, "unknown type"},
		{"duplicate names", Options{Channels: []Channel{{Name: "l", Type: TypeLog}, {Name: "l", Type: TypeLog}}}, "two channels"},
		{"channel kind", Options{Channels: []Channel{{Name: "l", Type: TypeLog, Kinds: []callwatch.AlertKind{"nope"}}}}, "unknown alert kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.o.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestPolicyEnabled(t *testing.T) {
	p := NewPolicy(Options{})
	for k, want := range map[callwatch.AlertKind]bool{
		callwatch.AlertReported: true, callwatch.AlertConfirmed: true, callwatch.AlertDeclined: false,
		callwatch.AlertAnnounced: false, callwatch.AlertRemoved: false, callwatch.AlertTest: false,
	} {
		if p.Enabled(k) != want {
			t.Errorf("Enabled(%s) = %v with the default kinds", k, !want)
		}
	}
}
