package audit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIsSecretKey(t *testing.T) {
	for _, tc := range []struct {
		key    string
		secret bool
	}{
		{"token", true},
		{"Token", true},
		{"admin_token", true},
		{"newToken", true},
		{"token_hash", true},
		{"password", true},
		{"new-password", true},
		{"client_secret", true},
		{"Authorization", true},
		{"cookie", true},
		{"api_key", true},
		{"apiKey", true},
		{"credentials", true},
		{"token_id", false},
		{"tokenID", false},
		{"token_label", false},
		{"label", false},
		{"roles", false},
		{"name", false},
		{"key", false},
		{"idempotency_key", false},
		{"plan_hash", false},
		{"tokenizer", false},
		{"", false},
	} {
		if got := isSecretKey(tc.key); got != tc.secret {
			t.Errorf("isSecretKey(%q) = %v, want %v", tc.key, got, tc.secret)
		}
	}
}

func TestCleanRedactsSecretsAtAnyDepth(t *testing.T) {
	in := map[string]any{
		"token_id": "t1",
		"token":    "co_abc",
		"label":    "ci",
		"before":   map[string]any{"password": "hunter2", "name": "Li"},
		"items":    []any{map[string]any{"secret": "s", "id": 1}, "plain"},
		"rows":     []map[string]any{{"cookie": "c", "n": 2}},
		"headers":  map[string]string{"Authorization": "Bearer co_abc", "Accept": "json"},
	}
	got := Clean(in)
	want := map[string]any{
		"token_id": "t1",
		"token":    Redacted,
		"label":    "ci",
		"before":   map[string]any{"password": Redacted, "name": "Li"},
		"items":    []any{map[string]any{"secret": Redacted, "id": 1}, "plain"},
		"rows":     []map[string]any{{"cookie": Redacted, "n": 2}},
		"headers":  map[string]any{"Authorization": Redacted, "Accept": "json"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Clean (-want +got):\n%s", d)
	}
	if in["token"] != "co_abc" || in["before"].(map[string]any)["password"] != "hunter2" {
		t.Errorf("Clean changed its input: %v", in)
	}
}

func TestNewCleansDetail(t *testing.T) {
	e := New("li", TokenIssued, PersonTarget("li"), map[string]any{"token": "co_x", "token_id": "t9"})
	if e.Detail["token"] != Redacted || e.Detail["token_id"] != "t9" {
		t.Errorf("New kept a secret or lost an id: %v", e.Detail)
	}
	if e := New("li", UnitCreated, UnitTarget("hn"), nil); e.Detail == nil {
		t.Error("New with no detail: want an empty detail, not nil")
	}
}

func TestActorFromDefaultsToSystem(t *testing.T) {
	if got := ActorFrom(t.Context()); got != System {
		t.Errorf("ActorFrom(no actor) = %q, want %q", got, System)
	}
	if got := ActorFrom(WithActor(t.Context(), "li")); got != "li" {
		t.Errorf("ActorFrom(li) = %q", got)
	}
}
