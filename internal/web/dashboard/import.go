package dashboard

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/importing"
	"github.com/closeout/closeout/internal/domain/plan"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// A new campaign or a re-import in the browser (SPEC section 17): upload a
// workbook, YAML or JSON plan, read its dry run (import_preview.go),
// confirm, follow the import's progress (import_progress.go) and land on
// the board. The rules are the API's: Imports is the same use case with
// the same gate, so the page only reads the form and words the answer.

// Imports is the import use case as the API admits it; api.Server's
// Imports is the real one.
type Imports interface {
	// Plan decodes a body of contentType and checks, admits and
	// schedules it as me: a dry run, nothing written.
	Plan(ctx context.Context, me store.Person, contentType string, body []byte) (importing.Document, importing.Planned, error)
	// Changes is what the plan changes in its stored campaign; nil for a
	// new one.
	Changes(ctx context.Context, p *plan.Plan) (*importing.Changes, error)
	// Begin stores the campaign and starts its import, not waiting.
	Begin(ctx context.Context, pl importing.Planned) (importing.Imported, error)
	// Progress is how far a campaign's import has got.
	Progress(ctx context.Context, campaign string) (workflows.ImportProgress, error)
}

// maxImportUpload bounds the upload form's body: the 8 MiB a plan or
// workbook may be (as the API's), and room for the form around it.
const maxImportUpload = 8<<20 + 64<<10

// mayImport: the API's rule for POST /api/v1/campaigns, a manager or an
// admin; a re-import is the same request, so the same people.
func mayImport(p store.Person) bool { return p.Has(store.RoleAdmin) || p.Has(store.RoleManager) }

func (d *Dashboard) importRoutes(g, in *gin.RouterGroup) {
	if d.imports == nil {
		return
	}
	in.GET("/import", d.importer, d.importForm)
	// The upload is read under its size limit before its CSRF field is
	// checked (previewImport does both), not by checkCSRF, which would
	// parse a body of any size first.
	g.POST("/import", d.requireSession, d.importer, d.previewImport)
	in.POST("/import/confirm", d.importer, d.confirmImport)
	in.GET("/campaigns/:campaign/importing", d.importer, d.importingPage)
	in.GET("/campaigns/:campaign/importing.json", d.importer, d.importProgress)
}

// importer lets only those who may import through.
func (d *Dashboard) importer(c *gin.Context) {
	if !mayImport(me(c)) {
		d.errorPage(c, http.StatusForbidden, "import.forbidden")
	}
}

// importPage is the upload form, and once a file is read its dry run or
// what is wrong with it.
type importPage struct {
	page
	// Campaign is the campaign a re-import was started from (its board's
	// link); the plan's own id decides what is imported.
	Campaign string
	FileName string
	// Refusal: why the file cannot be imported, each error at its cell
	// or field, and how many more there are.
	Refusal *importRefusal
	Preview *importPreview
	// Names names the owners the preview lists.
	Names nameBook
	// Upload is the id the confirm form sends (import_uploads.go).
	Upload string
}

func (d *Dashboard) newImportPage(c *gin.Context, campaign string) importPage {
	title := "import.title"
	if campaign != "" {
		title = "import.reimport"
	}
	return importPage{page: d.basePage(c, title), Campaign: campaign}
}

// importForm serves GET /import: the upload form, ?campaign= for a
// re-import from that board.
func (d *Dashboard) importForm(c *gin.Context) {
	d.render(c, http.StatusOK, "import", d.newImportPage(c, c.Query("campaign")))
}

