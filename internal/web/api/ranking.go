package api

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/formats/report"
)

// campaignUnits serves the ranking of a campaign's owning units (考评, SPEC
// section 10) as JSON ({items: [rows]}), Markdown or CSV, with the same
// figures in each; the format and unknown campaigns are answered as the
// report's are.
func (s *Server) campaignUnits(c *gin.Context) {
	format, ok := reportFormat(c)
	if !ok {
		return
	}
	rk, err := report.BuildRanking(c.Request.Context(), s.store, c.Param("campaign"), s.now())
	if !campaignFound(c, err) {
		return
	}
	switch format {
	case "json":
		c.JSON(http.StatusOK, gin.H{"items": rk.Units})
	case "md":
		writeDocument(c, "text/markdown; charset=utf-8", "", func(w io.Writer) error { return report.WriteRankingMarkdown(w, rk) })
	case "csv":
		writeDocument(c, "text/csv; charset=utf-8", rk.Campaign+"-units.csv", func(w io.Writer) error { return report.WriteRankingCSV(w, rk) })
	}
}
