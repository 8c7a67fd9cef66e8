package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/files"
	"github.com/closeout/closeout/internal/platform/store"
)

// Evidence files on the task page (SPEC section 12): the people who may
// upload get a form, the people involved see the task's files with download
// links, and the submit form attaches uploaded files as evidence. The rules
// are the API's (files.MayUpload, files.MayRead); bytes never reach a
// workflow, the submission carries only the files' metadata.

// fileSection is the task page's part about files.
type fileSection struct {
	// Enabled: this server keeps files at all.
	Enabled bool
	// Read: the person may see and download the task's files.
	Read bool
	// Upload: the person may upload files to the task now.
	Upload bool
	Files  []fileLine
	// MaxMB is the largest file taken, for the form's hint.
	MaxMB int64
	// Accept is the file picker's hint of what is taken (the server sniffs
	// the bytes whatever the picker let through).
	Accept string
}

// fileLine is one file as the page lists it.
type fileLine struct {
	ID, Name, Size, SHA256, UploadedBy string
	UploadedAt                         time.Time
}

const acceptHint = "application/pdf,image/*,video/mp4,text/plain,text/csv,.docx,.xlsx,.pptx,.odt,.ods,.odp"

// fileSectionFor loads the task's files for the signed-in person, as the
// rules see them (actorFor).
func (d *Dashboard) fileSectionFor(ctx context.Context, t task.View, actor task.Actor, names nameBook) (fileSection, error) {
	if d.files == nil {
		return fileSection{}, nil
	}
	s := fileSection{Enabled: true, MaxMB: d.files.Limit() >> 20, Accept: acceptHint}
	parent, err := d.parentOf(ctx, t)
	if err != nil {
		return s, err
	}
	s.Upload = !t.Status.Terminal() && files.MayUpload(t, actor)
	s.Read = files.MayRead(t, parent, actor)
	if !s.Read {
		return s, nil
	}
	list, err := d.files.List(ctx, t.Campaign, t.ID)
	if err != nil {
		return s, err
	}
	for _, f := range list {
		s.Files = append(s.Files, fileLine{ID: f.ID, Name: f.Name, Size: byteSize(f.Size), SHA256: f.SHA256,
			UploadedBy: names.Of(f.UploadedBy), UploadedAt: f.UploadedAt})
	}
	return s, nil
}

// parentOf is a dispatched child's parent task (whose people read the
// child's files), nil for other tasks.
func (d *Dashboard) parentOf(ctx context.Context, t task.View) (*task.View, error) {
	if t.Parent == "" {
		return nil, nil
	}
	parent, err := d.store.GetTask(ctx, t.Campaign, t.Parent)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return &parent, err
}

