package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/domain/calendar"
)

// errReplanIncomplete makes calendar load exit 1 when some task kept its old
// schedule: loading the same file again finishes the job.
var errReplanIncomplete = errors.New("some tasks were not re-planned; load the same year again to retry them")

func calendarCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "calendar", Short: "Load the official working-day arrangements of calendar cn"}
	cfg := loadConfig()
	by := "cli"
	load := &cobra.Command{
		Use:   "load cn YEAR FILE",
		Short: "Load a year's State Council notice into calendar cn and re-plan the tasks it moves",
		Long: `load reads a year's official arrangement from FILE (YAML or JSON):

  source: 国务院办公厅关于2027年部分节假日安排的通知(国办发明电〔2026〕N号)
  holidays: [2027-01-01, 2027-02-05, ...]   # every day off
  workdays: [2027-02-20, ...]               # the weekend days worked

stores it in the projection database (it replaces the provisional year, or a shipped
one), then re-plans every open task on cn whose schedule it moves, each of which records
a rescheduled event. The same as PUT /api/v1/calendars/cn/years/YEAR. Loading the same
file again changes nothing and signals no task twice; after an interrupted load it
finishes the re-planning. It exits 1 when a task could not be re-planned.`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] != planning.CalendarName {
				return fmt.Errorf("calendar %q: only %s has yearly notices", args[0], planning.CalendarName)
			}
			y, err := readCalendarYear(args[1], args[2])
			if err != nil {
				return err
			}
			if errs := y.Check(); len(errs) > 0 {
				stderr := &printer{w: cmd.ErrOrStderr()}
				for _, e := range errs {
					stderr.Printf("%s: %s\n", e.Field, e.Message)
				}
				return fmt.Errorf("%s: the year is not valid", args[2])
			}
			app, err := connectTool(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer app.close()
			res, err := app.planner.LoadCalendarYear(cmd.Context(), y, by, time.Now())
			if err != nil {
				return err
			}
			out := &printer{w: cmd.OutOrStdout()}
			state := "unchanged (already loaded)"
			if res.Changed {
				state = "stored"
			}
			out.Printf("calendar cn %d: %s, source %s\n", res.Year.Year.Year, state, res.Year.Source)
			for _, r := range res.Rescheduled {
				out.Printf("rescheduled %s/%s: deadline %s (was %s)\n", r.Campaign, r.Task,
					r.Deadline.Format(time.RFC3339), r.Previous.Format(time.RFC3339))
			}
			for _, f := range res.Failures {
				out.Printf("NOT re-planned %s/%s: %s\n", f.Campaign, f.Task, f.Error)
			}
			out.Printf("%d tasks rescheduled, %d failures\n", len(res.Rescheduled), len(res.Failures))
			if len(res.Failures) > 0 {
				return errReplanIncomplete
			}
			if out.err != nil {
				return out.err
			}
			return nil
		},
	}
	f := load.Flags()
	f.StringVar(&by, "by", by, "who loads the notice, as the list shows it")
	f.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "projection database: postgres://… or sqlite:PATH (DATABASE_URL)")
	f.StringVar(&cfg.TemporalAddress, "temporal-address", cfg.TemporalAddress, "Temporal frontend host:port (TEMPORAL_ADDRESS)")
	f.StringVar(&cfg.TemporalNamespace, "temporal-namespace", cfg.TemporalNamespace, "Temporal namespace (TEMPORAL_NAMESPACE)")
	f.StringVar(&cfg.LogLevel, "log-level", "warn", "debug, info, warn or error")
	cmd.AddCommand(load)
	return cmd
}

// calendarFile is the layout of a notice file. Dates are read as text so a
// bad one is named with its index.
type calendarFile struct {
	Source   string   `yaml:"source"`
	Holidays []string `yaml:"holidays"`
	Workdays []string `yaml:"workdays"`
}

// readCalendarYear reads a notice file (YAML, or JSON, which YAML reads too).
func readCalendarYear(year, path string) (calendar.Year, error) {
	n, err := strconv.Atoi(year)
	if err != nil {
		return calendar.Year{}, fmt.Errorf("year %q is not a number", year)
	}
	data, err := os.ReadFile(path) // #nosec G304 -- the notice file the operator names on closeout calendar's command line
	if err != nil {
		return calendar.Year{}, err
	}
	var f calendarFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return calendar.Year{}, fmt.Errorf("%s: %w", path, err)
	}
	y := calendar.Year{Year: n, Source: f.Source}
	var errs []error
	parse := func(field string, in []string) []calendar.Date {
		var out []calendar.Date
		for i, s := range in {
			d, err := calendar.ParseDate(s)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s[%d]: %w", field, i, err))
			}
			out = append(out, d)
		}
		return out
	}
	y.Holidays, y.Workdays = parse("holidays", f.Holidays), parse("workdays", f.Workdays)
	if len(errs) > 0 {
		return calendar.Year{}, fmt.Errorf("%s: %w", path, errors.Join(errs...))
	}
	return y, nil
}
