package main

import (
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// probeCommand checks a health URL, for container health checks in images
// that have no curl.
func probeCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "probe URL",
		Short:  "Exit 0 if URL answers 2xx (for container health checks)",
		Args:   cobra.ExactArgs(1),
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			c := http.Client{Timeout: 5 * time.Second}
			resp, err := c.Get(args[0])
			if err != nil {
				return err
			}
			_ = resp.Body.Close() // only the status is read
			if resp.StatusCode/100 != 2 {
				return fmt.Errorf("%s answered %s", args[0], resp.Status)
			}
			return nil
		},
	}
}
