package main

import (
	"net/http"
)

// httpHandler is everything the api and dev processes serve on one address:
// the API, with the dashboard and the Slack interactions beside it.
func (c *components) httpHandler() http.Handler {
	r := c.apiServer().Handler()
	return r
}
