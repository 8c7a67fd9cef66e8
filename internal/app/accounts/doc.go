// Package accounts is how people sign in as themselves (SPEC section 16):
//
//   - Invite (invitations.go): a one-time link, valid InvitationLife, where
//     a person sets their password; an admin issues one when creating the
//     person and again as a reset. Only the code's hash is stored.
//   - Accept: the link's code and a password that passes CheckPassword
//     (password_policy.go: MinPasswordLength characters, not one of the
//     common passwords shipped in common_passwords.txt) set the password,
//     stored as its argon2id hash (password_hash.go), and use the link up.
//   - SignIn (signin.go): an id and password open a server-side session,
//     the same sessions the dashboard's token sign-in opens (store.Session):
//     they end after auth.SessionIdle unused or auth.SessionMax. A wrong
//     password counts against the client address's failed-authentication
//     budget (auth.Guard) and is written to the audit log, without what
//     was sent.
//   - Resolve and SignOut: a session id from a cookie names its person; signing
//     out ends that session only.
//
// The API (internal/web/api/accounts.go) and the dashboard's pages are
// thin adapters over it. Passwords never leave this package except as a
// hash; nothing here logs.
//
// It also holds how an admin keeps people (people.go): an admin's change of a person,
// deactivation with the list of what the person held (deactivate.go),
// handing their tasks over to someone else (handover.go), each task through
// the normal reassign action and under its own rules, and single sign-on's
// mapping of a provider's claim to a person (signon.go).
package accounts
