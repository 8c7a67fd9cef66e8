package devserver

import (
	"context"
	"log/slog"

	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/log/tag"
	"go.uber.org/zap/zapcore"
)

// slogAdapter lets the Temporal server log through closeout's slog logger. The
// server is chatty at info level, so closeout runs it at warn unless asked.
type slogAdapter struct {
	log   *slog.Logger
	level slog.Level
}

func newLogger(l *slog.Logger, level slog.Level) log.Logger {
	return slogAdapter{log: l.With("component", "temporal"), level: level}
}

func (s slogAdapter) Debug(msg string, tags ...tag.Tag)  { s.emit(slog.LevelDebug, msg, tags) }
func (s slogAdapter) Info(msg string, tags ...tag.Tag)   { s.emit(slog.LevelInfo, msg, tags) }
func (s slogAdapter) Warn(msg string, tags ...tag.Tag)   { s.emit(slog.LevelWarn, msg, tags) }
func (s slogAdapter) Error(msg string, tags ...tag.Tag)  { s.emit(slog.LevelError, msg, tags) }
func (s slogAdapter) DPanic(msg string, tags ...tag.Tag) { s.emit(slog.LevelError, msg, tags) }

// Panic and Fatal mean the server cannot go on; zap, its own logger, panics
// and exits there. Carrying on past them only fails later and less clearly
// (a listener that could not bind is used as nil), so the adapter panics with
// a fatalError, which Start turns back into an error while it builds the server.
func (s slogAdapter) Panic(msg string, tags ...tag.Tag) { s.fatal(msg, tags) }
func (s slogAdapter) Fatal(msg string, tags ...tag.Tag) { s.fatal(msg, tags) }

func (s slogAdapter) fatal(msg string, tags []tag.Tag) {
	s.emit(slog.LevelError, msg, tags)
	f := fatalError{msg: msg}
	for _, t := range tags {
		if err := taggedError(t); err != nil && f.err == nil {
			f.err = err
		}
	}
	panic(f)
}

// fatalError is what the server reported it cannot go on from, with the error
// it tagged, so errors.Is sees through it (an address in use, for one).
type fatalError struct {
	msg string
	err error
}

func (f fatalError) Error() string {
	if f.err == nil {
		return f.msg
	}
	return f.msg + ": " + f.err.Error()
}

func (f fatalError) Unwrap() error { return f.err }

func (s slogAdapter) emit(level slog.Level, msg string, tags []tag.Tag) {
	if level < s.level || !s.log.Enabled(context.Background(), level) {
		return
	}
	attrs := make([]slog.Attr, len(tags))
	for i, t := range tags {
		attrs[i] = slog.Any(t.Key(), t.Value())
	}
	s.log.LogAttrs(context.Background(), level, msg, attrs...)
}

// taggedError is the error a tag.Error carries (its Value is only the text).
func taggedError(t tag.Tag) error {
	zt, ok := t.(tag.ZapTag)
	if !ok || zt.Field().Type != zapcore.ErrorType {
		return nil
	}
	err, _ := zt.Field().Interface.(error)
	return err
}
