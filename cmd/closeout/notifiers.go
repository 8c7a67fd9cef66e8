package main

import (
	"log/slog"

	"github.com/closeout/closeout/notify"
)

// notifiersFromEnv builds the notifiers the environment configures.
func notifiersFromEnv(log *slog.Logger) []notify.Notifier {
	return nil
}

func consoleNotifier(log *slog.Logger) notify.Notifier { return notify.Console{Log: log} }
