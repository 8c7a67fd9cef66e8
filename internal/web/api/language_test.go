package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/domain/task"
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

// A domain refusal reaches the reader in their language: a rule's refusal
// (its field and message) and a plan's field errors carry the Chinese the
// domain gave them.
func TestDomainRefusalsInTheReadersLanguage(t *testing.T) {
	gin.SetMode(gin.TestMode)
	for _, tc := range []struct {
		name       string
		err        error
		status     int
		en, zh     string // the detail
		enF, zhF   string // the first field's message
		firstField string
	}{
		{"a rule's refusal", opsProblem(&task.RuleError{Type: task.ErrTypeInvalid, Field: "reason", Message: "is required", Zh: "必填"}),
			http.StatusUnprocessableEntity, "reason: is required", "reason：必填", "is required", "必填", "reason"},
		{"a plan's errors", planProblem(&plan.ValidationError{Errors: []plan.FieldError{{Field: "tracks[0].tasks[0].owner", Message: "unknown person", Zh: "没有此人"}}},
			"the plan is not valid"), http.StatusUnprocessableEntity, "the plan is not valid", "计划有误", "unknown person", "没有此人", "tracks[0].tasks[0].owner"},
		{"an unknown task", opsProblem(taskops.ErrNotFound), http.StatusNotFound, "no such task", "没有这个任务", "", "", ""},
	} {
		for lang, want := range map[string][2]string{"en": {tc.en, tc.enF}, "zh-CN": {tc.zh, tc.zhF}} {
			rec := httptest.NewRecorder()
			c, _ := gin.CreateTestContext(rec)
			c.Request = httptest.NewRequest(http.MethodPost, "/x", nil)
			c.Request.Header.Set("Accept-Language", lang)
			writeProblem(c, tc.err.(*Problem))
			var got problemAnswer
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tc.status || got.Detail != want[0] {
				t.Errorf("%s in %s: %d %q, want %d %q", tc.name, lang, rec.Code, got.Detail, tc.status, want[0])
			}
			if tc.firstField == "" {
				continue
			}
			if len(got.Errors) != 1 || got.Errors[0].Field != tc.firstField || got.Errors[0].Message != want[1] {
				t.Errorf("%s in %s: errors %+v, want %s: %q", tc.name, lang, got.Errors, tc.firstField, want[1])
			}
		}
	}
}
