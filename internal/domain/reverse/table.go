package reverse

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/closeout/closeout/internal/domain/calendar"
)

// WriteTable prints a result as an aligned text table for the command
// line, one task a row, followed by the problems. Phases come last because
// their (often Chinese) names are wider on a terminal than tabwriter
// counts, which would misalign any column after them.
func WriteTable(out io.Writer, res Result) error {
	// Built whole, then written once: one write to check.
	w := new(bytes.Buffer)
	fmt.Fprintf(w, "start %s, calendar %s, %d tasks, critical: %s\n\n",
		res.Start, res.Calendar, len(res.Tasks), orNone(strings.Join(res.Critical, ", ")))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	withTrack := false
	for _, t := range res.Tasks {
		withTrack = withTrack || t.Track != ""
	}
	header := []string{"TASK", "DEADLINE", "EFFECTIVE", "LATEST START", "SLACK", "MARK", "PHASES"}
	if withTrack {
		header = append([]string{"TRACK"}, header...)
	}
	// tw writes into w, a buffer: its writes cannot fail, and Flush would say.
	_, _ = fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, t := range res.Tasks {
		row := []string{t.ID, t.Deadline.String(), dateCell(t.EffectiveDeadline), dateCell(t.LatestStart),
			fmt.Sprint(t.SlackWorkdays), marks(t), phasesCell(t.Phases)}
		if withTrack {
			row = append([]string{t.Track}, row...)
		}
		_, _ = fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(res.Problems) > 0 {
		fmt.Fprintf(w, "\n%d problem%s:\n", len(res.Problems), plural(len(res.Problems)))
		for _, p := range res.Problems {
			fmt.Fprintf(w, "  %s: %s\n", p.Kind, p.Message)
		}
	}
	fmt.Fprintln(w)
	_, err := out.Write(w.Bytes())
	return err
}

func marks(t TaskSchedule) string {
	var m []string
	if t.Critical {
		m = append(m, "critical")
	}
	if t.Infeasible {
		m = append(m, "INFEASIBLE")
	}
	if t.Provisional {
		m = append(m, "provisional")
	}
	return orNone(strings.Join(m, ","))
}

func phasesCell(phases []PhaseDates) string {
	parts := make([]string, len(phases))
	for k, p := range phases {
		parts[k] = fmt.Sprintf("%s %s..%s", p.Name, dateCell(p.Start), dateCell(p.Due))
	}
	return orNone(strings.Join(parts, "; "))
}

// dateCell prints a date, or "?" for one before the calendar's data.
func dateCell(d calendar.Date) string {
	if d.IsZero() {
		return "?"
	}
	return d.String()
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
