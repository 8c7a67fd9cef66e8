package api

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/report"
	"github.com/closeout/closeout/store"
)

// campaignReport serves a campaign's progress report as JSON, Markdown or CSV;
// all three carry the same figures.
func (s *Server) campaignReport(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "md" && format != "csv" {
		c.Error(badRequest("unknown report format", FieldError{"format", "must be json, md or csv"}))
		return
	}
	r, err := report.Build(c.Request.Context(), s.store, c.Param("campaign"), s.now())
	if errors.Is(err, store.ErrNotFound) {
		c.Error(notFound("no campaign " + c.Param("campaign")))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	var buf bytes.Buffer
	switch format {
	case "json":
		c.JSON(http.StatusOK, r)
		return
	case "md":
		err = report.WriteMarkdown(&buf, r)
		c.Header("Content-Type", "text/markdown; charset=utf-8")
	case "csv":
		err = report.WriteCSV(&buf, r)
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Header("Content-Disposition", `attachment; filename="`+r.Campaign+`-report.csv"`)
	}
	if err != nil {
		c.Error(err)
		return
	}
	c.Status(http.StatusOK)
	c.Writer.Write(buf.Bytes())
}
