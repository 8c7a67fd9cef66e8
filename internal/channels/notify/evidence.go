package notify

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/closeout/closeout/internal/domain/task"
)

// evidenceLinks are a submission's evidence as links to show in a message:
// links as they are, and uploaded files (which have no URL of their own) as
// the dashboard's download address, which asks the reader to sign in and be
// involved in the task. Without a dashboard address a file has no link:
// its URL stays empty and each channel shows its title alone, or nothing.
func evidenceLinks(baseURL string, items []task.Evidence) []task.Evidence {
	out := make([]task.Evidence, 0, len(items))
	for _, ev := range items {
		if ev.File != "" {
			title := ev.Title
			if ev.Name != "" && ev.Name != title {
				title = fmt.Sprintf("%s (%s)", title, ev.Name)
			}
			link := ""
			if baseURL != "" {
				link = strings.TrimSuffix(baseURL, "/") + "/files/" + url.PathEscape(ev.File)
			}
			ev = task.Evidence{Title: title, URL: link}
		}
		out = append(out, ev)
	}
	return out
}
