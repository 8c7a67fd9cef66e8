package main

import (
	"context"
	"log/slog"
)

// loadDemo imports the demo campaign modelled on the seed document.
func loadDemo(ctx context.Context, app *components, log *slog.Logger) error {
	return nil
}
