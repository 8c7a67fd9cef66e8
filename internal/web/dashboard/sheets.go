package dashboard

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/app/sheets"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/sheet"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// Supervision sheets (督办单, docs/sheets.md) in the browser: the task page's
// form issues one (for those sheets.MayIssue lets), and /sheets/{id} is its
// A4 print page. Both need a store that keeps sheets; without one neither
// is served nor offered.

// sheetStore is what issuing and reading sheets take from the store.
type sheetStore interface {
	sheets.Store
	GetSheet(ctx context.Context, id string) (store.Sheet, error)
	TaskSheets(ctx context.Context, campaign, task string) ([]store.Sheet, error)
}

func (d *Dashboard) sheetRoutes(in *gin.RouterGroup) {
	if d.sheets == nil {
		return
	}
	in.GET("/sheets/:sheet", d.sheetPage)
	in.POST("/campaigns/:campaign/tasks/:task/sheets", d.issueSheet)
}

// newIssuer is the use case over st and st as a sheet store, or nils when
// st keeps no sheets.
func newIssuer(st Store, cals *planning.Calendars, now func() time.Time) (*sheets.Issuer, sheetStore) {
	ss, ok := st.(sheetStore)
	if !ok {
		return nil, nil
	}
	return &sheets.Issuer{Store: ss, Calendars: cals, Now: now}, ss
}

// sheetSection is the task page's part on sheets: those issued on the task,
// and the form to issue one.
type sheetSection struct {
	Show   bool
	Grades []string
	Issued []store.Sheet
}

// sheetSectionFor lists t's sheets and offers the form to those who may
// issue one on it.
func (d *Dashboard) sheetSectionFor(ctx context.Context, p store.Person, c store.Campaign, t task.View) (sheetSection, error) {
	if d.sheets == nil {
		return sheetSection{}, nil
	}
	issued, err := d.sheetStore.TaskSheets(ctx, t.Campaign, t.ID)
	return sheetSection{Show: !t.Status.Terminal() && sheets.MayIssue(p, c, t), Grades: sheet.Grades, Issued: issued}, err
}

func (d *Dashboard) issueSheet(c *gin.Context) {
	ctx := c.Request.Context()
	camp, err := d.store.GetCampaign(ctx, c.Param("campaign"))
	if errors.Is(err, store.ErrNotFound) {
		d.errorPage(c, http.StatusNotFound, "error.notask")
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	sh, _, err := d.sheets.Issue(ctx, sheets.Request{Campaign: camp, Task: c.Param("task"),
		Grade: c.PostForm("grade"), Note: c.PostForm("note"), By: me(c)})
	switch {
	case errors.Is(err, store.ErrNotFound):
		d.errorPage(c, http.StatusNotFound, "error.notask")
	case errors.Is(err, sheets.ErrMayNotIssue):
		d.renderTask(c, http.StatusForbidden, "", i18n.TextOf(err).In(i18n.Lang(langOf(c))))
	case errors.Is(err, sheets.ErrFinished):
		d.renderTask(c, http.StatusConflict, "", i18n.TextOf(err).In(i18n.Lang(langOf(c))))
	case errors.Is(err, sheets.ErrBadGrade), errors.Is(err, sheets.ErrNoNote):
		d.renderTask(c, http.StatusUnprocessableEntity, "", i18n.TextOf(err).In(i18n.Lang(langOf(c))))
	case err != nil:
		d.fail(c, err)
	default:
		// Post, redirect, get: a reload shows the sheet and issues no other.
		c.Redirect(http.StatusSeeOther, "/sheets/"+url.PathEscape(sh.ID))
	}
}

type sheetPageData struct {
	page
	Sheet   sheet.Content
	ID      string
	Heading string
	Rows    []sheetRow
}

type sheetRow struct{ Label, Value string }

// sheetPage is the sheet as it prints on A4 (assets/sheet.css).
func (d *Dashboard) sheetPage(c *gin.Context) {
	sh, err := d.sheetStore.GetSheet(c.Request.Context(), c.Param("sheet"))
	if errors.Is(err, store.ErrNotFound) {
		d.errorPage(c, http.StatusNotFound, "sheet.notfound")
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	content, err := sheets.ContentOf(sh)
	if err != nil {
		d.fail(c, err)
		return
	}
	p := sheetPageData{page: d.basePage(c, "sheet.title"), Sheet: content, ID: sh.ID}
	l := i18n.Lang(p.L)
	p.Heading = sheet.Title(content.Grade).In(l)
	p.Title = content.Number + " " + p.Heading
	for _, r := range sheet.Rows(content) {
		p.Rows = append(p.Rows, sheetRow{Label: r.Label.In(l), Value: r.Value.In(l)})
	}
	d.render(c, http.StatusOK, "sheet", p)
}
