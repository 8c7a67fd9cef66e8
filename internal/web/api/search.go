package api

import (
	"context"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
)

// searchStore is the store's search (internal/platform/store/search.go).
type searchStore interface {
	SearchTasks(ctx context.Context, f store.TaskSearch, dst []byte) ([]byte, string, error)
}

// searchFilters are the list filters a search does not combine with: it
// answers "where is the task about X", and a narrower list is the list's.
var searchFilters = []string{"track", "status", "light", "owner", "approver", "unit", "parent", "flagged"}

// searchTasks serves GET /tasks?q=WORDS (SPEC section 17): the tasks whose
// title, id, owner's or unit's name hold every word, in the campaigns the
// caller may read (campaign= narrows them to one), a page at a time like
// the list.
func (s *Server) searchTasks(c *gin.Context, q string) {
	f := store.TaskSearch{Words: store.SearchWords(q), Cursor: c.Query("cursor"), Limit: defaultPage}
	var errs []FieldError
	if utf8.RuneCountInString(q) > store.MaxSearchChars {
		errs = append(errs, fieldError("q", "must be at most %d characters", store.MaxSearchChars))
	}
	if len(f.Words) == 0 {
		errs = append(errs, fieldError("q", "must hold a word"))
	}
	if len(f.Words) > store.MaxSearchWords {
		errs = append(errs, fieldError("q", "must be at most %d words", store.MaxSearchWords))
	}
	for _, name := range searchFilters {
		if c.Query(name) != "" {
			errs = append(errs, fieldError(name, "does not combine with q (a search takes campaign, limit and cursor)"))
		}
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPage {
			errs = append(errs, fieldError("limit", "must be a number from 1 to %d", maxPage))
		}
		f.Limit = n
	}
	if len(errs) > 0 {
		c.Error(badRequest("the query is not valid").with(errs...))
		return
	}
	f.Campaigns = readableCampaigns()
	if campaign := c.Query("campaign"); campaign != "" {
		f.Campaigns = []string{campaign}
	}
	s.writeTaskPage(c, func(out []byte) ([]byte, string, error) {
		return s.store.SearchTasks(c.Request.Context(), f, out)
	})
}

// readableCampaigns are the campaigns a search looks in, nil for all of
// them: today every signed-in person may read every campaign and its tasks
// (GET /campaigns and GET /tasks list them all), so a search does too. When
// reading narrows, it narrows here, and the store searches only these.
func readableCampaigns() []string { return nil }
