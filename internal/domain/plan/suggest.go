package plan

import "github.com/closeout/closeout/internal/i18n"

// unknownField words the error for an unexpected key, suggesting the known
// key it is most likely a typo of.
func unknownField(key string, known []string) i18n.Text {
	if key == "<<" {
		return i18n.T("YAML merge keys (<<) are not supported: write the fields out")
	}
	best, bestDistance := "", 3 // suggest only within two edits
	for _, k := range known {
		if dist := editDistance(key, k); dist < bestDistance {
			best, bestDistance = k, dist
		}
	}
	if best != "" {
		return i18n.T("unknown field (did you mean %q?)", best)
	}
	return i18n.T("unknown field")
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 64 // keys that long are not typos of ours
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
