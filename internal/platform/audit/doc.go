// Package audit is the vocabulary of closeout's audit log (SPEC section 15):
// every change made outside a task's workflow — people, tokens, sessions,
// units, calendar years, campaign imports, substitutes, scoring — is one
// Entry. It holds types and rules only; the store writes and reads entries.
//
// The log is append-only: nothing in the product updates or deletes an entry
// (on PostgreSQL a trigger refuses it, store/migrations/postgres/00013_audit.sql).
// Entries are kept: public bodies in China must keep logs of at least six
// months, and the product deletes none.
//
// An entry never holds a secret. The store passes every detail through Clean,
// which replaces the value of any key naming a secret (token, password,
// secret, cookie, …) with Redacted; put a token's id in a detail, never the
// token or its hash.
//
// How to record a change. A change the store writes writes its entry with
// appendAudit in the same transaction, so the change and its record commit or
// fail together:
//
//	err := s.inTx(ctx, func(tx *sql.Tx) error {
//		if _, err := tx.ExecContext(ctx, `INSERT INTO tokens …`); err != nil {
//			return err
//		}
//		return s.appendAudit(ctx, tx, audit.Entry{At: now, Actor: audit.ActorFrom(ctx),
//			Action: audit.TokenIssued, Target: audit.PersonTarget(person),
//			Detail: map[string]any{"token_id": id, "label": label, "expires_at": exp}})
//	})
//
// An event with no other write (a failed sign-in) is written alone, in a
// transaction of its own, by store.DB.RecordAudit:
//
//	err := db.RecordAudit(ctx, audit.Entry{At: now, Actor: "anonymous",
//		Action: audit.SessionSignInFailed, Target: "client:" + addr,
//		Detail: map[string]any{"reason": "unknown token"}})
//
// The actor is the person the request acts for. Handlers put it in the
// request's context once authenticated (audit.WithActor); the store reads it
// with audit.ActorFrom, which answers System when there is none. At left zero
// is the time of writing.
package audit
