package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/app/accounts"
	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
)

// The account page (SPEC section 16), /account: the signed-in person
// changes their password (accounts.ChangePassword) and keeps their own API
// tokens: issues one with a label and a life in days, sees the list, and
// revokes one. The work is the use case's and the store's, the same calls
// the API makes (POST /people/{id}/tokens and its siblings); these handlers
// read the forms and show the answers. A new token is shown once, in the
// answer to the form that made it, and never again.

func (d *Dashboard) accountPageRoutes(in *gin.RouterGroup) {
	in.GET("/account", d.accountPage)
	in.POST("/account/password", d.changePassword)
	in.POST("/account/tokens", d.issueOwnToken)
	in.POST("/account/tokens/:token/revoke", d.revokeOwnToken)
}

// accountPageData is the data of the account page.
type accountPageData struct {
	page
	// HasPassword offers the change form; without a password (a token or
	// single sign-on), the page says how to get one.
	HasPassword bool
	Tokens      []store.Token
	// NewToken is the token just issued, shown this once.
	NewToken string
	// Label and Days refill the token form after a refusal.
	Label       string
	Days        string
	DefaultDays int
	MaxDays     int
	MaxLabel    int
	MinLength   int
}

// accountPageFor builds the page for the signed-in person.
func (d *Dashboard) accountPageFor(c *gin.Context) (*accountPageData, error) {
	ctx, person := c.Request.Context(), me(c)
	p := &accountPageData{page: d.basePage(c, "account.title"), DefaultDays: auth.DefaultTokenDays,
		MaxDays: auth.MaxTokenDays, MaxLabel: auth.MaxTokenLabel, MinLength: accounts.MinPasswordLength}
	p.Loc, _ = zoneOf(person)
	if d.accounts != nil {
		has, err := d.accounts.HasPassword(ctx, person.ID)
		if err != nil {
			return nil, err
		}
		p.HasPassword = has
	}
	tokens, err := d.store.ListTokens(ctx, person.ID, d.now())
	if err != nil {
		return nil, err
	}
	p.Tokens = tokens
	switch c.Query("done") {
	case "password":
		p.Flash = "account.done.password"
	case "revoked":
		p.Flash = "account.done.revoked"
	}
	return p, nil
}

func (d *Dashboard) accountPage(c *gin.Context) {
	d.showAccount(c, http.StatusOK, func(*accountPageData) {})
}

// showAccount renders the page after fill has set what this answer adds.
func (d *Dashboard) showAccount(c *gin.Context, status int, fill func(*accountPageData)) {
	p, err := d.accountPageFor(c)
	if err != nil {
		d.fail(c, err)
		return
	}
	fill(p)
	d.render(c, status, "account", p)
}

// changePassword checks the current password and sets the new one; this
// browser's session stays, the person's others end.
func (d *Dashboard) changePassword(c *gin.Context) {
	if d.accounts == nil {
		d.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	l := langOf(c)
	next := c.PostForm("password")
	if next != c.PostForm("confirm") {
		d.accountRefused(c, http.StatusUnprocessableEntity, l.T("invitation.mismatch"))
		return
	}
	err := d.accounts.ChangePassword(c.Request.Context(), me(c).ID, c.GetString(sessionKey), c.PostForm("current"), next, dashboardClient(c))
	var (
		refused *accounts.RefusedError
		weak    *accounts.WeakPasswordError
	)
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/account?done=password")
	case errors.As(err, &refused):
		c.Header("Retry-After", strconv.Itoa(int(refused.Wait.Seconds())))
		d.accountRefused(c, http.StatusTooManyRequests, l.T("signin.limited"))
	case errors.As(err, &weak):
		d.accountRefused(c, http.StatusUnprocessableEntity, weakPasswordText(l, weak.Reason))
	case errors.Is(err, accounts.ErrWrongPassword):
		d.logJoined(c, err)
		d.accountRefused(c, http.StatusUnprocessableEntity, l.T("account.wrongpassword"))
	case errors.Is(err, accounts.ErrNoPassword):
		d.accountRefused(c, http.StatusConflict, l.T("account.nopassword"))
	default:
		d.fail(c, err)
	}
}

// accountRefused shows the page again with why a form was refused.
func (d *Dashboard) accountRefused(c *gin.Context, status int, message string) {
	d.showAccount(c, status, func(p *accountPageData) { p.Error = message })
}

// issueOwnToken issues the signed-in person a token with the form's label
// and life (auth.DefaultTokenDays when left empty, at most
// auth.MaxTokenDays), under the same rules as the API's, and shows it once.
func (d *Dashboard) issueOwnToken(c *gin.Context) {
	l := langOf(c)
	label, days := strings.TrimSpace(c.PostForm("label")), strings.TrimSpace(c.PostForm("days"))
	n := auth.DefaultTokenDays
	if days != "" {
		var err error
		if n, err = strconv.Atoi(days); err != nil || n < 1 || n > auth.MaxTokenDays {
			d.tokenRefused(c, label, days, fmt.Sprintf(l.T("account.err.days"), auth.MaxTokenDays))
			return
		}
	}
	if utf8.RuneCountInString(label) > auth.MaxTokenLabel {
		d.tokenRefused(c, label, days, fmt.Sprintf(l.T("account.err.label"), auth.MaxTokenLabel))
		return
	}
	now := d.now().UTC().Truncate(time.Millisecond)
	exp := now.AddDate(0, 0, n)
	t := store.Token{ID: auth.NewTokenID(), PersonID: me(c).ID, Label: label, CreatedAt: now, ExpiresAt: &exp}
	token := auth.NewToken()
	if err := d.store.IssueToken(c.Request.Context(), t, auth.HashToken(token)); err != nil {
		d.fail(c, err)
		return
	}
	d.showAccount(c, http.StatusOK, func(p *accountPageData) {
		p.NewToken = token
		p.Flash = "account.done.token"
	})
}

func (d *Dashboard) tokenRefused(c *gin.Context, label, days, message string) {
	d.showAccount(c, http.StatusUnprocessableEntity, func(p *accountPageData) {
		p.Error, p.Label, p.Days = message, label, days
	})
}

// revokeOwnToken revokes one of the signed-in person's tokens; the
// sessions opened with it end, as through the API.
func (d *Dashboard) revokeOwnToken(c *gin.Context) {
	err := d.store.RevokeToken(c.Request.Context(), me(c).ID, c.Param("token"), d.now())
	if errors.Is(err, store.ErrNotFound) {
		d.accountRefused(c, http.StatusNotFound, langOf(c).T("account.err.notoken"))
		return
	}
	if err != nil {
		d.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/account?done=revoked")
}
