package dashboard

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/files"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/web/api"
)

// newFileFixture is the fixture with evidence files kept in a directory, and
// chen, who is involved in no task.
func newFileFixture(t *testing.T) *fixture {
	f := newFixture(t)
	dir, err := files.OpenDir(t.TempDir(), f.db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := f.db.CreatePerson(ctx, store.Person{ID: "chen", Name: "陈", Roles: []string{store.RoleMember}, CreatedAt: testNow}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddToken(ctx, "chen", auth.HashToken(chenToken), testNow); err != nil {
		t.Fatal(err)
	}
	r := gin.New()
	New(Options{Store: f.db, Tasks: f.tasks, Logger: slog.New(slog.NewTextHandler(testLog{t}, nil)), Now: func() time.Time { return testNow },
		APINotFound: api.NotFound, Files: files.NewService(dir, f.db, 1<<20)}).Mount(r)
	f.handler = r
	return f
}

const chenToken = "co_chen-token"

// signInWith goes through the sign-in form with a token (signIn knows only
// the fixture's people).
func (b *browser) signInWith(token string) {
	b.t.Helper()
	m := csrfInput.FindStringSubmatch(b.get("/signin").Body.String())
	if rec := b.post("/signin", url.Values{"csrf": {m[1]}, "token": {token}, "next": {"/"}}); rec.Code != http.StatusSeeOther {
		b.t.Fatalf("sign in: %d", rec.Code)
	}
}

// upload posts the task page's upload form: the CSRF field first, then the file.
func (b *browser) upload(path, csrf, name string, content []byte) *httptest.ResponseRecorder {
	b.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if csrf != "" {
		if err := w.WriteField("csrf", csrf); err != nil {
			b.t.Fatal(err)
		}
	}
	fw, err := w.CreateFormFile("file", name)
	if err == nil {
		_, err = fw.Write(content)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		b.t.Fatal(err)
	}
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	return rec
}

var fileLink = regexp.MustCompile(`<li class="file" data-file="([A-Z2-7]+)"[^>]*><a href="/files/([A-Z2-7]+)" download>([^<]+)</a>`)

// The task page uploads (with the CSRF token, by those who may), lists the
// files, downloads them to the people involved and no one else, attaches
// them to a submission with their metadata, and shows them in the history.
func TestTaskPageFiles(t *testing.T) {
	f := newFileFixture(t)
	li := f.browser(t)
	li.signIn("li")
	page := li.get("/tasks/c1/T3").Body.String()
	mustContain(t, page, `id="upload-form"`, `enctype="multipart/form-data"`, `id="no-files"`, "每个文件不超过 1 MiB")
	csrf := li.csrf("/tasks/c1/T3")

	pdf := []byte("%PDF-1.7\n现场照片")
	if rec := li.upload("/tasks/c1/T3/files", "", "现场照片.pdf", pdf); rec.Code != http.StatusForbidden {
		t.Fatalf("an upload without the CSRF token: %d", rec.Code)
	}
	rec := li.upload("/tasks/c1/T3/files", csrf, "现场照片.pdf", pdf)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/tasks/c1/T3?done=upload#files" {
		t.Fatalf("upload: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	page = li.get("/tasks/c1/T3?done=upload").Body.String()
	m := fileLink.FindStringSubmatch(page)
	if m == nil || m[1] != m[2] || m[3] != "现场照片.pdf" {
		t.Fatalf("the page lists no file:\n%s", page)
	}
	id := m[1]
	mustContain(t, page, "文件已上传。", `name="evidence_file" value="`+id+`"`)

	if rec := li.upload("/tasks/c1/T3/files", csrf, "tool", []byte("\x7fELF\x02\x01\x01\x00")); rec.Code != http.StatusUnsupportedMediaType {
		t.Fatalf("an executable: %d", rec.Code)
	} else {
		mustContain(t, rec.Body.String(), "该文件未被接收", "ELF")
	}
	if rec := li.upload("/tasks/c1/T3/files", csrf, "big.pdf", append([]byte("%PDF-"), make([]byte, 1<<20)...)); rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("over the limit: %d", rec.Code)
	}

	// Downloads: the owner and the campaign owner; not chen.
	rec = li.get("/files/" + id)
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), pdf) || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment;") ||
		rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %v", rec.Code, rec.Header())
	}
	wang := f.browser(t)
	wang.signIn("wang")
	if rec := wang.get("/files/" + id); rec.Code != 200 {
		t.Fatalf("the campaign owner downloads: %d", rec.Code)
	}
	if strings.Contains(wang.get("/tasks/c1/T3").Body.String(), `id="upload-form"`) {
		t.Fatal("the campaign owner is offered the upload form")
	}
	if rec := wang.upload("/tasks/c1/T3/files", wang.csrf("/tasks/c1/T3"), "a.pdf", pdf); rec.Code != http.StatusForbidden {
		t.Fatalf("the campaign owner uploads: %d", rec.Code)
	}
	chen := f.browser(t)
	chen.signInWith(chenToken)
	if rec := chen.get("/files/" + id); rec.Code != http.StatusForbidden {
		t.Fatalf("someone not involved downloads: %d", rec.Code)
	}
	if body := chen.get("/tasks/c1/T3").Body.String(); strings.Contains(body, id) {
		t.Fatal("someone not involved sees the task's files")
	}

	// The submit form attaches the file with its metadata, never its bytes.
	rec = li.post("/tasks/c1/T3/submit", url.Values{"csrf": {csrf}, "note": {"done"}, "evidence_file": {id}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", rec.Code, rec.Body)
	}
	acts := f.tasks.actions()
	sub := acts[len(acts)-1].Request.(*task.SubmitRequest)
	sum := sha256.Sum256(pdf)
	want := task.Evidence{Title: "现场照片.pdf", File: id, Name: "现场照片.pdf", Size: int64(len(pdf)),
		SHA256: hex.EncodeToString(sum[:]), ContentType: "application/pdf"}
	if len(sub.Evidence) != 1 || sub.Evidence[0] != want {
		t.Fatalf("submitted evidence %+v, want %+v", sub.Evidence, want)
	}
	if rec := li.post("/tasks/c1/T3/submit", url.Values{"csrf": {csrf}, "evidence_file": {"NOSUCHFILE"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown file: %d", rec.Code)
	}

	// The history lists the submission's files.
	t3, err := f.db.GetTask(context.Background(), "c1", "T3")
	if err != nil {
		t.Fatal(err)
	}
	t3.Version++
	t3.Seq = 2
	if err := f.db.ProjectTask(context.Background(), task.ProjectionWrite{Task: t3, Events: []task.Event{
		{Seq: 2, At: testNow, Actor: "li", Type: task.EventSubmitted, Data: map[string]any{"note": "done", "evidence": []task.Evidence{want}}},
	}}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, li.get("/tasks/c1/T3").Body.String(),
		`<li class="file" data-file="`+id+`" data-sha256="`+want.SHA256+`"><a href="/files/`+id+`" download>现场照片.pdf</a>`,
		want.SHA256[:12])
}
