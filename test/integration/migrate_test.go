package integration

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/closeout/closeout/internal/platform/store/storetest"
)

// TestMigrateProcessesAtOnce runs two `closeout migrate` processes against
// one fresh PostgreSQL database at the same moment, as a first deployment
// does (the Job beside pods that migrate at start), then a third after them:
// all succeed and every migration is recorded once. The schema itself is
// compared with a singly migrated one in internal/platform/store/migrate_test.go; this checks
// the command as shipped, flags and environment included.
func TestMigrateProcessesAtOnce(t *testing.T) {
	url := storetest.URL(t, storetest.Postgres)
	run := func() (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, binary, "migrate")
		// Only DATABASE_URL: migrate needs neither Temporal nor a token.
		cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	var wg sync.WaitGroup
	outs, errs := make([]string, 3), make([]error, 3)
	for i := range 2 {
		wg.Go(func() { outs[i], errs[i] = run() })
	}
	wg.Wait()
	outs[2], errs[2] = run() // and once more, after them
	for i := range outs {
		if errs[i] != nil {
			t.Errorf("closeout migrate #%d: %v\n%s", i+1, errs[i], outs[i])
		} else if !strings.Contains(outs[i], "schema is up to date") {
			t.Errorf("closeout migrate #%d printed %q, want it to say the schema is up to date", i+1, outs[i])
		}
	}

	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT version_id, count(*) FROM goose_db_version GROUP BY version_id ORDER BY version_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	versions := 0
	for rows.Next() {
		var v int64
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("version %d recorded %d times, want once", v, n)
		}
		versions++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if versions < 2 {
		t.Errorf("goose_db_version has %d versions: the migrations did not run", versions)
	}
}
