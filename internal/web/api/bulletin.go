package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/formats/ledger"
	"github.com/closeout/closeout/internal/formats/pdfdoc"
	"github.com/closeout/closeout/internal/formats/report"
)

// bulletinFormats are the bulletin's documents.
var bulletinFormats = []string{"html", "md", "xlsx", "pdf"}

// campaignBulletin serves GET /campaigns/{id}/bulletin?from=&to=&format=:
// the campaign's 情况通报 for the days from to to (both or neither; the last
// full calendar month in its timezone by default), as an A4 page, Markdown,
// a workbook or a PDF.
func (s *Server) campaignBulletin(c *gin.Context) {
	format := c.DefaultQuery("format", "html")
	if !slices.Contains(bulletinFormats, format) {
		c.Error(badRequest("unknown bulletin format").with(fieldError("format", "must be html, md, xlsx or pdf")))
		return
	}
	ctx, now := c.Request.Context(), s.now()
	p, err := s.storedPlan(ctx, c.Param("campaign"))
	if !campaignFound(c, err) {
		return
	}
	loc := p.Location()
	from, to, ok := bulletinPeriod(c, now, loc)
	if !ok {
		return
	}
	scores, err := report.BuildScores(ctx, s.store, p, "", now)
	if err != nil {
		c.Error(err)
		return
	}
	in, err := s.bulletinInput(ctx, p.ID, report.BulletinEnd(to, loc, now), now)
	if err != nil {
		c.Error(err)
		return
	}
	in.Campaign, in.Title, in.Timezone, in.Scores = p.ID, p.Title, p.Timezone, scores
	b := report.BuildBulletin(in, loc, from, to)
	name := b.Campaign + "-bulletin-" + from.String() + "-" + to.String()
	switch format {
	case "html":
		// A page of typed text, escaped; should anything slip through, it
		// runs no script and loads nothing (its style is inline).
		c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
		writeDocument(c, "text/html; charset=utf-8", "", func(w io.Writer) error { return report.WriteBulletinHTML(w, b, loc) })
	case "md":
		writeDocument(c, "text/markdown; charset=utf-8", name+".md", func(w io.Writer) error { return report.WriteBulletinMarkdown(w, b, loc) })
	case "xlsx":
		writeDocument(c, ledgerContentType, name+".xlsx", func(w io.Writer) error {
			data, err := ledger.ExportBulletin(b, loc)
			if err != nil {
				return err
			}
			_, err = w.Write(data)
			return err
		})
	case "pdf":
		s.bulletinPDF(c, b, loc, name)
	}
}

// bulletinPDF answers the bulletin as a PDF in the request's language, or
// 503 when the fonts are not installed (the page prints the same).
func (s *Server) bulletinPDF(c *gin.Context, b report.Bulletin, loc *time.Location, name string) {
	out, err := report.WriteBulletinPDF(b, loc, langOf(c), s.pdfFonts)
	if errors.Is(err, pdfdoc.ErrNoFont) {
		s.log.Error("bulletin PDF", "error", err)
		c.Error(problem(http.StatusServiceUnavailable, "the PDF cannot be made: its fonts are not installed on the server (CLOSEOUT_PDF_FONT, %s, and CLOSEOUT_PDF_LATIN_FONT, %s); format=html prints the same bulletin",
			s.pdfFonts.CJK, s.pdfFonts.Latin))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", out)
}

// bulletinPeriod reads ?from= and ?to=; false after answering 422 naming
// the field that is wrong.
func bulletinPeriod(c *gin.Context, now time.Time, loc *time.Location) (from, to calendar.Date, ok bool) {
	fromText, toText := c.Query("from"), c.Query("to")
	if fromText == "" && toText == "" {
		from, to = report.DefaultPeriod(now, loc)
		return from, to, true
	}
	for _, f := range []struct {
		name, text string
		into       *calendar.Date
	}{{"from", fromText, &from}, {"to", toText, &to}} {
		d, err := calendar.ParseDate(f.text)
		if f.text == "" || err != nil {
			c.Error(unprocessable("invalid bulletin period").with(fieldError(f.name, "must be a date, YYYY-MM-DD (give from and to, or neither)")))
			return from, to, false
		}
		*f.into = d
	}
	if to.Before(from) {
		c.Error(unprocessable("invalid bulletin period").with(fieldError("to", "must not be before from")))
		return from, to, false
	}
	return from, to, true
}

// bulletinInput is the campaign's tasks and the logs of those the bulletin
// ending at end reads (report.NeedsEvents): a read per such task, from the
// store's event log, rather than a new campaign-wide query.
func (s *Server) bulletinInput(ctx context.Context, campaign string, end, now time.Time) (report.BulletinInput, error) {
	tasks, err := s.store.CampaignTasks(ctx, campaign)
	if err != nil {
		return report.BulletinInput{}, err
	}
	events := map[string][]task.Event{}
	for _, t := range tasks {
		if !report.NeedsEvents(t, end) {
			continue
		}
		if events[t.ID], err = s.store.TaskEvents(ctx, campaign, t.ID); err != nil {
			return report.BulletinInput{}, err
		}
	}
	return report.BulletinInput{Tasks: tasks, Events: events, Now: now}, nil
}
