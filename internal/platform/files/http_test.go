package files

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/closeout/closeout/internal/platform/store"
)

// A download is an attachment with the sniffed type, nosniff, the length,
// the sha256 as ETag; it answers ranges and a matching If-None-Match.
func TestServe(t *testing.T) {
	content := []byte("%PDF-1.7\nhello")
	f := store.File{ID: "F1", Name: "现场.pdf", Size: int64(len(content)), ContentType: "application/pdf",
		SHA256: strings.Repeat("ab", 32), UploadedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	get := func(headers ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/api/v1/files/F1", nil)
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Set(headers[i], headers[i+1])
		}
		w := httptest.NewRecorder()
		Serve(w, r, f, bytes.NewReader(content))
		return w
	}
	w := get()
	h := w.Header()
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), content) {
		t.Fatalf("%d %q", w.Code, w.Body.Bytes())
	}
	for name, want := range map[string]string{
		"Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff", "Content-Length": "14",
		"ETag": `"` + f.SHA256 + `"`, "Content-Disposition": ContentDisposition(f.Name),
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if w := get("Range", "bytes=9-13"); w.Code != http.StatusPartialContent || w.Body.String() != "hello" {
		t.Errorf("range: %d %q", w.Code, w.Body.String())
	}
	if w := get("If-None-Match", `"`+f.SHA256+`"`); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", w.Code)
	}
}

// FilePart streams up to the file part, keeping the small fields before it;
// it refuses a body too large by its length, a form without a file, and a
// body that is not multipart.
func TestFilePart(t *testing.T) {
	form := func(fields ...string) (*bytes.Buffer, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for i := 0; i+1 < len(fields); i += 2 {
			if fields[i] == "file" {
				fw, err := w.CreateFormFile("file", "现场 照片.pdf")
				if err == nil {
					_, err = io.WriteString(fw, fields[i+1])
				}
				if err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := w.WriteField(fields[i], fields[i+1]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return &buf, w.FormDataContentType()
	}
	post := func(body io.Reader, ct string) *http.Request {
		r := httptest.NewRequest("POST", "/", body)
		r.Header.Set("Content-Type", ct)
		return r
	}
	body, ct := form("csrf", "token", "file", "%PDF-1.7", "after", "x")
	part, fields, err := FilePart(httptest.NewRecorder(), post(body, ct), "file", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(part)
	if string(got) != "%PDF-1.7" || part.FileName() != "现场 照片.pdf" || fields.Get("csrf") != "token" || fields.Has("after") {
		t.Fatalf("part %q named %q, fields %v", got, part.FileName(), fields)
	}

	body, ct = form("file", strings.Repeat("x", 2<<20))
	r := post(body, ct)
	if _, _, err := FilePart(httptest.NewRecorder(), r, "file", 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("a body over the limit by its length: %v", err)
	}
	body, ct = form("note", "no file here")
	if _, _, err := FilePart(httptest.NewRecorder(), post(body, ct), "file", 1<<20); !errors.Is(err, ErrNoFile) {
		t.Fatalf("no file part: %v", err)
	}
	if _, _, err := FilePart(httptest.NewRecorder(), post(strings.NewReader("{}"), "application/json"), "file", 1<<20); !errors.Is(err, ErrNotMultipart) {
		t.Fatalf("JSON: %v", err)
	}
}

// Who may upload and read: units count for their members; a child's files
// are read by the parent's people; outsiders read nothing, admins all.
func TestAccess(t *testing.T) {
	parent := task.View{Owner: "li", Supervisor: "zhao", CampaignOwner: "boss", Approvers: []string{"wang"}}
	child := task.View{Owner: "unit:hn-a", Assist: []string{"unit:hn-b"}, Approvers: []string{"zhou"},
		Supervisor: "qian", Leader: "unit:gov", CampaignOwner: "boss", Parent: "T1"}
	member := func(id string, units ...string) task.Actor { return task.Actor{ID: id, Units: units} }
	for _, tt := range []struct {
		who          task.Actor
		upload, read bool
	}{
		{member("a1", "hn-a"), true, true},
		{member("b1", "hn-b"), true, true},
		{member("zhou"), true, true},
		{member("qian"), false, true},
		{member("g1", "gov"), false, true},
		{member("boss"), false, true},
		{member("li"), false, true},   // the parent's owner
		{member("wang"), false, true}, // the parent's approver
		{member("c1", "hn-c"), false, false},
		{member("chen"), false, false},
		{task.Actor{ID: "root", Admin: true}, false, true},
	} {
		if got := MayUpload(child, tt.who); got != tt.upload {
			t.Errorf("%s may upload: %v, want %v", tt.who.ID, got, tt.upload)
		}
		if got := MayRead(child, &parent, tt.who); got != tt.read {
			t.Errorf("%s may read: %v, want %v", tt.who.ID, got, tt.read)
		}
	}
	if MayRead(child, nil, member("li")) {
		t.Error("without the parent, its owner is not involved in the child")
	}
}
