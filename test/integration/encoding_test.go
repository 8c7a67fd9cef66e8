package integration

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// Typed markup and formulas (SPEC section 15, output encoding) through a
// real closeout dev: the robots of DingTalk, WeCom and Feishu, configured as
// webhooks, receive an evidence title and a return reason with a heading, a
// link, mentions and a colour tag, and none of them arrives as markup; the
// report CSV, the units' ranking CSV and the live ledger of a campaign whose
// task title and unit name start with = and @ hold them neutralised. Once
// per projection database.
func TestTypedTextIsEscapedForEveryOutput(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			robots := newRobotCapture(t)
			for _, f := range []string{"dingtalk", "wecom", "feishu"} {
				name := "CLOSEOUT_WEBHOOK_" + strings.ToUpper(f)
				t.Setenv(name+"_URL", robots.srv.URL+"/"+f)
				t.Setenv(name+"_FORMAT", f)
			}
			d := newDev(t, kind)
			tok := d.team()
			d.must(201, d.admin, "POST", "/api/v1/units", map[string]any{"id": "ops", "name": "@运维 SUM(1)", "members": []string{"li"}}, nil)
			p := smallPlan("enc", "T1", "T2")
			tasks := p["tracks"].([]map[string]any)[0]["tasks"].([]map[string]any)
			tasks[0]["title"] = formulaTitle // in the report's indicators section and the ledger
			tasks[0]["indicators"] = []map[string]any{{"id": "n", "name": "-件数", "target": 5}}
			p["tracks"].([]map[string]any)[0]["title"] = "+轨道 A" // in the report's track rows
			tasks[1]["owner"] = "unit:ops"
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", p, nil)

			d.must(200, tok["li"], "POST", taskPath("enc", "T1", "submit"), map[string]any{"note": "done",
				"evidence": []map[string]any{{"title": hostileEvidenceTitle, "url": "https://docs.example.org/list"}}}, nil)
			d.must(200, tok["zhao"], "POST", taskPath("enc", "T1", "return"), map[string]any{"reason": hostileReason}, nil)
			for _, f := range []string{"dingtalk", "wecom", "feishu"} {
				for _, marker := range []string{"名单", "请补充"} { // the submission's and the return's messages
					body := robots.waitFor(t, f, marker)
					bad := []string{"<@all>", "@all", "<!channel>", `<font color="warning"`, "\n# ", "\n## "}
					if f != "feishu" { // markdown: a typed link would be one
						bad = append(bad, "[link](")
					}
					for _, bad := range bad {
						if strings.Contains(body, bad) {
							t.Errorf("%s robot received %q:\n%s", f, bad, body)
						}
					}
				}
			}

			csvCells := func(path string) [][]string {
				r := d.must(200, tok["boss"], "GET", path, nil, nil)
				rd := csv.NewReader(bytes.NewReader(r.Body))
				rd.FieldsPerRecord = -1
				recs, err := rd.ReadAll()
				if err != nil {
					t.Fatalf("%s: %v\n%s", path, err, r.Body)
				}
				return recs
			}
			report := csvCells("/api/v1/campaigns/enc/report?format=csv")
			ranking := csvCells("/api/v1/campaigns/enc/units?format=csv")
			for name, recs := range map[string][][]string{"report": report, "ranking": ranking} {
				for _, rec := range recs {
					for _, cell := range rec {
						if cell != "" && strings.ContainsAny(cell[:1], "=+@\t\r") {
							t.Errorf("%s CSV cell %q would run in a spreadsheet", name, cell)
						}
					}
				}
			}
			if !csvHas(report, "'"+formulaTitle) {
				t.Errorf("the report CSV does not hold the task's title neutralised: %q", report)
			}
			if !csvHas(ranking, "'@运维 SUM(1)") {
				t.Errorf("the ranking CSV does not hold the unit's name neutralised: %q", ranking)
			}

			r := d.must(200, tok["boss"], "GET", "/api/v1/campaigns/enc/report?format=xlsx", nil, nil)
			quoted := quotedFormats(t, r.Body)
			f, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var found []string
			for _, sheet := range f.GetSheetList() {
				cells, err := f.SearchSheet(sheet, formulaTitle)
				if err != nil {
					t.Fatal(err)
				}
				for _, cell := range cells {
					style, _ := f.GetCellStyle(sheet, cell)
					if !quoted[style] {
						t.Errorf("ledger %s!%s holds the formula-like title without quotePrefix", sheet, cell)
					}
					found = append(found, sheet+"!"+cell)
				}
			}
			if len(found) < 2 { // the track's sheet and 任务
				t.Errorf("the title is in the ledger at %v only", found)
			}
		})
	}
}

const (
	formulaTitle         = `=HYPERLINK("https://evil.example","点我")`
	hostileEvidenceTitle = "名单\n## Heading [link](https://evil.example/e) <@all> @all"
	hostileReason        = "请补充材料\n# 重做 <@all> <!channel> <font color=\"warning\">急</font>"
)

func csvHas(recs [][]string, want string) bool {
	for _, rec := range recs {
		for _, cell := range rec {
			if cell == want {
				return true
			}
		}
	}
	return false
}

// quotedFormats reads the workbook's xl/styles.xml: the cell formats (by
// index) stored quote-prefixed, as Excel stores text typed after a '.
func quotedFormats(t *testing.T, xlsx []byte) map[int]bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("xl/styles.xml")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(rc)
	_ = rc.Close() // read only: nothing to lose
	var styles struct {
		Xfs []struct {
			QuotePrefix string `xml:"quotePrefix,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.Unmarshal(raw, &styles); err != nil {
		t.Fatal(err)
	}
	out := map[int]bool{}
	for i, xf := range styles.Xfs {
		out[i] = xf.QuotePrefix == "1" || xf.QuotePrefix == "true"
	}
	return out
}

// robotCapture stands in for the chat platforms' robot endpoints: every
// body is kept by the path it came to (/dingtalk, /wecom, /feishu), which
// answers as the platforms do when they accept a message.
type robotCapture struct {
	srv      *httptest.Server
	received chan robotBody
	seen     map[string][]string
}

type robotBody struct{ format, body string }

func newRobotCapture(t *testing.T) *robotCapture {
	c := &robotCapture{received: make(chan robotBody, 256), seen: map[string][]string{}}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		// Decoded, so that what is compared is the text the platform
		// renders, not its JSON escaping.
		var v any
		text := string(raw)
		if json.Unmarshal(raw, &v) == nil {
			text = strings.Join(jsonStrings(v), "\n")
		}
		c.received <- robotBody{strings.TrimPrefix(r.URL.Path, "/"), text}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}`)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// waitFor returns the first body the robot of format received containing
// marker, waiting for deliveries as they come.
func (c *robotCapture) waitFor(t *testing.T, format, marker string) string {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		for _, b := range c.seen[format] {
			if strings.Contains(b, marker) {
				return b
			}
		}
		select {
		case b := <-c.received:
			c.seen[b.format] = append(c.seen[b.format], b.body)
		case <-deadline:
			t.Fatalf("the %s robot received nothing with %q; it received %q", format, marker, c.seen[format])
		}
	}
}

// jsonStrings are the string values of a JSON document, in no set order.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}
