package dashboard

import (
	"fmt"
	"strings"
	"time"

	"github.com/closeout/closeout/internal/domain/task"
)

// eventLine is one entry of a task's history as the page shows it.
type eventLine struct {
	Seq      int64
	At       time.Time
	Type     string // the event type, for a CSS class
	Label    string
	Actor    string
	Details  []eventDetail
	Evidence []task.Evidence
	// Files are the uploaded files among the evidence (files.go).
	Files []evidenceFile
}

type eventDetail struct {
	Label, Value string
}

// Event data keys the page shows, in this order, and how to word each value.
// Keys not listed (internal bookkeeping) are left out.
var eventKeys = []struct {
	key  string
	kind int
}{
	{"note", kindText}, {"reason", kindText}, {"percent", kindPercent}, {"milestone", kindText},
	{"deadline", kindTime}, {"previous", kindTime}, {"due", kindTime},
	{"approver", kindPerson}, {"next", kindPerson}, {"decider", kindPerson}, {"from", kindPerson}, {"to", kindPerson},
	{"step", kindText}, {"of", kindText}, {"attempt", kindText}, {"level", kindText}, {"on_time", kindBool},
	{"notify", kindPeople},
}

const (
	kindText = iota
	kindPercent
	kindTime
	kindPerson
	kindPeople
	kindBool
)

// eventPeople are the person ids an event's data names, so one lookup finds
// every name the history shows.
func eventPeople(e task.Event) []string {
	var out []string
	for _, k := range eventKeys {
		switch v := e.Data[k.key].(type) {
		case string:
			if k.kind == kindPerson {
				out = append(out, v)
			}
		case []any:
			if k.kind == kindPeople {
				for _, p := range v {
					if s, ok := p.(string); ok {
						out = append(out, s)
					}
				}
			}
		}
	}
	return out
}

func describeEvent(e task.Event, l lang, names nameBook, loc *time.Location) eventLine {
	line := eventLine{Seq: e.Seq, At: e.At, Type: e.Type, Label: l.T("event." + e.Type), Actor: names.Of(e.Actor)}
	if e.Actor == task.SystemActor {
		line.Actor = l.T("event.system")
	}
	if _, known := messages["event."+e.Type]; !known {
		line.Label = e.Type // a type newer than this table: still say what it is
	}
	for _, k := range eventKeys {
		v, ok := e.Data[k.key]
		if !ok || v == nil || v == "" {
			continue
		}
		if value := eventValue(v, k.kind, l, names, loc); value != "" {
			line.Details = append(line.Details, eventDetail{Label: l.T("field." + k.key), Value: value})
		}
	}
	if ev, ok := e.Data["evidence"].([]any); ok {
		for _, item := range ev {
			m, _ := item.(map[string]any)
			title, _ := m["title"].(string)
			url, _ := m["url"].(string)
			if url != "" {
				line.Evidence = append(line.Evidence, task.Evidence{Title: title, URL: url})
			}
			if f, ok := evidenceFileOf(title, m); ok {
				line.Files = append(line.Files, f)
			}
		}
	}
	return line
}

func eventValue(v any, kind int, l lang, names nameBook, loc *time.Location) string {
	switch kind {
	case kindPercent:
		return fmt.Sprintf("%v%%", v)
	case kindTime:
		if s, ok := v.(string); ok {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t.In(loc).Format("2006-01-02 15:04")
			}
		}
	case kindPerson:
		if s, ok := v.(string); ok {
			return names.Of(s)
		}
	case kindPeople:
		list, _ := v.([]any)
		var out []string
		for _, p := range list {
			if s, ok := p.(string); ok {
				out = append(out, names.Of(s))
			}
		}
		return strings.Join(out, l.T("list.sep"))
	case kindBool:
		if b, ok := v.(bool); ok {
			if b {
				return l.T("yes")
			}
			return l.T("no")
		}
	}
	return fmt.Sprint(v)
}
