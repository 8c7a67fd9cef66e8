-- What the Slack notifier posted about each task. Slack messages are updated
-- (chat.update) whenever the task changes, so the notifier must find them
-- again: by task, with the conversation and timestamp Slack gave them. The
-- same rows keep a retried notification from posting a message twice.

-- +goose Up
CREATE TABLE slack_messages (
    campaign   TEXT NOT NULL,
    task       TEXT NOT NULL,
    seq        BIGINT NOT NULL,          -- the task event the message is about
    dest       TEXT NOT NULL,            -- where it was addressed: a user id (a DM) or a channel id
    channel    TEXT NOT NULL,            -- the conversation Slack put it in; chat.update needs it
    ts         TEXT NOT NULL,            -- the message's timestamp, its id within the conversation
    kind       TEXT NOT NULL,            -- approval (with sign-off buttons), dm or channel
    person     TEXT NOT NULL DEFAULT '', -- the person a DM is for
    body       TEXT NOT NULL,            -- the message's own blocks as JSON, without state line and buttons
    text       TEXT NOT NULL DEFAULT '', -- the plain-text fallback notifications show
    shown      TEXT NOT NULL DEFAULT '', -- the task state the message shows now
    created_at BIGINT NOT NULL,
    PRIMARY KEY (campaign, task, seq, dest)
);

-- +goose Down
DROP TABLE slack_messages;
