package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/domain/calendar"
	"github.com/closeout/closeout/internal/i18n"
	"github.com/closeout/closeout/internal/platform/store"
)

// Calendars beyond the shipped years (SPEC section 13): GET lists the years
// of cn, PUT loads an official arrangement for one and re-plans the tasks it
// moves.

// provisionalAhead is how many years past the current one the list shows:
// campaigns are planned a year or two ahead.
const provisionalAhead = 2

// calendarZone is where "the current year" is counted: cn's own country.
var calendarZone = time.FixedZone("CST", 8*3600)

// calendarYearView is one year of cn as GET lists it: where its days come
// from, and who loaded it when it was loaded.
type calendarYearView struct {
	calendar.YearInfo
	LoadedBy string     `json:"loaded_by,omitempty"`
	LoadedAt *time.Time `json:"loaded_at,omitempty"`
}

// calendarList answers GET /calendars/cn.
type calendarList struct {
	ID    string             `json:"id"`
	Years []calendarYearView `json:"years"`
	// ProvisionalRules is what a provisional year is computed from.
	ProvisionalRules string `json:"provisional_rules"`
}

// calendarYearBody is the body of PUT /calendars/cn/years/{year}. Dates are
// strings so that a bad one is named (holidays[2]) rather than failing the
// whole body.
type calendarYearBody struct {
	Source   string   `json:"source"`
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
}

// loadedCalendarYear answers the PUT: the year as now listed, whether this
// load changed it, and the tasks re-planned.
type loadedCalendarYear struct {
	Year        calendarYearView         `json:"year"`
	Changed     bool                     `json:"changed"`
	Rescheduled []planning.Rescheduled   `json:"rescheduled"`
	Failures    []planning.ReplanFailure `json:"failures,omitempty"`
}

func (s *Server) calendarRoutes(v1 *gin.RouterGroup) {
	v1.GET("/calendars/:calendar", s.listCalendarYears)
	v1.PUT("/calendars/:calendar/years/:year", requireRole(), s.loadCalendarYear)
}

// calendarSet is the calendars plans are read with: cn over the years loaded
// so far. Without a planner (tests of other parts) it is cn as shipped.
func (s *Server) calendarSet(ctx context.Context) (*calendar.Set, error) {
	if s.planner == nil {
		return nil, nil
	}
	set, _, err := s.planner.Calendars().Current(ctx)
	return set, err
}

// loadableCalendar checks the path names cn, the one calendar with yearly
// notices.
func loadableCalendar(c *gin.Context) bool {
	if name := c.Param("calendar"); name != planning.CalendarName {
		c.Error(notFound("no calendar %q with yearly notices (only %s)", name, planning.CalendarName))
		return false
	}
	return true
}

func (s *Server) listCalendarYears(c *gin.Context) {
	if !loadableCalendar(c) {
		return
	}
	ctx := c.Request.Context()
	cn, loaded, err := s.calendarYears(ctx)
	if err != nil {
		c.Error(err)
		return
	}
	first, _ := cn.Range()
	last := s.now().In(calendarZone).Year() + provisionalAhead
	for y := range loaded {
		last = max(last, y)
	}
	out := calendarList{ID: planning.CalendarName, ProvisionalRules: calendar.StatutoryRevision}
	for y := first.Year; y <= min(last, calendar.LastProvisionalYear); y++ {
		if info, ok := cn.Year(y); ok {
			out.Years = append(out.Years, yearView(info, loaded))
		}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) loadCalendarYear(c *gin.Context) {
	if !loadableCalendar(c) {
		return
	}
	var body calendarYearBody
	if !bindJSON(c, &body) {
		return
	}
	var errs []FieldError
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		errs = append(errs, fieldError("year", "%q is not a year", c.Param("year")))
	}
	y := calendar.Year{Year: year, Source: body.Source}
	readDates := func(field string, in []string) []calendar.Date {
		out := make([]calendar.Date, 0, len(in))
		for i, s := range in {
			d, err := calendar.ParseDate(s)
			if err != nil {
				errs = append(errs, FieldError{Field: fmt.Sprintf("%s[%d]", field, i), Message: i18n.TextOf(err)})
			}
			out = append(out, d) // a bad date stays in place, so Check's indexes match
		}
		return out
	}
	y.Holidays, y.Workdays = readDates("holidays", body.Holidays), readDates("workdays", body.Workdays)
	named := map[string]bool{}
	for _, e := range errs {
		named[e.Field] = true
	}
	for _, e := range y.Check() {
		if !named[e.Field] {
			errs = append(errs, FieldError{Field: e.Field, Message: wordedText(e, e.Message)})
		}
	}
	if len(errs) > 0 {
		c.Error(unprocessable("the calendar year is not valid").with(errs...))
		return
	}
	if s.planner == nil {
		c.Error(errors.New("this server has no planner to re-plan tasks with"))
		return
	}
	ctx := c.Request.Context()
	load, err := s.planner.LoadCalendarYear(ctx, y, caller(c).ID, s.now())
	var ye *planning.YearError
	if errors.As(err, &ye) {
		for _, e := range ye.Errors {
			errs = append(errs, FieldError{Field: e.Field, Message: wordedText(e, e.Message)})
		}
		c.Error(unprocessable("the calendar year is not valid").with(errs...))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	cn, loaded, err := s.calendarYears(ctx)
	if err != nil {
		c.Error(err)
		return
	}
	info, _ := cn.Year(year)
	c.JSON(http.StatusOK, loadedCalendarYear{Year: yearView(info, loaded), Changed: load.Changed,
		Rescheduled: load.Rescheduled, Failures: load.Failures})
}

// calendarYears is cn as plans get it now, and its loaded years by year.
func (s *Server) calendarYears(ctx context.Context) (*calendar.CN, map[int]store.CalendarYear, error) {
	rows, err := s.store.CalendarYears(ctx, planning.CalendarName)
	if err != nil {
		return nil, nil, err
	}
	loaded := map[int]store.CalendarYear{}
	years := make([]calendar.Year, len(rows))
	for i, r := range rows {
		loaded[r.Year.Year], years[i] = r, r.Year
	}
	cn, err := calendar.NewCN(years)
	return cn, loaded, err
}

func yearView(info calendar.YearInfo, loaded map[int]store.CalendarYear) calendarYearView {
	v := calendarYearView{YearInfo: info}
	if r, ok := loaded[info.Year]; ok && info.Kind == calendar.YearLoaded {
		at := r.LoadedAt
		v.LoadedBy, v.LoadedAt = r.LoadedBy, &at
	}
	return v
}
