package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/store"
)

// The substitute page (SPEC section 14), /my/substitute: the signed-in
// person's current or next window, a button that ends it now, and a form
// that sets one. Only the person sets their own window here; an admin sets
// anyone's through the API. The form's fields go through the API's own
// checks (store.CheckSubstitution), so both refuse the same windows, and
// the store refuses a window overlapping another (*store.OverlapError).
//
// The date and time pickers give wall-clock times: they are read in the
// person's timezone (Person.Timezone, the one their quiet hours are read
// in), else in Asia/Shanghai, and the page says which.

// defaultZone is where a person without a timezone of their own has their
// window's times read: a window is the person's, not a campaign's.
const defaultZone = "Asia/Shanghai"

// windowView is a window as the pages show it: the substitute's name, and
// whether it runs now (else it is the next one), and the timezone of the
// person it is of.
type windowView struct {
	store.Substitution
	Name   string
	Active bool
	Loc    *time.Location
}

// substituteForm is what the form was given, to fill it again on a refusal.
type substituteForm struct {
	Substitute, From, Until, Reason string
}

type substitutePage struct {
	page
	Window *windowView
	Form   substituteForm
	// Problems are the refused fields' messages, by field name.
	Problems map[string]string
	// People are the substitute field's suggestions: everyone but the person.
	People []ownerChoice
	// Zone names the timezone the pickers are read in.
	Zone string
}

// zoneOf is the timezone person's window times are read in, and its name.
func zoneOf(p store.Person) (*time.Location, string) {
	for _, name := range []string{p.Timezone, defaultZone} {
		if name == "" {
			continue
		}
		if loc, err := time.LoadLocation(name); err == nil {
			return loc, name
		}
	}
	return time.FixedZone("UTC+8", 8*3600), "UTC+8" // no time zone database
}

// ownWindow is person's current window, else their next one; nil for none.
// Windows of a person never overlap, so by start the first one not over is
// that one.
func (d *Dashboard) ownWindow(ctx context.Context, person store.Person) (*windowView, error) {
	windows, err := d.store.Substitutions(ctx, person.ID)
	if err != nil {
		return nil, err
	}
	now := d.now()
	for _, w := range windows {
		if w.End().After(now) && w.From.Before(w.End()) {
			names, err := d.lookupNames(ctx, []string{w.Substitute})
			if err != nil {
				return nil, err
			}
			loc, _ := zoneOf(person)
			return &windowView{Substitution: w, Name: names.Of(w.Substitute), Active: w.ActiveAt(now), Loc: loc}, nil
		}
	}
	return nil, nil
}

// substitutePageFor builds the page for the signed-in person.
func (d *Dashboard) substitutePageFor(c *gin.Context) (*substitutePage, error) {
	ctx, person := c.Request.Context(), me(c)
	p := &substitutePage{page: d.basePage(c, "sub.title"), Problems: map[string]string{}}
	p.Loc, p.Zone = zoneOf(person)
	var err error
	if p.Window, err = d.ownWindow(ctx, person); err != nil {
		return nil, err
	}
	people, err := d.store.ListPeople(ctx, maxOwnerChoices)
	if err != nil {
		return nil, err
	}
	for _, o := range people {
		if o.ID != person.ID {
			p.People = append(p.People, ownerChoice{ID: o.ID, Name: displayName(o)})
		}
	}
	switch c.Query("done") {
	case "set":
		p.Flash = "sub.done.set"
	case "end":
		p.Flash = "sub.done.end"
	}
	return p, nil
}

func (d *Dashboard) substitutePage(c *gin.Context) {
	p, err := d.substitutePageFor(c)
	if err != nil {
		d.fail(c, err)
		return
	}
	d.render(c, http.StatusOK, "substitute", p)
}

// setSubstitute sets the signed-in person's window from the form: 303 back
// to the page when stored (or when it was stored already), else the page
// again with the fields' problems (422) or the window it overlaps (409).
func (d *Dashboard) setSubstitute(c *gin.Context) {
	ctx, person, now := c.Request.Context(), me(c), d.now()
	form := substituteForm{
		Substitute: strings.TrimSpace(c.PostForm("substitute")),
		From:       strings.TrimSpace(c.PostForm("from")),
		Until:      strings.TrimSpace(c.PostForm("until")),
		Reason:     c.PostForm("reason"),
	}
	loc, _ := zoneOf(person)
	w, problems, err := store.CheckSubstitution(ctx, d.store, store.SubstitutionRequest{
		Person: person.ID, Substitute: form.Substitute, From: form.From, Until: form.Until, Reason: form.Reason, Loc: loc,
	}, now)
	if err != nil {
		d.fail(c, err)
		return
	}
	if len(problems) > 0 {
		d.substituteRefused(c, http.StatusUnprocessableEntity, form, problems, "")
		return
	}
	w.CreatedBy, w.CreatedAt = person.ID, now
	_, _, err = d.store.AddSubstitution(ctx, w)
	var overlap *store.OverlapError
	if errors.As(err, &overlap) {
		o := overlap.With
		names, err := d.lookupNames(ctx, []string{o.Substitute})
		if err != nil {
			d.fail(c, err)
			return
		}
		l := langOf(c)
		msg := fmt.Sprintf(l.T("sub.overlap"), names.Of(o.Substitute),
			formatTime(o.From, loc, "2006-01-02 15:04"), formatTime(o.End(), loc, "2006-01-02 15:04"))
		d.substituteRefused(c, http.StatusConflict, form, nil, msg)
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/my/substitute?done=set")
}

// substituteRefused shows the page again with the form as it was sent and
// why it was refused: each field's problem in the reader's language beside
// the field and together above the page, or message as it is.
func (d *Dashboard) substituteRefused(c *gin.Context, status int, form substituteForm, problems []store.FieldProblem, message string) {
	p, err := d.substitutePageFor(c)
	if err != nil {
		d.fail(c, err)
		return
	}
	p.Form = form
	var all []string
	for _, pr := range problems {
		text := problemText(p.L, pr, form)
		if _, seen := p.Problems[pr.Field]; !seen {
			p.Problems[pr.Field] = text
		}
		all = append(all, p.L.T("sub.field."+pr.Field)+": "+text)
	}
	if message == "" {
		message = p.L.T("refused.invalid") + " " + strings.Join(all, " ")
	}
	p.Error = message
	d.render(c, status, "substitute", p)
}

// problemText words a field's problem in l: the message of its check, else
// the check's own English words.
func problemText(l lang, pr store.FieldProblem, form substituteForm) string {
	key := "sub.err." + pr.Field + "." + pr.Code
	if _, ok := messages[key]; !ok {
		return pr.Message
	}
	switch pr.Code {
	case store.ProblemUnknown:
		return fmt.Sprintf(l.T(key), form.Substitute)
	case store.ProblemTooLong:
		return fmt.Sprintf(l.T(key), store.MaxSubstitutionReason)
	}
	return l.T(key)
}

// endSubstitute ends the signed-in person's current window now, or their
// next one, which then never begins.
func (d *Dashboard) endSubstitute(c *gin.Context) {
	_, err := d.store.EndSubstitution(c.Request.Context(), me(c).ID, d.now())
	if errors.Is(err, store.ErrNotFound) {
		d.substituteRefused(c, http.StatusNotFound, substituteForm{}, nil, langOf(c).T("sub.nothingtoend"))
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/my/substitute?done=end")
}
