package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/metrics"
	"github.com/closeout/closeout/internal/platform/store"
)

// Signing in with a password, and setting one from an invitation link
// (SPEC section 16). The work is accounts'; these handlers read the forms,
// check their CSRF field and show the answer. Both forms are posted before
// there is a session, so their CSRF key is the sign-in nonce (session.go),
// each with a purpose of its own.
const csrfInvitation = "closeout dashboard invitation"

// accountRoutes are the password sign-in and the invitation page; none
// needs a session.
func (d *Dashboard) accountRoutes(g *gin.RouterGroup) {
	if d.accounts == nil {
		return
	}
	g.POST("/signin/password", d.signInWithPassword)
	g.GET(accounts.InvitationPath+":code", d.invitationForm)
	g.POST(accounts.InvitationPath+":code", d.acceptInvitation)
}

// client is where a form was posted from, for the limiter and the audit
// log.
func dashboardClient(c *gin.Context) accounts.Client {
	return accounts.Client{Channel: metrics.ChannelDashboard, Addr: c.ClientIP()}
}

// signInWithPassword checks an id and password and opens a session for this
// browser, as the token form does.
func (d *Dashboard) signInWithPassword(c *gin.Context) {
	nonce, err := c.Cookie(signInCookie)
	if err != nil || !validCSRF(nonce, csrfSignIn, c.PostForm(csrfField)) {
		d.errorPage(c, http.StatusForbidden, "error.csrf")
		return
	}
	id, password := strings.TrimSpace(c.PostForm("id")), c.PostForm("password")
	if id == "" || password == "" {
		d.renderSignIn(c, http.StatusUnprocessableEntity, "signin.emptypassword")
		return
	}
	s, err := d.accounts.SignIn(c.Request.Context(), id, password, dashboardClient(c))
	var refused *accounts.RefusedError
	switch {
	case errors.As(err, &refused):
		c.Header("Retry-After", strconv.Itoa(int(refused.Wait.Seconds())))
		d.renderSignIn(c, http.StatusTooManyRequests, "signin.limited")
		return
	case errors.Is(err, accounts.ErrSignInFailed):
		d.logJoined(c, err)
		d.renderSignIn(c, http.StatusUnauthorized, "signin.wrongpassword")
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	d.startSession(c, s)
	c.Redirect(http.StatusSeeOther, localPath(c.PostForm("next")))
}

// startSession gives this browser the session's cookie.
func (d *Dashboard) startSession(c *gin.Context, s accounts.Session) {
	d.setCookie(c, signInCookie, "", -1, http.SameSiteStrictMode)
	d.setCookie(c, sessionCookie, s.ID, int(s.ExpiresAt.Sub(d.now()).Seconds()), http.SameSiteLaxMode)
}

// logJoined logs what went wrong writing a failure's audit entry (joined
// to the refusal by accounts), never what was sent.
func (d *Dashboard) logJoined(c *gin.Context, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 1 {
		d.log.ErrorContext(c.Request.Context(), "record a failed sign-in", "error", j.Unwrap()[1])
	}
}

// invitationPage is the data of the page where a person sets their
// password.
type invitationPage struct {
	page
	Person    string // whom the link is for, by name
	Action    string
	MinLength int
}

func (d *Dashboard) invitationForm(c *gin.Context) {
	p, _, err := d.accounts.InvitationFor(c.Request.Context(), c.Param("code"))
	switch {
	case errors.Is(err, accounts.ErrUnknownInvitation):
		d.errorPage(c, http.StatusNotFound, "invitation.unknown")
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	d.renderInvitation(c, http.StatusOK, p, "")
}

// renderInvitation shows the form with a fresh nonce, like the sign-in
// form; problem is a message already worded, or "".
func (d *Dashboard) renderInvitation(c *gin.Context, status int, p store.Person, problem string) {
	nonce := randomString()
	d.setCookie(c, signInCookie, nonce, 3600, http.SameSiteStrictMode)
	pg := d.basePage(c, "invitation.title")
	pg.CSRF = csrfToken(nonce, csrfInvitation)
	pg.Error = problem
	d.render(c, status, "invitation", invitationPage{page: pg, Person: displayName(p),
		Action: accounts.InvitationPath + c.Param("code"), MinLength: accounts.MinPasswordLength})
}

// acceptInvitation sets the password and signs this browser in.
func (d *Dashboard) acceptInvitation(c *gin.Context) {
	nonce, err := c.Cookie(signInCookie)
	if err != nil || !validCSRF(nonce, csrfInvitation, c.PostForm(csrfField)) {
		d.errorPage(c, http.StatusForbidden, "error.csrf")
		return
	}
	ctx, code, l := c.Request.Context(), c.Param("code"), langOf(c)
	p, _, err := d.accounts.InvitationFor(ctx, code)
	switch {
	case errors.Is(err, accounts.ErrUnknownInvitation):
		d.errorPage(c, http.StatusNotFound, "invitation.unknown")
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	password := c.PostForm("password")
	if password != c.PostForm("confirm") {
		d.renderInvitation(c, http.StatusUnprocessableEntity, p, l.T("invitation.mismatch"))
		return
	}
	p, err = d.accounts.Accept(ctx, code, password, dashboardClient(c))
	var (
		refused *accounts.RefusedError
		weak    *accounts.WeakPasswordError
	)
	switch {
	case errors.As(err, &refused):
		c.Header("Retry-After", strconv.Itoa(int(refused.Wait.Seconds())))
		d.errorPage(c, http.StatusTooManyRequests, "signin.limited")
		return
	case errors.As(err, &weak):
		d.renderInvitation(c, http.StatusUnprocessableEntity, p, weakPasswordText(l, weak.Reason))
		return
	case errors.Is(err, accounts.ErrUnknownInvitation):
		d.logJoined(c, err)
		d.errorPage(c, http.StatusNotFound, "invitation.unknown")
		return
	case err != nil:
		d.fail(c, err)
		return
	}
	s, err := d.accounts.Open(ctx, p, "invitation", dashboardClient(c))
	if err != nil {
		d.fail(c, err)
		return
	}
	d.startSession(c, s)
	c.Redirect(http.StatusSeeOther, "/my")
}

// weakPasswordText words why a password is refused.
func weakPasswordText(l lang, reason string) string {
	switch reason {
	case accounts.ReasonTooShort:
		return fmt.Sprintf(l.T("password.tooshort"), accounts.MinPasswordLength)
	case accounts.ReasonTooLong:
		return fmt.Sprintf(l.T("password.toolong"), accounts.MaxPasswordBytes)
	case accounts.ReasonCommon:
		return l.T("password.common")
	}
	return l.T("password.refused")
}
