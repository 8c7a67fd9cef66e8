// Package slackapp answers Slack's interactions with closeout's messages
// (POST /api/v1/slack/interactions): the Approve and Return buttons of a
// sign-off request, and the modal that asks why a submission goes back.
//
// Every request is verified against the app's signing secret on its raw body
// before anything in it is read. Slack wants an answer within 3 seconds, and
// acting on a task waits for its workflow, so the endpoint answers at once and
// does the work in the background, with its own deadline; the outcome shows in
// Slack as the updated message (the task's new state) or, when nothing
// changed, an ephemeral reply saying why. Acting goes through taskops, as the
// API does, so the workflow applies the same authorisation to a click as to an
// API call.
package slackapp

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/closeout/closeout/internal/domain/task"

	"github.com/gin-gonic/gin"
	"github.com/slack-go/slack"

	"github.com/closeout/closeout/internal/app/taskops"
	"github.com/closeout/closeout/internal/platform/store"
)

// Path is where Slack's Interactivity Request URL points. It takes no bearer
// token: Slack signs its requests instead.
const Path = "/api/v1/slack/interactions"

// People maps Slack users to closeout's people.
type People interface {
	PersonBySlackID(ctx context.Context, slackID string) (store.Person, error)
}

// Tasks acts on tasks (taskops.Ops).
type Tasks interface {
	Live(ctx context.Context, campaign, task string) (task.View, error)
	Act(ctx context.Context, t task.View, a taskops.Action) (task.View, error)
}

// Messages brings closeout's Slack messages about a task up to date
// (notify.Slack).
type Messages interface {
	Refresh(ctx context.Context, t task.View) error
}

// Options are the App's dependencies.
type Options struct {
	SigningSecret string
	// Slack opens the modal and sends ephemeral replies.
	Slack    *slack.Client
	People   People
	Tasks    Tasks
	Messages Messages
	Log      *slog.Logger
	// Timeout bounds the background work of one interaction; default 30s.
	Timeout time.Duration
	// Done, if set, is called once an interaction's background work has
	// ended, with its outcome (tests wait on it; it could feed metrics).
	Done func(Outcome)
}

// App serves the interactions endpoint.
type App struct {
	opts Options
	log  *slog.Logger
	work sync.WaitGroup
}

// New checks the options and builds the App.
func New(o Options) (*App, error) {
	switch {
	case o.SigningSecret == "":
		return nil, errors.New("slack interactions need the app's signing secret (SLACK_SIGNING_SECRET)")
	case o.Slack == nil || o.People == nil || o.Tasks == nil || o.Messages == nil:
		return nil, errors.New("slack interactions need a Slack client, people, tasks and messages")
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	a := &App{opts: o, log: o.Log}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	return a, nil
}

// Register mounts the endpoint. Put it beside, not inside, the routes that
// need a bearer token.
func (a *App) Register(r gin.IRouter) {
	r.POST(Path, a.interactions)
}

// Wait blocks until the background work of every answered interaction has
// ended (graceful shutdown).
func (a *App) Wait() { a.work.Wait() }

// interactions verifies the request, reads its payload and answers Slack at
// once; any work is started in the background.
func (a *App) interactions(c *gin.Context) {
	body, err := a.verified(c.Request)
	if err != nil {
		status := http.StatusUnauthorized
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			status = http.StatusRequestEntityTooLarge
		}
		a.log.WarnContext(c.Request.Context(), "slack interaction refused", "error", err)
		refuse(c, status, err.Error())
		return
	}
	cb, err := parsePayload(body)
	if err != nil {
		refuse(c, http.StatusBadRequest, err.Error())
		return
	}
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		a.blockActions(c, cb)
	case slack.InteractionTypeViewSubmission:
		a.viewSubmission(c, cb)
	default: // nothing closeout asked for; acknowledge so Slack does not retry
		c.Status(http.StatusOK)
	}
}

// refuse answers with a problem document (RFC 9457), like the rest of the API.
func refuse(c *gin.Context, status int, detail string) {
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(status, gin.H{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail})
}

// background runs work after Slack has had its answer: with a context of its
// own (the request's ends with the answer) and a deadline. Its outcome is
// reported to the person in Slack and to Done.
func (a *App) background(in interaction, work func(context.Context, interaction) Outcome) {
	a.work.Add(1)
	go func() {
		defer a.work.Done()
		ctx, cancel := context.WithTimeout(context.Background(), a.opts.Timeout)
		defer cancel()
		out := work(ctx, in)
		a.report(ctx, in, out)
		if a.opts.Done != nil {
			a.opts.Done(out)
		}
	}()
}
