package dashboard

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/closeout/closeout/internal/domain/task"
)

// Pages are in Chinese by default, in the browser's language when it asks for
// English, and in the language chosen with the switch from then on.
func TestLanguageSwitch(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn("zhao")

	zh := b.get("/campaigns/c1").Body.String()
	mustContain(t, zh, `<html lang="zh-CN">`, "任务看板", "目前3项任务已完成1项,占33%", `href="/campaigns/c1?lang=en"`)

	b.header.Set("Accept-Language", "en-GB,en;q=0.9,zh;q=0.5")
	en := b.get("/campaigns/c1").Body.String()
	mustContain(t, en, `<html lang="en">`, "Board", "1 of 3 tasks are closed (33%)")

	rec := b.get("/campaigns/c1?lang=zh")
	mustContain(t, rec.Body.String(), "任务看板")
	if c := b.cookies[langCookie]; c == nil || c.Value != "zh" {
		t.Fatalf("the switch did not remember the language: %+v", c)
	}
	mustContain(t, b.get("/my").Body.String(), "待我审核销号") // the cookie beats Accept-Language

	b.get("/?lang=en")
	mustContain(t, b.get("/tasks/c1/T2").Body.String(), "Approve (close out)", "History", "Submitted")
}

func TestFromAcceptLanguage(t *testing.T) {
	for header, want := range map[string]lang{
		"":                         langZH,
		"en-US,en;q=0.9":           langEN,
		"zh-CN,zh;q=0.9,en;q=0.8":  langZH,
		"fr-FR,en;q=0.5,zh;q=0.4":  langEN,
		"de-DE":                    langZH,
		"en;q=0.2, zh-TW;q=0.8":    langZH,
		"EN":                       langEN,
		"en;q=0, zh-Hant-TW;q=0.1": langZH,
	} {
		if got := fromAcceptLanguage(header); got != want {
			t.Errorf("fromAcceptLanguage(%q) = %s, want %s", header, got, want)
		}
	}
}

// Every label is in both languages, and every label a template or the code
// asks for is in the table.
func TestMessagesComplete(t *testing.T) {
	for key, m := range messages {
		if strings.TrimSpace(m.zh) == "" || strings.TrimSpace(m.en) == "" {
			t.Errorf("message %q lacks a language: %+v", key, m)
		}
		if strings.Count(m.zh, "%") != strings.Count(m.en, "%") {
			t.Errorf("message %q has different placeholders: %+v", key, m)
		}
	}
	used := map[string]bool{}
	literal := regexp.MustCompile(`T "([a-z0-9_.\-]+)"`)
	for _, tmpl := range pages {
		for _, sub := range tmpl.Templates() {
			if sub.Tree == nil {
				continue
			}
			for _, m := range literal.FindAllStringSubmatch(sub.Tree.Root.String(), -1) {
				used[m[1]] = true
			}
		}
	}
	for _, s := range []task.Status{task.StatusOpen, task.StatusSubmitted, task.StatusClosed, task.StatusCancelled} {
		used["status."+string(s)] = true
	}
	for _, l := range []task.Light{task.LightGreen, task.LightYellow, task.LightRed, task.LightDone} {
		used["light."+string(l)] = true
	}
	for _, s := range []string{task.MilestonePending, task.MilestoneReported, task.MilestoneMissed} {
		used["milestone."+s] = true
	}
	for _, k := range task.Kinds {
		used["done."+k.Name], used["action."+k.Name] = true, true
	}
	for _, k := range eventKeys {
		used["field."+k.key] = true
	}
	for _, e := range []string{
		task.EventCreated, task.EventProgress, task.EventMilestoneReported, task.EventMilestoneMissed,
		task.EventReminder, task.EventSubmitted, task.EventApproved, task.EventReturned,
		task.EventClosed, task.EventExtensionRequested, task.EventExtensionApproved,
		task.EventExtensionRejected, task.EventReassigned, task.EventCancelled, task.EventEscalated,
		task.EventReviewOverdue, task.EventRescheduled, task.EventNotificationFailed, task.EventUrged,
	} {
		used["event."+e] = true
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in use; the template scan is broken", len(used))
	}
	for key := range used {
		if _, ok := messages[key]; !ok {
			t.Errorf("label %q is used but not in the message table", key)
		}
	}
}

func TestUnknownPathsAnswerInKind(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	rec := b.get("/no/such/page")
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "页面不存在") {
		t.Fatalf("unknown page: %d\n%s", rec.Code, rec.Body)
	}
	rec = b.get("/api/v1/no-such-route")
	if rec.Code != http.StatusNotFound || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("unknown API route: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
