package main

import (
	"net/http"

	"github.com/closeout/closeout/internal/app/planning"
	"github.com/closeout/closeout/internal/web/api"
	"github.com/closeout/closeout/internal/web/dashboard"
)

// httpHandler is everything the api and dev processes serve on one address:
// the API, with the dashboard and the Slack interactions beside it.
func (c *components) httpHandler() http.Handler {
	apiServer := c.apiServer()
	r := apiServer.Handler()
	dashboard.New(dashboard.Options{Store: c.db, Temporal: c.temporal, Tasks: c.taskOps(), Logger: c.log, APINotFound: api.NotFound, Files: c.files,
		Guard: c.authGuard(), SecureCookies: c.cfg.httpsBase(), BaseURL: c.cfg.BaseURL, Accounts: c.passwordAccounts(), OIDC: c.oidcOptions(),
		Imports:   apiServer.Imports(),
		Scores:    apiServer,
		Adder:     &planning.Adder{Planner: c.planner, Tasks: c.taskOps(), Directory: c.db},
		Calendars: c.calendars()}).Mount(r)
	// Slack signs its requests instead of sending a bearer token, so its
	// endpoint sits on the engine beside the authenticated /api/v1 group.
	if slack := c.slackInteractions(); slack != nil {
		slack.Register(r)
	}
	return r
}

// calendars are the planner's working-day calendars; nil (cn as shipped)
// without a planner.
func (c *components) calendars() *planning.Calendars {
	if c.planner == nil {
		return nil
	}
	return c.planner.Calendars()
}
