package task

import "testing"

// Fences compare as text in the order of committed progress: a newer run
// outranks every write of the one before, whatever their history lengths;
// within a run the history length, then the clock, then the version.
func TestFenceOrder(t *testing.T) {
	ordered := []Fence{
		{Run: 0, History: 8, At: 5, Version: 3},
		{Run: 0, History: 8, At: 5, Version: 4},
		{Run: 0, History: 8, At: 6, Version: 3},
		{Run: 0, History: 9, At: 1, Version: 1},
		{Run: 0, History: 4000, At: 9e18, Version: 900},
		{Run: 1, History: 3, At: 1, Version: 901},
	}
	for i := 1; i < len(ordered); i++ {
		if a, b := ordered[i-1].String(), ordered[i].String(); a >= b {
			t.Errorf("%s is not below %s", a, b)
		}
	}
	if legacy := (Fence{Version: 1 << 40}).String(); legacy >= ordered[0].String() {
		t.Errorf("a write from before fencing (%s) must lose to any fenced one", legacy)
	}
}
