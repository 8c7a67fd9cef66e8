package api

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/formats/report"
	"github.com/closeout/closeout/internal/platform/store"
)

// campaignReport serves a campaign's progress report as JSON, Markdown or CSV,
// or as the live Excel ledger (xlsx, internal/web/api/ledger.go); all carry the same
// figures.
func (s *Server) campaignReport(c *gin.Context) {
	if c.Query("format") == "xlsx" {
		s.ledgerReport(c)
		return
	}
	format, ok := reportFormat(c)
	if !ok {
		return
	}
	r, err := report.Build(c.Request.Context(), s.store, c.Param("campaign"), s.now())
	if !campaignFound(c, err) {
		return
	}
	switch format {
	case "json":
		c.JSON(http.StatusOK, r)
	case "md":
		writeDocument(c, "text/markdown; charset=utf-8", "", func(w io.Writer) error { return report.WriteMarkdown(w, r) })
	case "csv":
		writeDocument(c, "text/csv; charset=utf-8", r.Campaign+"-report.csv", func(w io.Writer) error { return report.WriteCSV(w, r) })
	}
}

// reportFormat is the ?format= of a report (json by default); false when it
// is none of json, md and csv, after answering 400.
func reportFormat(c *gin.Context) (string, bool) {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "md" && format != "csv" {
		c.Error(badRequest("unknown report format").with(fieldError("format", "must be json, md or csv (or xlsx, for a campaign's report)")))
		return "", false
	}
	return format, true
}

// campaignFound reports whether a campaign's report was built; false when it
// was not, after answering 404 (unknown campaign) or passing the error on.
func campaignFound(c *gin.Context, err error) bool {
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no campaign %s", c.Param("campaign")))
		return false
	}
	if err != nil {
		c.Error(err)
		return false
	}
	return true
}

// writeDocument answers 200 with what write writes, rendered whole first so
// a failure is a clean error; attachment names the download ("" for none).
func writeDocument(c *gin.Context, contentType, attachment string, write func(io.Writer) error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		c.Error(err)
		return
	}
	c.Header("Content-Type", contentType)
	if attachment != "" {
		c.Header("Content-Disposition", `attachment; filename="`+attachment+`"`)
	}
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write(buf.Bytes()) // fails only when the client has gone: no one left to tell
}
