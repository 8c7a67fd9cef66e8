package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/closeout/closeout/internal/platform/auth"
	"github.com/closeout/closeout/internal/platform/store"
	"github.com/closeout/closeout/internal/platform/store/storetest"
	"github.com/closeout/closeout/test/benchreport"
)

// BenchmarkAuthenticate measures what authenticating a request costs now
// that the API keeps no token cache (internal/web/api/auth.go): the token's hash, one
// indexed read of the token joined to its person, and the last-use note
// (written at most once a minute, so almost always nothing). This is the
// price of a revocation or expiry counting at once on every process.
// Target: p99 under 1 ms on PostgreSQL.
func BenchmarkAuthenticate(b *testing.B) {
	const n = 2000
	ctx := context.Background()
	var rows []string
	var pgP99 float64
	for _, kind := range storetest.Kinds {
		db := storetest.Open(b, kind)
		now := time.Now()
		if err := db.CreatePerson(ctx, store.Person{ID: "reader", Name: "Reader", Roles: []string{store.RoleMember}, CreatedAt: now}); err != nil {
			b.Fatal(err)
		}
		exp := now.AddDate(0, 0, auth.DefaultTokenDays)
		token := auth.NewToken()
		if err := db.IssueToken(ctx, store.Token{ID: auth.NewTokenID(), PersonID: "reader", CreatedAt: now, ExpiresAt: &exp}, auth.HashToken(token)); err != nil {
			b.Fatal(err)
		}
		lat := latencies(b, n, func(int) error {
			at := time.Now()
			_, use, err := db.PersonByToken(ctx, auth.HashToken(token), at)
			if err != nil {
				return err
			}
			return db.TouchToken(ctx, use, at)
		})
		p50, p99 := ms(percentile(lat, .5)), ms(percentile(lat, .99))
		b.ReportMetric(p99, kind+"-p99-ms")
		b.Logf("%-10s %s", kind, describe("token check", lat))
		rows = append(rows, fmt.Sprintf("%s p50 %.3f ms, p99 %.3f ms", kind, p50, p99))
		if kind == storetest.Postgres {
			pgP99 = p99
		}
	}
	benchreport.Record(benchreport.Row{
		Order: 70, Target: "token check per request, no cache", Value: pgP99, Limit: 1, Unit: " ms",
		Measure: fmt.Sprintf("hash, token read joined to its person, last-use note; %d checks on each store", n),
		Result:  fmt.Sprintf("%s; %s", rows[0], rows[len(rows)-1]),
	})
}
