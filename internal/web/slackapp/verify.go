package slackapp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/slack-go/slack"
)

// maxBody bounds an interaction's body; payloads carry the message and view
// they came from, a few tens of kilobytes at most.
const maxBody = 1 << 20

// verified reads the raw body and checks Slack's signature on it: the
// X-Slack-Signature header must be v0=HMAC-SHA256(signing secret,
// "v0:" + X-Slack-Request-Timestamp + ":" + body), and the timestamp within
// five minutes of now, so a captured request cannot be replayed later.
// Nothing in the body is looked at before this passes.
// (https://api.slack.com/authentication/verifying-requests-from-slack)
func (a *App) verified(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return nil, err
	}
	sv, err := slack.NewSecretsVerifier(r.Header, a.opts.SigningSecret)
	switch {
	case errors.Is(err, slack.ErrMissingHeaders):
		return nil, errors.New("the request is not signed: X-Slack-Signature or X-Slack-Request-Timestamp is missing")
	case errors.Is(err, slack.ErrExpiredTimestamp):
		return nil, errors.New("the request's timestamp is more than five minutes away")
	case err != nil:
		return nil, errors.New("the request's signature is not valid")
	}
	_, _ = sv.Write(body) // an HMAC's Write never returns an error
	if sv.Ensure() != nil {
		return nil, errors.New("the request's signature is not valid")
	}
	return body, nil
}

// parsePayload reads the interaction from a verified body: a form whose
// payload field is the interaction as JSON.
func parsePayload(body []byte) (slack.InteractionCallback, error) {
	var cb slack.InteractionCallback
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return cb, fmt.Errorf("the body is not a form: %w", err)
	}
	payload := form.Get("payload")
	if payload == "" {
		return cb, errors.New("the form has no payload")
	}
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		return cb, errors.New("the payload is not an interaction")
	}
	return cb, nil
}
