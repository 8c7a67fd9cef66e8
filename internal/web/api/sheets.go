package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/sheets"
	"github.com/closeout/closeout/internal/formats/sheet"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// Supervision sheets (督办单, SPEC section 18; docs/sheets.md): issued by
// hand on a task, listed per campaign, read as JSON or a PDF. The print
// page is the dashboard's /sheets/{id}.

// sheetStore keeps the sheets (internal/platform/store/sheets.go).
type sheetStore interface {
	IssueSheet(ctx context.Context, n store.NewSheet) (store.Sheet, error)
	GetSheet(ctx context.Context, id string) (store.Sheet, error)
	CampaignSheets(ctx context.Context, campaign string) ([]store.Sheet, error)
}

// sheetKindManual is the kind of a sheet issued by hand; the moments a plan
// names (flagged, dispatched, yellow, red) are the kinds of those the
// workflows will issue.
const sheetKindManual = "manual"

func (s *Server) sheetRoutes(v1 *gin.RouterGroup) {
	v1.POST("/campaigns/:campaign/tasks/:task/sheets", s.issueSheet)
	v1.GET("/campaigns/:campaign/sheets", s.listSheets)
	v1.GET("/sheets/:sheet", s.getSheet)
}

// issuer is the use case over this server's store and calendars.
func (s *Server) issuer() *sheets.Issuer {
	is := &sheets.Issuer{Store: s.store, Now: s.now}
	if s.planner != nil {
		is.Calendars = s.planner.Calendars()
	}
	return is
}

type issueSheetBody struct {
	Grade string `json:"grade"`
	Note  string `json:"note"`
}

// sheetAnswer is a sheet as the API shows it: its list columns and what it
// says.
type sheetAnswer struct {
	sheetItem
	Content sheet.Content `json:"content"`
}

type sheetItem struct {
	ID       string    `json:"id"`
	Number   string    `json:"number"`
	Seq      int64     `json:"seq"`
	Year     int       `json:"year"`
	Task     string    `json:"task"`
	Kind     string    `json:"kind"`
	Grade    string    `json:"grade"`
	IssuedAt time.Time `json:"issued_at"`
	IssuedBy string    `json:"issued_by"`
}

func itemOf(sh store.Sheet) sheetItem {
	return sheetItem{ID: sh.ID, Number: sh.Number, Seq: sh.Seq, Year: sh.Year, Task: sh.Task, Kind: sheetKindManual,
		Grade: sh.Grade, IssuedAt: sh.IssuedAt, IssuedBy: sh.IssuedBy}
}

// issueSheet issues a sheet on a task. A retry with the same
// Idempotency-Key is answered from the first answer (the idempotency
// middleware), so it takes no second number.
func (s *Server) issueSheet(c *gin.Context) {
	cp, err := s.campaign(c)
	if err != nil {
		c.Error(err)
		return
	}
	var body issueSheetBody
	if !bindJSON(c, &body) {
		return
	}
	sh, content, err := s.issuer().Issue(c.Request.Context(), sheets.Request{Campaign: cp, Task: c.Param("task"),
		Grade: body.Grade, Note: body.Note, By: caller(c)})
	switch {
	case errors.Is(err, store.ErrNotFound):
		c.Error(notFound("no task %s in campaign %s", c.Param("task"), cp.ID))
	case errors.Is(err, sheets.ErrMayNotIssue):
		c.Error(problemText(http.StatusForbidden, i18n.TextOf(err)))
	case errors.Is(err, sheets.ErrFinished):
		c.Error(problemText(http.StatusConflict, i18n.TextOf(err)))
	case errors.Is(err, sheets.ErrBadGrade):
		c.Error(problemText(http.StatusUnprocessableEntity, i18n.TextOf(err)).with(FieldError{Field: "grade", Message: i18n.TextOf(err)}))
	case errors.Is(err, sheets.ErrNoNote):
		c.Error(problemText(http.StatusUnprocessableEntity, i18n.TextOf(err)).with(FieldError{Field: "note", Message: i18n.TextOf(err)}))
	case err != nil:
		c.Error(err)
	default:
		c.Header("Location", "/api/v1/sheets/"+sh.ID)
		c.JSON(http.StatusCreated, sheetAnswer{sheetItem: itemOf(sh), Content: content})
	}
}

func (s *Server) listSheets(c *gin.Context) {
	cp, err := s.campaign(c)
	if err != nil {
		c.Error(err)
		return
	}
	list, err := s.store.CampaignSheets(c.Request.Context(), cp.ID)
	if err != nil {
		c.Error(err)
		return
	}
	items := make([]sheetItem, len(list))
	for i, sh := range list {
		items[i] = itemOf(sh)
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// getSheet answers one sheet: JSON (the default), its PDF (format=pdf), or
// a redirect to its print page (format=html).
func (s *Server) getSheet(c *gin.Context) {
	sh, err := s.store.GetSheet(c.Request.Context(), c.Param("sheet"))
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no supervision sheet %s", c.Param("sheet")))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	content, err := sheets.ContentOf(sh)
	if err != nil {
		c.Error(err)
		return
	}
	switch c.DefaultQuery("format", "json") {
	case "json":
		c.JSON(http.StatusOK, sheetAnswer{sheetItem: itemOf(sh), Content: content})
	case "html":
		c.Redirect(http.StatusSeeOther, "/sheets/"+sh.ID)
	case "pdf":
		s.sheetPDF(c, sh, content)
	default:
		c.Error(badRequest("format must be json, html or pdf").with(fieldError("format", "one of json, html, pdf")))
	}
}

func (s *Server) sheetPDF(c *gin.Context, sh store.Sheet, content sheet.Content) {
	out, err := sheet.PDF(content, langOf(c), s.pdfFonts)
	if errors.Is(err, sheet.ErrNoFont) {
		s.log.Error("sheet PDF", "error", err)
		c.Error(problem(http.StatusServiceUnavailable, "the PDF cannot be made: its fonts are not installed on the server (CLOSEOUT_PDF_FONT, %s, and CLOSEOUT_PDF_LATIN_FONT, %s); the print page /sheets/%s prints the same sheet",
			s.pdfFonts.CJK, s.pdfFonts.Latin, sh.ID))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="sheet-`+sh.ID+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", out)
}
