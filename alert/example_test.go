package alert_test

import (
	"fmt"
	"time"

	"github.com/callwatch/callwatch"
	"github.com/callwatch/callwatch/alert"
)

// A receiver checks X-Callwatch-Signature over the raw body before parsing it.
func ExampleVerify() {
	body := []byte(`{"a":1}`)
	header := alert.Sign("secret", body)
	fmt.Println(header)
	fmt.Println(alert.Verify("secret", body, header), alert.Verify("wrong", body, header))
	// Output:
	// sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494
	// true false
}

// The policy raises one "reported" alert for a new signatory; the next article about the
// same entity adds evidence but raises nothing.
func ExamplePolicy_Decide() {
	p := alert.NewPolicy(alert.Options{MinConfidence: 0.7, Baseline: []string{"org:microsoft"}})
	now := time.Date(2026, 11, 12, 9, 0, 0, 0, time.UTC)
	s := &callwatch.Signatory{
		Entity: callwatch.Entity{ID: "unverified:acme", Name: "Acme", Category: callwatch.CategoryCompany},
		Reports: []callwatch.StanceReport{{
			Stance: callwatch.FindingSigned, Confidence: 0.9, Outlets: []string{"news.example"},
			FirstEvidence: "Acme has signed the Paris Call.",
		}},
	}
	f := &callwatch.Finding{Kind: callwatch.FindingSigned, Confidence: 0.9}
	alerts := p.Decide(callwatch.SignatoryChange{After: s, Cause: callwatch.CauseArticle, Finding: f, Now: now})
	for _, a := range alerts {
		fmt.Println(a.Kind, a.Entity.Name, p.Channels(a))
		fmt.Println(alert.Summary(a))
	}
	s.Alerted = map[callwatch.AlertKind]time.Time{callwatch.AlertReported: now} // the store records it
	fmt.Println(len(p.Decide(callwatch.SignatoryChange{After: s, Cause: callwatch.CauseArticle, Finding: f, Now: now})))
	// Output:
	// reported Acme [log]
	// New Paris Call signatory reported: Acme
	// 0
}
