package audit

import (
	"context"
	"strconv"
	"time"
)

// Entry is one line of the audit log: who did what to which thing, when, and
// what the change was. ID is given by the store when the entry is written;
// it orders the log and is what a reader's cursor points at.
type Entry struct {
	ID     int64          `json:"id"`
	At     time.Time      `json:"at"`
	Actor  string         `json:"actor"`
	Action string         `json:"action"`
	Target string         `json:"target"`
	Detail map[string]any `json:"detail"`
}

// Actions: what an entry records. Each names the kind of thing changed and
// what happened to it; a reader filters on them (GET /api/v1/audit?action=).
const (
	PersonCreated         = "person.created"
	PersonRolesChanged    = "person.roles_changed"
	PersonSettingsChanged = "person.settings_changed"
	PersonDeactivated     = "person.deactivated"

	TokenIssued  = "token.issued"
	TokenRevoked = "token.revoked"

	SessionSignedIn     = "session.signed_in"
	SessionSignInFailed = "session.sign_in_failed"
	SessionSignedOut    = "session.signed_out"

	// An invitation is a one-time link to set a password (issued at
	// creation, or again as a reset); using it sets the password.
	InvitationIssued = "invitation.issued"
	PasswordSet      = "password.set"

	UnitCreated = "unit.created"
	UnitChanged = "unit.changed"

	CalendarYearLoaded = "calendar.year_loaded"

	CampaignImported   = "campaign.imported"
	CampaignReimported = "campaign.reimported"

	SubstituteSet     = "substitute.set"
	SubstituteRemoved = "substitute.removed"

	ScoreAdjusted = "score.adjusted"

	// A supervision sheet (督办单) issued by hand (SPEC section 18).
	SheetIssued = "sheet.issued"
)

// Actions lists every action, for checking a reader's filter.
var Actions = []string{
	PersonCreated, PersonRolesChanged, PersonSettingsChanged, PersonDeactivated,
	TokenIssued, TokenRevoked,
	SessionSignedIn, SessionSignInFailed, SessionSignedOut,
	InvitationIssued, PasswordSet,
	UnitCreated, UnitChanged,
	CalendarYearLoaded,
	CampaignImported, CampaignReimported,
	SubstituteSet, SubstituteRemoved,
	ScoreAdjusted,
	SheetIssued,
}

// System is the actor of a change no signed-in person made: the server at
// start (the bootstrap admin), the command line, a test.
const System = "system"

// The targets name what an entry is about, with the kind first so that one
// filter (target=unit:hn) never mixes a person and a unit of the same id.

// PersonTarget is the target of an entry about person id.
func PersonTarget(id string) string { return "person:" + id }

// UnitTarget is the target of an entry about unit id.
func UnitTarget(id string) string { return "unit:" + id }

// CampaignTarget is the target of an entry about campaign id.
func CampaignTarget(id string) string { return "campaign:" + id }

// SheetTarget is the target of an entry about supervision sheet id.
func SheetTarget(id string) string { return "sheet:" + id }

// CalendarTarget is the target of an entry about one year of calendar name.
func CalendarTarget(name string, year int) string {
	return "calendar:" + name + "/" + strconv.Itoa(year)
}

// actorKey carries the actor of a request in its context.
type actorKey struct{}

// WithActor returns ctx carrying who the request acts for. The store reads
// it (ActorFrom) when it writes the entry of a change, inside the change's
// own transaction, so every channel that changes something (API,
// dashboard, Slack, command line) is recorded by the same code and none can
// forget to.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom is the actor ctx carries, or System when it carries none.
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return System
}
