package integration

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// fileView is an uploaded file as the API answers it.
type fileView struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type"`
	UploadedBy  string `json:"uploaded_by"`
}

// upload posts one file as multipart/form-data, field "file".
func (d *dev) upload(token, campaign, task, name string, content []byte) response {
	d.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		d.t.Fatal(err)
	}
	if _, err := fw.Write(content); err != nil {
		d.t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		d.t.Fatal(err)
	}
	return d.call(token, "POST", taskPath(campaign, task, "files"), body.String(), "Content-Type", w.FormDataContentType())
}

// download fetches a file: the status, the headers and the body (read and
// closed here).
func (d *dev) download(token, id string) (int, http.Header, []byte) {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", d.base+"/api/v1/files/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// mustDownload checks a download is the very bytes uploaded, sent as an
// attachment under the original name.
func (d *dev) mustDownload(token string, f fileView, want []byte) {
	d.t.Helper()
	status, h, got := d.download(token, f.ID)
	if status != 200 {
		d.t.Fatalf("download %s: %d %s", f.ID, status, got)
	}
	sum := sha256.Sum256(got)
	if !bytes.Equal(got, want) || hex.EncodeToString(sum[:]) != f.SHA256 {
		d.t.Fatalf("download %s: %d bytes, sha256 %x; want the %d bytes uploaded, %s", f.ID, len(got), sum, len(want), f.SHA256)
	}
	if h.Get("ETag") != `"`+f.SHA256+`"` || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Type") != f.ContentType ||
		h.Get("Content-Length") != strconv.Itoa(len(want)) {
		d.t.Fatalf("download headers: %v", h)
	}
	disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != f.Name {
		d.t.Fatalf("Content-Disposition %q: %s %v %v", h.Get("Content-Disposition"), disp, params, err)
	}
}

func pdfBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	copy(b, "%PDF-1.7\n")
	return b
}