// uploadFile takes the task page's upload form. It reads the multipart body
// as a stream, so it checks the CSRF token itself, from the field the form
// puts before the file, instead of in checkCSRF (which would read the whole
// body into memory or temporary files first).
func (d *Dashboard) uploadFile(c *gin.Context) {
	ctx := c.Request.Context()
	t, ok := d.pathTask(c)
	if !ok {
		return
	}
	person := me(c)
	actor, err := d.actorFor(ctx, person)
	if err != nil {
		d.fail(c, err)
		return
	}
	l := langOf(c)
	part, fields, err := files.FilePart(c.Writer, c.Request, "file", d.files.Limit())
	if err == nil && !validCSRF(c.GetString(sessionKey), csrfSession, fields.Get(csrfField)) {
		d.errorPage(c, http.StatusForbidden, "error.csrf")
		return
	}
	switch {
	case !files.MayUpload(t, actor):
		d.renderTask(c, http.StatusForbidden, "", l.T("refused.forbidden")+" "+l.T("file.mayupload"))
		return
	case t.Status.Terminal():
		d.renderTask(c, http.StatusConflict, "", l.T("refused.finished"))
		return
	case err != nil:
		d.fileRefused(c, err)
		return
	}
	if _, err := d.files.Upload(ctx, files.Upload{Campaign: t.Campaign, Task: t.ID, By: actor.ID, Name: part.FileName()}, part); err != nil {
		d.fileRefused(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/tasks/"+url.PathEscape(t.Campaign)+"/"+url.PathEscape(t.ID)+"?done=upload#files")
}

// fileRefused shows why an upload was not taken, on the task page.
func (d *Dashboard) fileRefused(c *gin.Context, err error) {
	l := langOf(c)
	var refusal *files.Refusal
	switch {
	case errors.As(err, &refusal):
		d.renderTask(c, http.StatusUnsupportedMediaType, "", l.T("file.refused")+" "+refusal.Reason)
	case errors.Is(err, files.ErrTooLarge):
		d.renderTask(c, http.StatusRequestEntityTooLarge, "", fmt.Sprintf(l.T("file.toolarge"), d.files.Limit()>>20))
	case errors.Is(err, files.ErrTaskFull):
		d.renderTask(c, http.StatusRequestEntityTooLarge, "", fmt.Sprintf(l.T("file.taskfull"), d.files.TaskQuota()>>20))
	case errors.Is(err, files.ErrEmpty), errors.Is(err, files.ErrNoFile):
		d.renderTask(c, http.StatusUnprocessableEntity, "", l.T("file.none"))
	case errors.Is(err, files.ErrNotMultipart), errors.Is(err, files.ErrIncomplete):
		d.renderTask(c, http.StatusBadRequest, "", l.T("file.incomplete"))
	default:
		d.refused(c, err)
	}
}

// downloadFile serves a file to the people involved in its task, as the
// API's GET /api/v1/files/{id} does, for a browser signed in with a cookie.
func (d *Dashboard) downloadFile(c *gin.Context) {
	ctx := c.Request.Context()
	f, err := d.files.Get(ctx, c.Param("file"))
	if errors.Is(err, store.ErrNotFound) {
		d.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	t, err := d.store.GetTask(ctx, f.Campaign, f.Task)
	if err != nil {
		d.fail(c, err)
		return
	}
	actor, err := d.actorFor(ctx, me(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	parent, err := d.parentOf(ctx, t)
	if err != nil {
		d.fail(c, err)
		return
	}
	if !files.MayRead(t, parent, actor) {
		d.errorPage(c, http.StatusForbidden, "file.mayread")
		return
	}
	content, err := d.files.Open(ctx, f)
	if err != nil {
		d.fail(c, err)
		return
	}
	defer content.Close()
	files.Serve(c.Writer, c.Request, f, content)
	c.Abort()
}

// attachedFiles are the uploaded files the submit form ticked, as evidence
// items; resolveEvidence fills in their metadata.
func attachedFiles(c *gin.Context) []task.Evidence {
	var out []task.Evidence
	for _, id := range c.PostFormArray("evidence_file") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, task.Evidence{File: id})
		}
	}
	return out
}

// resolveEvidence gives the file items of a submit or progress form their
// files' metadata, as the API does, before the action goes out.
func (d *Dashboard) resolveEvidence(ctx context.Context, t task.View, req task.Request) error {
	carrier, ok := req.(task.EvidenceCarrier)
	if !ok {
		return nil
	}
	items := carrier.EvidenceItems()
	hasFile := false
	for _, ev := range items {
		hasFile = hasFile || ev.File != ""
	}
	if !hasFile {
		return nil
	}
	if d.files == nil {
		return formError("file.disabled")
	}
	return d.files.Resolve(ctx, t.Campaign, t.ID, items)
}

// evidenceFile is a file item of an event's evidence, as the history shows
// it: Short is the start of the sha256, enough to compare by eye.
type evidenceFile struct {
	ID, Title, Name, Size, SHA256, Short string
}

// evidenceFileOf reads a file item of an event's evidence (a JSON object
// once the event went through Temporal or the database); ok is false for a
// link.
func evidenceFileOf(title string, m map[string]any) (evidenceFile, bool) {
	id, _ := m["file"].(string)
	if id == "" {
		return evidenceFile{}, false
	}
	name, _ := m["name"].(string)
	size, _ := m["size"].(float64)
	sum, _ := m["sha256"].(string)
	return evidenceFile{ID: id, Title: title, Name: name, Size: byteSize(int64(size)), SHA256: sum, Short: sum[:min(12, len(sum))]}, true
}

// byteSize words a size the way file managers do (binary units).
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