// previewImport takes the upload form and shows the file's dry run.
func (d *Dashboard) previewImport(c *gin.Context) {
	p := d.newImportPage(c, "") // the form is read below, under its limit
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImportUpload)
	err := c.Request.ParseMultipartForm(maxImportUpload)
	if c.Request.MultipartForm != nil {
		defer func() { _ = c.Request.MultipartForm.RemoveAll() }()
	}
	if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
		d.refuseImport(c, http.StatusRequestEntityTooLarge, p, "import.err.toolarge")
		return
	}
	if err != nil || !validCSRF(c.GetString(sessionKey), csrfSession, c.Request.PostFormValue(csrfField)) {
		d.errorPage(c, http.StatusForbidden, "error.csrf")
		return
	}
	if campaign := c.Request.PostFormValue("campaign"); campaign != "" {
		p = d.newImportPage(c, campaign)
	}
	file, header, err := c.Request.FormFile("file")
	if err != nil {
		d.refuseImport(c, http.StatusBadRequest, p, "import.err.nofile")
		return
	}
	defer func() { _ = file.Close() }() // read whole below; a close error changes nothing
	body, err := io.ReadAll(file)
	if err != nil || len(body) == 0 {
		d.refuseImport(c, http.StatusBadRequest, p, "import.err.nofile")
		return
	}
	up := pendingUpload{person: me(c).ID, name: filepath.Base(header.Filename), contentType: uploadContentType(header.Filename), body: body}
	p.FileName = up.name
	if !d.dryRun(c, &p, up) {
		return
	}
	p.Upload = d.uploads.keep(up, d.now())
	d.render(c, http.StatusOK, "import", p)
}

// confirmImport imports the previewed file and follows its progress.
func (d *Dashboard) confirmImport(c *gin.Context) {
	ctx := c.Request.Context()
	p := d.newImportPage(c, c.PostForm("campaign"))
	id := c.PostForm("upload")
	up, ok := d.uploads.find(id, me(c).ID, d.now())
	if !ok {
		d.refuseImport(c, http.StatusGone, p, "import.err.expired")
		return
	}
	p.FileName = up.name
	// Checked again: people, units and calendars may have changed since
	// the preview, and what is imported is what is checked now.
	doc, planned, err := d.imports.Plan(ctx, me(c), up.contentType, up.body)
	if err == nil {
		var imported importing.Imported
		imported, err = d.imports.Begin(ctx, planned)
		if err == nil {
			d.uploads.forget(id)
			c.Redirect(http.StatusSeeOther, importingPath(imported.Campaign.ID))
			return
		}
	}
	if d.wordImportError(c, &p, doc, err) {
		d.render(c, http.StatusUnprocessableEntity, "import", p)
	}
}

// dryRun fills the page with the upload's dry run, or with why it cannot
// be imported (answering the request itself, false, then).
func (d *Dashboard) dryRun(c *gin.Context, p *importPage, up pendingUpload) bool {
	ctx := c.Request.Context()
	doc, planned, err := d.imports.Plan(ctx, me(c), up.contentType, up.body)
	if err != nil {
		if d.wordImportError(c, p, doc, err) {
			d.render(c, http.StatusUnprocessableEntity, "import", *p)
		}
		return false
	}
	changes, err := d.imports.Changes(ctx, planned.Plan)
	if err != nil {
		d.fail(c, err)
		return false
	}
	p.Preview = newImportPreview(planned, changes, p.L)
	var owners []string
	for _, t := range planned.Plan.Tasks() {
		owners = append(owners, t.Owner)
	}
	if p.Names, err = d.lookupNames(ctx, owners); err != nil {
		d.fail(c, err)
		return false
	}
	return true
}

// refuseImport shows the form again with one reason the file was not read.
func (d *Dashboard) refuseImport(c *gin.Context, status int, p importPage, key string) {
	p.Refusal = &importRefusal{Detail: p.L.T(key)}
	d.render(c, status, "import", p)
}

// uploadContentType is the media type an uploaded file is read as, by its
// name (what a browser says of a .yaml file varies): a workbook, a JSON or
// YAML plan, or "" for anything else (refused as of no known type).
func uploadContentType(name string) string {
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return importing.WorkbookContentType
	}
	switch format, err := plan.FormatFromPath(name); {
	case err != nil:
		return ""
	case format == plan.JSON:
		return "application/json"
	default:
		return "application/yaml"
	}
}

func importingPath(campaign string) string {
	return "/campaigns/" + url.PathEscape(campaign) + "/importing"
}
