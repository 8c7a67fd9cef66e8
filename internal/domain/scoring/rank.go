package scoring

// ShareRanks numbers a sorted list in standard competition ranking (并列):
// an item equal to the one before shares its rank, and the item after a tie
// takes its place in the list (1, 1, 3). same says whether two neighbours
// are equal in standing; set gives item i its rank.
func ShareRanks[T any](sorted []T, same func(a, b T) bool, set func(i, rank int)) {
	rank := 0
	for i := range sorted {
		if i == 0 || !same(sorted[i-1], sorted[i]) {
			rank = i + 1
		}
		set(i, rank)
	}
}
