package plan

import (
	"regexp"
	"strings"

	"github.com/closeout/closeout/internal/i18n"
)

// Id rules. Ids end up in URLs, Temporal workflow ids ("campaign/task") and
// Slack button values, so they are restricted to characters that need no
// escaping anywhere and have no slash.
var (
	// Campaign ids: lower case, digits and hyphens, as in SPEC section 1.
	campaignIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	// Track and task ids: letters, digits, '_', '.', '-' (T01, qingche,
	// 2.3-b), starting with a letter or digit, at most 64 characters.
	itemIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
	// Person ids: like task ids but lower case only, so that "Wang" and
	// "wang" cannot be two people.
	personIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)
)

func checkCampaignID(id string) error {
	if !campaignIDPattern.MatchString(id) {
		return i18n.Errorf("%q is not a campaign id: use 1 to 63 lower-case letters, digits and '-', starting with a letter or digit", id)
	}
	return nil
}

func checkItemID(what, id string) error {
	if !itemIDPattern.MatchString(id) {
		return i18n.Errorf("%q is not %s id: use 1 to 64 letters, digits, '_', '.' and '-', starting with a letter or digit", id, i18n.Both(article(what)+" "+what, itemZh[what]))
	}
	return nil
}

// itemZh names in Chinese the things checkItemID checks the ids of.
var itemZh = map[string]string{"task": "任务", "track": "任务线", "unit": "单位", "indicator": "指标", "part": "分项", "phase": "阶段"}

// article is "an indicator" but "a unit", "a task".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeio", rune(word[0])) {
		return "an"
	}
	return "a"
}

func checkPersonID(id string) error {
	if !personIDPattern.MatchString(id) {
		return i18n.Errorf("%q is not a person id: use 1 to 64 lower-case letters, digits, '_', '.' and '-', starting with a letter or digit", id)
	}
	if isRecipientRole(id) {
		return i18n.Errorf("%q is reserved for escalation recipients and cannot be a person id", id)
	}
	return nil
}
