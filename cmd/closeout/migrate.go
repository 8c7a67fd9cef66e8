package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func migrateCommand() *cobra.Command {
	cfg := loadConfig()
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Bring the projection database's schema up to date, then exit",
		Long: `migrate applies every schema migration not yet applied to DATABASE_URL. The api and
worker processes also migrate at start; run this first when you prefer schema changes
to happen as a separate deployment step. On PostgreSQL a lock keeps concurrent runs safe.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.DatabaseURL == "" {
				return errors.New("set DATABASE_URL or --database-url")
			}
			db, err := openStore(cmd.Context(), cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer db.Close()
			cmd.Println("schema is up to date")
			return nil
		},
	}
	cmd.Flags().StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "postgres://… or sqlite:PATH (DATABASE_URL)")
	return cmd
}
