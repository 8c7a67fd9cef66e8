package dashboard

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/temporal/workflows"
)

// An import's progress (the import workflow's own, by its query): a page
// with a progress bar that a small script (assets/import-progress.js)
// updates from importProgress, and that without scripts refreshes itself;
// either way it ends on the board.

// importingPageData is the progress page.
type importingPageData struct {
	page
	Campaign string
	Progress workflows.ImportProgress
	// Board is where the page ends; Poll where the script asks.
	Board, Poll string
}

// importingPage serves GET /campaigns/:campaign/importing: the board once
// the import is done, the progress page until then.
func (d *Dashboard) importingPage(c *gin.Context) {
	id := c.Param("campaign")
	prog, ok := d.readProgress(c, id)
	if !ok {
		return
	}
	board := "/campaigns/" + url.PathEscape(id)
	if prog.Done {
		c.Redirect(http.StatusSeeOther, board)
		return
	}
	allowProgressScript(c)
	d.render(c, http.StatusOK, "importing", importingPageData{page: d.basePage(c, "import.progress.title"),
		Campaign: id, Progress: prog, Board: board, Poll: importingPath(id) + ".json"})
}

// importProgress serves the progress as JSON, for the page's script.
func (d *Dashboard) importProgress(c *gin.Context) {
	prog, ok := d.readProgress(c, c.Param("campaign"))
	if !ok {
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, prog)
}

// readProgress asks how far the campaign's import has got, answering a
// campaign not stored (404) or a failure itself.
func (d *Dashboard) readProgress(c *gin.Context, campaign string) (workflows.ImportProgress, bool) {
	prog, err := d.imports.Progress(c.Request.Context(), campaign)
	switch {
	case errors.Is(err, store.ErrNotFound):
		d.errorPage(c, http.StatusNotFound, "error.nocampaign")
		return prog, false
	case err != nil:
		d.fail(c, err)
		return prog, false
	}
	return prog, true
}

// allowProgressScript lets the progress page run its script and ask this
// server for the progress; every other page runs none.
func allowProgressScript(c *gin.Context) {
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
}
