package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Hashes of smallYAML and the example plan as computed before SPEC section
// 14 (commit 02c33dd). A campaign imported then must still be a repeat when
// the same plan comes again: remind_at, quiet hours and the people's
// contact preferences may not move the hash of a plan that writes none.
const (
	smallHashBeforeQuietHours   = "sha256:af6e51c7f3fdebd2d674d8f9b3aad41291dbf6478310789ea27fe1a758355593"
	exampleHashBeforeQuietHours = "sha256:b03eeab7a9ecb93090f8addc0dfc05132a24967a90783b106752be4bffb129c6"
)

func TestRemindAtDefaultKeepsTheHash(t *testing.T) {
	p := mustParse(t, smallYAML, YAML)
	if p.Escalation.Default.RemindAt != DefaultRemindAt || p.Escalation.Flagged.RemindAt != DefaultRemindAt {
		t.Errorf("remind_at = %q / %q, want the default %q", p.Escalation.Default.RemindAt, p.Escalation.Flagged.RemindAt, DefaultRemindAt)
	}
	if got := p.Hash(); got != smallHashBeforeQuietHours {
		t.Errorf("small plan hash moved: %s", got)
	}
	if got := mustParse(t, string(readExample(t)), YAML).Hash(); got != exampleHashBeforeQuietHours {
		t.Errorf("example plan hash moved: %s", got)
	}
	// Spelling out the default, in either form, is the same plan.
	for _, v := range []string{"09:00", "9:00"} {
		explicit := mustParse(t, strings.Replace(smallYAML, "escalation:\n", "escalation:\n  remind_at: \""+v+"\"\n", 1), YAML)
		if explicit.Hash() != p.Hash() {
			t.Errorf("remind_at %q changed the hash", v)
		}
	}
}

func TestRemindAtIsReadAndInherited(t *testing.T) {
	p := mustParse(t, strings.Replace(smallYAML, "escalation:\n", "escalation:\n  remind_at: \"8:30\"\n", 1), YAML)
	if p.Escalation.Default.RemindAt != "08:30" || p.Escalation.Flagged.RemindAt != "08:30" {
		t.Errorf("remind_at = %q / %q, want 08:30 for both (flagged inherits)", p.Escalation.Default.RemindAt, p.Escalation.Flagged.RemindAt)
	}
	if p.Hash() == smallHashBeforeQuietHours {
		t.Error("another remind_at hashes as the default")
	}
	// The flagged policy's own remind_at survives the canonical form even
	// when it is the built-in default and the default policy's is not.
	both := "start: 2024-05-01\n" + strings.Replace(smallYAML, "escalation:\n", "escalation:\n  remind_at: \"08:30\"\n  flagged: {remind_at: \"09:00\"}\n", 1)
	p = mustParse(t, both, YAML)
	canonical, err := p.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	again := mustParse(t, string(canonical), JSON)
	if again.Escalation.Default.RemindAt != "08:30" || again.Escalation.Flagged.RemindAt != "09:00" {
		t.Errorf("after the canonical form: remind_at = %q / %q", again.Escalation.Default.RemindAt, again.Escalation.Flagged.RemindAt)
	}
	if again.Hash() != p.Hash() {
		t.Error("the canonical form hashes differently")
	}
}

func TestContactPreferences(t *testing.T) {
	doc := strings.Replace(smallYAML, "  - {id: li, email: li@example.org}",
		"  - {id: li, email: li@example.org, mobile: \"+8613800000000\", timezone: Asia/Urumqi, quiet_hours: \"22:00 - 8:00\", reminders: daily}", 1)
	doc = "quiet_hours: \"12:00-13:30\"\n" + doc
	p := mustParse(t, doc, YAML)
	want := Person{
		ID: "li", Email: "li@example.org", Mobile: "+8613800000000", Timezone: "Asia/Urumqi",
		QuietHours: "22:00-08:00", Reminders: RemindersDaily,
	}
	if diff := cmp.Diff(want, p.People[1]); diff != "" {
		t.Errorf("person (-want +got):\n%s", diff)
	}
	if p.QuietHours != "12:00-13:30" {
		t.Errorf("campaign quiet_hours = %q", p.QuietHours)
	}
	canonical, err := p.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	again := mustParse(t, string(canonical), JSON)
	if diff := cmp.Diff(p.People, again.People); diff != "" || again.QuietHours != p.QuietHours {
		t.Errorf("canonical form lost preferences (-first +again):\n%s", diff)
	}
}
