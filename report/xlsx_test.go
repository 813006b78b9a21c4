package report

import (
	"archive/zip"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TestXLSX reads the workbook back with excelize and checks its structure instead of
// comparing bytes (zip timestamps and ordering are not ours to pin).
func TestXLSX(t *testing.T) {
	out := export(t, fixture(), periodQuery(FormatXLSX))
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{SheetFindings, SheetSignatories, SheetWeekly}) {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(SheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], csvHeader) || len(rows) != 8 {
		t.Fatalf("findings: header %v, %d rows", rows[0], len(rows))
	}
	col := func(name string) string {
		for i, h := range csvHeader {
			if h == name {
				c, _ := excelize.ColumnNumberToName(i + 1)
				return c
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}

	for _, sheet := range []string{SheetFindings, SheetSignatories, SheetWeekly} {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
			t.Errorf("%s panes = %+v, want the header row frozen", sheet, p)
		}
		style, err := f.GetCellStyle(sheet, "A1")
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !st.Font.Bold || len(st.Fill.Color) == 0 {
			t.Errorf("%s header style = %+v, want bold and filled", sheet, st)
		}
	}
	filters := autoFilters(t, out)
	for sheet, want := range map[string]string{"sheet1": "$A$1:$T$8", "sheet2": "$A$1:$L$6", "sheet3": "$A$1:$F$4"} {
		if filters[sheet] != want {
			t.Errorf("%s autofilter = %q, want %q (all: %v)", sheet, filters[sheet], want, filters)
		}
	}

	// Row 2 is the oldest finding: Ghana's announcement of 2026-11-09 08:30 UTC.
	pub := col("published") + "2"
	if typ, _ := f.GetCellType(SheetFindings, pub); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("published cell type = %v, want a number (a date)", typ)
	}
	if v, _ := f.GetCellValue(SheetFindings, pub); v != "2026-11-09 08:30" {
		t.Errorf("published shows %q, want the date formatted", v)
	}
	if raw, _ := f.GetCellValue(SheetFindings, pub, excelize.Options{RawCellValue: true}); !strings.HasPrefix(raw, "46") {
		t.Errorf("published raw value = %q, want an Excel serial date", raw)
	}
	conf := col("confidence") + "2"
	if raw, _ := f.GetCellValue(SheetFindings, conf, excelize.Options{RawCellValue: true}); raw != "0.81" {
		t.Errorf("confidence raw = %q, want the number 0.81", raw)
	}
	if v, _ := f.GetCellValue(SheetFindings, conf); v != "0.81" {
		t.Errorf("confidence shows %q", v)
	}

	// Formula-looking text stays text: no formula, and the exact characters.
	for _, c := range []struct{ cell, want string }{
		{col("title") + "6", `=HYPERLINK("http://evil.example","click")`},
		{col("entity_name") + "6", `@SUM(1+1)*cmd|' /C calc'!A0`},
		{col("evidence") + "6", `-2+3 =cmd|' /C calc'!A0 signed the Paris Call`},
		{col("title") + "4", `<script>window.__pwned=1;document.title="pwned"</script> Paris Call turns eight`},
	} {
		if formula, _ := f.GetCellFormula(SheetFindings, c.cell); formula != "" {
			t.Errorf("%s holds a formula %q", c.cell, formula)
		}
		typ, _ := f.GetCellType(SheetFindings, c.cell)
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s type = %v, want a string", c.cell, typ)
		}
		if v, _ := f.GetCellValue(SheetFindings, c.cell); v != c.want {
			t.Errorf("%s = %q, want %q", c.cell, v, c.want)
		}
	}

	sigs, _ := f.GetRows(SheetSignatories)
	if len(sigs) != 6 || sigs[1][1] != "@SUM(1+1)*cmd|' /C calc'!A0" || sigs[2][1] != "Tuya Inc." || sigs[2][5] != "TRUE" {
		t.Errorf("signatories = %q", sigs)
	}
	if v, _ := f.GetCellValue(SheetSignatories, "G3"); v != "2026-11-17 07:30" {
		t.Errorf("first_seen shows %q", v)
	}
	weekly, _ := f.GetRows(SheetWeekly)
	want := [][]string{{"week_start", "mention", "signed", "declined", "announced", "total"},
		{"2026-11-09", "2", "0", "0", "1", "3"}, {"2026-11-16", "0", "2", "0", "0", "2"}, {"2026-11-23", "1", "0", "1", "0", "2"}}
	if !reflect.DeepEqual(weekly, want) {
		t.Errorf("weekly = %q, want %q", weekly, want)
	}
}

func TestXLSXEmpty(t *testing.T) {
	out := export(t, &fakeSource{}, Query{Format: FormatXLSX})
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(SheetFindings)
	if len(rows) != 1 || !reflect.DeepEqual(rows[0], csvHeader) {
		t.Errorf("empty findings sheet = %v", rows)
	}
}

// autoFilters returns the autofilter range of each worksheet part (sheet1, sheet2, ...).
func autoFilters(t *testing.T, xlsx []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		s := string(b)
		name := strings.TrimSuffix(strings.TrimPrefix(zf.Name, "xl/worksheets/"), ".xml")
		if i := strings.Index(s, `<autoFilter ref="`); i >= 0 {
			rest := s[i+len(`<autoFilter ref="`):]
			out[name] = rest[:strings.IndexByte(rest, '"')]
			if strings.Index(s, "</sheetData>") > i {
				t.Errorf("%s: autoFilter before sheetData (invalid order)", name)
			}
		}
	}
	return out
}

// TestXLSXControlCharacters: text that XML 1.0 cannot carry (NUL, vertical tab, invalid
// UTF-8) must not produce a workbook that spreadsheets refuse to open.
func TestXLSXControlCharacters(t *testing.T) {
	src := fixture()
	src.rows = src.rows[:1]
	src.rows[0].Article.Title = "nul\x00 vt\x0b bad\xff end"
	src.rows[0].Finding.Evidence = strings.Repeat("long evidence ", 3000) // over Excel's 32,767 characters per cell
	out := export(t, src, Query{Format: FormatXLSX, Now: fixedNow})
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("workbook does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetFindings)
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %v, %v", rows, err)
	}
	if title := rows[1][3]; !strings.HasPrefix(title, "nul") || !strings.HasSuffix(title, "end") {
		t.Errorf("title = %q", title)
	}
	if ev := rows[1][17]; len(ev) == 0 || len([]rune(ev)) > 32767 {
		t.Errorf("evidence has %d characters", len([]rune(ev)))
	}
	// The XML itself must be valid: no control characters XML 1.0 forbids, valid UTF-8.
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !utf8.Valid(b) {
			t.Errorf("%s is not UTF-8", zf.Name)
		}
		for i, c := range b {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				t.Errorf("%s holds control byte %#x at %d", zf.Name, c, i)
				break
			}
		}
	}
}