// Evidence files through HTTP, once per projection database: in dev mode on
// SQLite the files are in the data folder, with a PostgreSQL projection in
// PostgreSQL. An upload is downloaded byte for byte by the people involved
// and refused to others; executables (415) and files over
// CLOSEOUT_MAX_FILE_MB (413) are refused and leave nothing; evidence names a
// file by id and the events record its name, size and sha256; a restart
// keeps every file.
func TestFiles(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Setenv("CLOSEOUT_MAX_FILE_MB", "1")
			dataDir := t.TempDir()
			dbURL := ""
			if kind == storetest.Postgres {
				dbURL = storetest.URL(t, kind)
			}
			d := startDev(t, dataDir, dbURL)
			tok := d.team()
			d.must(201, tok["boss"], "POST", "/api/v1/campaigns", smallPlan("files", "T1", "T2"), nil)

			content := pdfBytes(300 << 10)
			name := "现场照片 第1批.pdf"
			var f fileView
			if r := d.upload(tok["li"], "files", "T1", name, content); r.Status != 201 {
				t.Fatalf("upload: %d %s", r.Status, r.Body)
			} else {
				r.json(t, &f)
			}
			sum := sha256.Sum256(content)
			if f.ID == "" || f.Name != name || f.Size != int64(len(content)) || f.SHA256 != hex.EncodeToString(sum[:]) ||
				f.ContentType != "application/pdf" || f.UploadedBy != "li" {
				t.Fatalf("uploaded %+v", f)
			}
			// The same bytes again, under another name: the file kept before
			// (200, its id and name), not a second copy.
			var again fileView
			if r := d.upload(tok["li"], "files", "T1", "again.pdf", content); r.Status != 200 {
				t.Fatalf("the same bytes again: %d %s, want 200", r.Status, r.Body)
			} else if r.json(t, &again); again.ID != f.ID || again.Name != name {
				t.Fatalf("the same bytes again answered %+v, want the first file %s", again, f.ID)
			}
			// The owner, an approver and the campaign owner read it; chen, in
			// no role of the task, neither reads, lists nor uploads.
			for _, who := range []string{"li", "zhao", "boss"} {
				d.mustDownload(tok[who], f, content)
			}
			if status, _, _ := d.download(tok["chen"], f.ID); status != 403 {
				t.Fatalf("someone not involved downloads: %d", status)
			}
			expectProblem(t, d.call(tok["chen"], "GET", taskPath("files", "T1", "files"), nil), 403, "")
			expectProblem(t, d.upload(tok["chen"], "files", "T1", "a.pdf", content), 403, "")
			var listed struct {
				Items []fileView `json:"items"`
			}
			d.must(200, tok["zhao"], "GET", taskPath("files", "T1", "files"), nil, &listed)
			if len(listed.Items) != 1 || listed.Items[0].ID != f.ID {
				t.Fatalf("files of T1: %+v", listed.Items)
			}
			if status, _, _ := d.download(tok["li"], "NOSUCHFILE"); status != 404 {
				t.Fatalf("an unknown file: %d", status)
			}

			// Refused uploads leave no file behind.
			expectProblem(t, d.upload(tok["li"], "files", "T1", "tool", []byte("\x7fELF\x02\x01\x01\x00\x00\x00")), 415, "file")
			expectProblem(t, d.upload(tok["li"], "files", "T1", "setup.exe", append([]byte("MZ\x90\x00"), content[:512]...)), 415, "file")
			expectProblem(t, d.upload(tok["li"], "files", "T1", "deploy", []byte("#!/bin/sh\necho hi\n")), 415, "file")
			expectProblem(t, d.upload(tok["li"], "files", "T1", "big.pdf", pdfBytes(1<<20+1)), 413, "file")
			expectProblem(t, d.upload(tok["li"], "files", "T1", "huge.pdf", pdfBytes(3<<20)), 413, "")
			d.must(200, tok["li"], "GET", taskPath("files", "T1", "files"), nil, &listed)
			if len(listed.Items) != 1 {
				t.Fatalf("refused uploads left files: %+v", listed.Items)
			}

			// Evidence: a file of the task, by id; another task's file or an
			// unknown id is refused, naming the item.
			var other fileView
			if r := d.upload(tok["li"], "files", "T2", "other.txt", []byte("T2 的材料\n")); r.Status != 201 {
				t.Fatalf("upload to T2: %d %s", r.Status, r.Body)
			} else {
				r.json(t, &other)
			}
			if other.ContentType != "text/plain; charset=utf-8" {
				t.Fatalf("a text file: %+v", other)
			}
			expectProblem(t, d.call(tok["li"], "POST", taskPath("files", "T1", "submit"),
				map[string]any{"evidence": []map[string]any{{"title": "x", "file": other.ID}}}), 422, "evidence[0].file")
			expectProblem(t, d.call(tok["li"], "POST", taskPath("files", "T1", "submit"),
				map[string]any{"evidence": []map[string]any{{"title": "x", "file": "NOSUCHFILE"}}}), 422, "evidence[0].file")
			d.must(200, tok["li"], "POST", taskPath("files", "T1", "progress"),
				map[string]any{"percent": 50, "note": "half", "evidence": []map[string]any{{"title": "进度照片", "file": f.ID}}}, nil)
			d.must(200, tok["li"], "POST", taskPath("files", "T1", "submit"), map[string]any{"note": "done", "evidence": []map[string]any{
				{"title": "名单", "url": "https://example.org/list"},
				// What the client says of the file is ignored: the row decides.
				{"title": "现场照片", "file": f.ID, "size": 1, "sha256": "forged"},
			}}, nil)
			var log struct {
				Items []eventView `json:"items"`
			}
			d.must(200, tok["li"], "GET", taskPath("files", "T1", "events"), nil, &log)
			var progress, submitted map[string]any
			for _, e := range log.Items {
				switch e.Type {
				case "progress":
					progress = e.Data
				case "submitted":
					submitted = e.Data
				}
			}
			checkItem := func(what string, data map[string]any, i int, title string) {
				t.Helper()
				items, _ := data["evidence"].([]any)
				if len(items) <= i {
					t.Fatalf("%s event evidence: %v", what, data["evidence"])
				}
				item, _ := items[i].(map[string]any)
				want := map[string]any{"title": title, "file": f.ID, "name": name, "size": float64(f.Size), "sha256": f.SHA256, "content_type": "application/pdf"}
				if fmt.Sprint(item) != fmt.Sprint(want) {
					t.Fatalf("%s event evidence[%d] = %v, want %v", what, i, item, want)
				}
			}
			checkItem("progress", progress, 0, "进度照片")
			checkItem("submitted", submitted, 1, "现场照片")

			// After a restart the file is still there, in its store.
			d.stop()
			d = startDev(t, dataDir, dbURL)
			d.mustDownload(tok["wang"], f, content)
			blob := filepath.Join(dataDir, "files", f.ID)
			_, statErr := os.Stat(blob)
			if kind == storetest.SQLite {
				if statErr != nil {
					t.Fatalf("dev mode keeps files in the data folder: %v", statErr)
				}
				return
			}
			if statErr == nil {
				t.Fatal("with a PostgreSQL projection the file must be in the database, not the data folder")
			}
			db, err := store.Open(context.Background(), dbURL)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if start, data, err := db.FileChunkAt(context.Background(), f.ID, 0); err != nil || start != 0 || !bytes.Equal(data, content) {
				t.Fatalf("the file's bytes in PostgreSQL: start %d, %d bytes, %v", start, len(data), err)
			}
		})
	}
}
