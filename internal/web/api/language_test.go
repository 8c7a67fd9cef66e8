package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/i18n"
)

// A refusal comes in the language the request asks for (Accept-Language):
// its detail and every field message, with Content-Language saying which;
// Chinese when the request names neither Chinese nor English.
func TestRefusalsInTheReadersLanguage(t *testing.T) {
	w := testWorld(t)
	body := []byte(`{"id":"no spaces allowed","name":"","roles":["boss"]}`)
	type field struct{ Field, Message string }
	type answer struct {
		detail string
		fields []field
	}
	zh := answer{"人员信息有误", []field{{"id", "须符合 " + personID.String()}, {"name", "必填"}, {"roles[0]", "须为 admin、manager 或 member"}}}
	en := answer{"the person is not valid", []field{{"id", "must match " + personID.String()}, {"name", "is required"}, {"roles[0]", "must be admin, manager or member"}}}
	for _, tc := range []struct {
		header, lang string
		want         answer
	}{
		{"zh-CN", "zh", zh},
		{"en", "en", en},
		{"en-US,en;q=0.9,zh;q=0.5", "en", en},
		{"", "zh", zh},
		{"fr-FR", "zh", zh},
	} {
		var headers []string
		if tc.header != "" {
			headers = []string{"Accept-Language", tc.header}
		}
		r := w.send("admin", "POST", "/api/v1/people", "application/json", body, headers...)
		checkAnswer(t, r, body)
		var got problemBody
		if err := json.Unmarshal(r.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if r.Code != http.StatusUnprocessableEntity || got.Detail != tc.want.detail || r.Header().Get("Content-Language") != tc.lang {
			t.Errorf("Accept-Language %q: %d %q in %q, want 422 %q in %s", tc.header, r.Code, got.Detail,
				r.Header().Get("Content-Language"), tc.want.detail, tc.lang)
		}
		if len(got.Errors) != len(tc.want.fields) {
			t.Fatalf("Accept-Language %q: fields %+v, want %+v", tc.header, got.Errors, tc.want.fields)
		}
		for i, f := range tc.want.fields {
			if got.Errors[i].Field != f.Field || got.Errors[i].Message != f.Message {
				t.Errorf("Accept-Language %q: field %d is %+v, want %+v", tc.header, i, got.Errors[i], f)
			}
		}
		// The title is the status's, the same in every language.
		if got.Title != "Unprocessable Entity" {
			t.Errorf("Accept-Language %q: title %q", tc.header, got.Title)
		}
	}
}

// A refusal written before any handler (an unknown route, a bad token)
// reads the header too, and caches keep the languages apart.
func TestProblemLanguageOutsideHandlers(t *testing.T) {
	gin.SetMode(gin.TestMode)
	for header, want := range map[string]string{
		"":                   "没有这个接口地址",
		"zh-TW":              "没有这个接口地址",
		"en-GB":              "no such route",
		"en;q=0.5, zh;q=0.8": "没有这个接口地址",
		"zh;q=0.1, en;q=0.2": "no such route",
	} {
		rec := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(rec)
		c.Request = httptest.NewRequest(http.MethodGet, "/nowhere", nil)
		if header != "" {
			c.Request.Header.Set("Accept-Language", header)
		}
		NotFound(c)
		var got problemAnswer
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		lang := string(i18n.FromAcceptLanguage(header))
		if got.Detail != want || rec.Header().Get("Content-Language") != lang || rec.Header().Get("Vary") != "Accept-Language" {
			t.Errorf("%q: %q, Content-Language %q, Vary %q; want %q in %s", header, got.Detail,
				rec.Header().Get("Content-Language"), rec.Header().Get("Vary"), want, lang)
		}
	}
}
