package dashboard

import (
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/domain/task"
	"github.com/closeout/closeout/internal/platform/store"
)

// searchPageSize tasks show before "more".
const searchPageSize = 50

type searchPage struct {
	page
	// Searched is false when there were no words to search for: the page
	// then says what the box searches.
	Searched           bool
	TooLong            bool
	MaxChars, MaxWords int
	Tasks              []task.View
	More               string
	Campaigns          map[string]campaignRef
}

// searchPage answers the header's search box (SPEC section 17): the tasks
// whose title, id, owner's or unit's name hold every word typed, across the
// campaigns the person may read (all of them today, as the board and the
// API's lists show them), each linked to its page and named with its
// campaign.
func (d *Dashboard) searchPage(c *gin.Context) {
	ctx := c.Request.Context()
	p := &searchPage{page: d.basePage(c, "search.title"), Campaigns: map[string]campaignRef{},
		MaxChars: store.MaxSearchChars, MaxWords: store.MaxSearchWords}
	p.Query = c.Query("q")
	words := store.SearchWords(p.Query)
	switch {
	case utf8.RuneCountInString(p.Query) > store.MaxSearchChars || len(words) > store.MaxSearchWords:
		p.TooLong = true
		d.render(c, http.StatusBadRequest, "search", p)
		return
	case len(words) == 0:
		d.render(c, http.StatusOK, "search", p)
		return
	}
	p.Searched = true
	found, next, err := d.store.SearchTaskViews(ctx, store.TaskSearch{Words: words, Cursor: c.Query("cursor"), Limit: searchPageSize})
	tasks, next, ok := d.taskList(c, found, next, err)
	if !ok {
		return
	}
	p.Tasks = tasks
	if next != "" {
		p.More = "/search?" + url.Values{"q": {p.Query}, "cursor": {next}}.Encode()
	}
	campaigns, err := d.store.ListCampaigns(ctx)
	if err != nil {
		d.fail(c, err)
		return
	}
	for _, camp := range campaigns {
		p.Campaigns[camp.ID] = campaignRef{Title: camp.Title, Loc: location(camp.Timezone)}
	}
	d.render(c, http.StatusOK, "search", p)
}
