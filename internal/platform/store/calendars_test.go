package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
)

func days(t *testing.T, ds ...string) []calendar.Date {
	t.Helper()
	out := make([]calendar.Date, len(ds))
	for i, s := range ds {
		d, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = d
	}
	return out
}

// Loaded years are stored normalised; loading the same notice again writes
// nothing and keeps the first load's author; a changed notice replaces the
// year and moves the version every process caches on.
func TestCalendarYears(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			db := storetest.Open(t, kind)
			ctx := context.Background()
			if v, err := db.CalendarVersion(ctx, "cn"); err != nil || v != 0 {
				t.Fatalf("version of nothing loaded: %d %v", v, err)
			}
			at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
			y2027 := store.CalendarYear{Calendar: "cn", LoadedBy: "admin", LoadedAt: at, Year: calendar.Year{
				Year: 2027, Source: "国办发明电〔2026〕9号",
				Holidays: days(t, "2027-10-02", "2027-10-01", "2027-10-01"), Workdays: days(t, "2027-09-26"),
			}}
			stored, changed, err := db.PutCalendarYear(ctx, y2027)
			if err != nil || !changed {
				t.Fatalf("first load: %v %v", changed, err)
			}
			if !slices.Equal(stored.Holidays, days(t, "2027-10-01", "2027-10-02")) || stored.Version != 1 {
				t.Fatalf("stored %+v", stored)
			}
			again := y2027
			again.LoadedBy, again.LoadedAt = "other", at.Add(time.Hour)
			again.Holidays = days(t, "2027-10-01", "2027-10-02")
			if stored, changed, err := db.PutCalendarYear(ctx, again); err != nil || changed || stored.LoadedBy != "admin" || !stored.LoadedAt.Equal(at) {
				t.Fatalf("the same notice again: %+v %v %v", stored, changed, err)
			}
			if v, _ := db.CalendarVersion(ctx, "cn"); v != 1 {
				t.Fatalf("version after a repeat: %d", v)
			}
			y2028 := store.CalendarYear{Calendar: "cn", LoadedBy: "admin", LoadedAt: at, Year: calendar.Year{
				Year: 2028, Source: "n", Holidays: days(t, "2028-01-01")}}
			if _, changed, err := db.PutCalendarYear(ctx, y2028); err != nil || !changed {
				t.Fatal(changed, err)
			}
			fixed := again
			fixed.Workdays = nil
			if _, changed, err := db.PutCalendarYear(ctx, fixed); err != nil || !changed {
				t.Fatal(changed, err)
			}
			if v, _ := db.CalendarVersion(ctx, "cn"); v != 3 {
				t.Fatalf("version after three changes: %d", v)
			}
			if v, _ := db.CalendarVersion(ctx, "other"); v != 0 {
				t.Fatalf("another calendar's version: %d", v)
			}
			all, err := db.CalendarYears(ctx, "cn")
			if err != nil || len(all) != 2 {
				t.Fatalf("years: %+v %v", all, err)
			}
			got := all[0]
			if got.Year.Year != 2027 || got.LoadedBy != "other" || !got.LoadedAt.Equal(at.Add(time.Hour)) ||
				len(got.Workdays) != 0 || got.Workdays == nil || got.Version != 3 || all[1].Year.Year != 2028 {
				t.Fatalf("years: %+v", all)
			}
		})
	}
}
