package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/callwatch/callwatch/report"
	"github.com/rivo/uniseg"
)

func TestSignatoriesFormats(t *testing.T) {
	db := reportSeedDB(t)

	r := runMain(t, nil, "", "--db", db, "signatories", "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rows []report.SignatoryRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	byID := map[string]report.SignatoryRow{}
	for _, row := range rows {
		byID[row.EntityID] = row
	}
	if len(rows) != 3 {
		t.Fatalf("%d signatories, want 3: %+v", len(rows), rows)
	}
	tuya := byID["org:tuya"]
	if tuya.Status != "signed" || tuya.Outlets != 2 || tuya.EvidenceURL != "https://lemonde.example/appel" || tuya.InRegister || tuya.Category != "company" || tuya.Country != "CHN" {
		t.Errorf("tuya = %+v", tuya)
	}
	if byID["state:USA"].Status != "declined" || byID["state:GHA"].Status != "announced" {
		t.Errorf("statuses: %+v", rows)
	}

	r = runMain(t, nil, "", "--db", db, "signatories", "--format", "csv", "--status", "signed,declined")
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if r.code != ExitOK || err != nil {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stderr)
	}
	if strings.Join(recs[0], ",") != "entity_id,name,category,country,status,first_seen,evidence_url,outlets,in_register,alerted_at" || len(recs) != 3 {
		t.Errorf("csv = %q", recs)
	}
	for _, rec := range recs[1:] {
		if rec[4] != "signed" && rec[4] != "declined" {
			t.Errorf("--status signed,declined listed %q", rec)
		}
	}

	r = runMain(t, map[string]string{"COLUMNS": "80"}, "", "--db", db, "signatories")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "ENTITY") || lines[len(lines)-1] != "3 signatories" {
		t.Errorf("table:\n%s", r.stdout)
	}
	for _, l := range lines {
		if w := uniseg.StringWidth(l); w > 80 {
			t.Errorf("line is %d columns wide, terminal has 80: %q", w, l)
		}
	}
	// Columns line up: STATUS starts at the same display column on every row.
	at := uniseg.StringWidth(lines[0][:strings.Index(lines[0], "STATUS")])
	for _, l := range lines[1 : len(lines)-1] {
		i := strings.Index(l, " signed")
		for _, st := range []string{" declined", " announced"} {
			if i < 0 {
				i = strings.Index(l, st)
			}
		}
		if i < 0 || uniseg.StringWidth(l[:i+1]) != at {
			t.Errorf("misaligned row: %q", l)
		}
	}

	r = runMain(t, nil, "", "--db", db, "signatories", "--status", "official")
	if r.code != ExitOK || !strings.Contains(r.stdout, "0 signatories") {
		t.Errorf("--status official: exit %d:\n%s", r.code, r.stdout)
	}
}

func TestSignatoriesUsageErrors(t *testing.T) {
	db := reportSeedDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "yaml"}, `invalid --format "yaml": want table, csv or json`},
		{[]string{"--status", "confirmed"}, `invalid --status: unknown status "confirmed"`},
	} {
		r := runMain(t, nil, "", append([]string{"--db", db, "signatories"}, c.args...)...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, r.code, r.stderr)
		}
	}
}

func TestMentions(t *testing.T) {
	db := reportSeedDB(t)
	r := runMain(t, map[string]string{"COLUMNS": "100"}, "", "--db", db, "mentions")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) != 1+6 || !strings.HasPrefix(lines[0], "DATE") {
		t.Fatalf("mentions:\n%s", r.stdout)
	}
	if f := strings.Fields(lines[1]); len(f) < 6 || f[0] != "2026-11-25" || f[1] != "declined" || f[4] != "cyberscoop.example" || f[5] != "United" {
		t.Errorf("newest first, with the escape sequences removed from the title: %q", lines[1])
	}
	if strings.ContainsRune(r.stdout, '\x1b') {
		t.Error("an escape sequence from a title reached the terminal")
	}
	titleAt := uniseg.StringWidth(lines[0][:strings.Index(lines[0], "TITLE")])
	for _, l := range lines {
		if w := uniseg.StringWidth(l); w > 100 {
			t.Errorf("line is %d columns wide, terminal has 100: %q", w, l)
		}
		if strings.Contains(l, "サイバー") {
			// The Japanese title is cut by display width and starts in the TITLE column.
			i := strings.Index(l, "サイバー")
			if uniseg.StringWidth(l[:i]) != titleAt || !strings.HasSuffix(l, "…") {
				t.Errorf("Japanese title misaligned or not cut: %q", l)
			}
		}
	}

	r = runMain(t, nil, "", "--db", db, "mentions", "--limit", "2", "--kind", "mention")
	lines = strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if r.code != ExitOK || len(lines) != 3 || !strings.Contains(lines[1], "nikkei.example") || !strings.Contains(lines[2], "news.example.org") {
		t.Errorf("--limit 2 --kind mention: exit %d:\n%s", r.code, r.stdout)
	}
	r = runMain(t, nil, "", "--db", db, "mentions", "--since", "2030-01-01")
	if r.code != ExitOK || r.stdout != "No findings match.\n" {
		t.Errorf("no findings: exit %d: %q", r.code, r.stdout)
	}
	for _, args := range [][]string{{"--limit", "0"}, {"--since", "soon"}, {"--kind", "rumour"}} {
		r := runMain(t, nil, "", append([]string{"--db", db, "mentions"}, args...)...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "invalid "+args[0]) {
			t.Errorf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
}
