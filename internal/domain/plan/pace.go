package plan

// Pace (序时进度) is opt-in with escalation.pace: a task with a target whose
// value lags the share its elapsed working days call for by more than
// Yellow percentage points is yellow, by more than Red red (SPEC section 10).
type Pace struct {
	Yellow float64 `json:"yellow"`
	Red    float64 `json:"red"`
}

// readPace reads escalation.pace: 0 < yellow < red <= 100.
func (r *reader) readPace(eo object) *Pace {
	po, ok := r.object(at(eo.path, "pace"), eo.fields["pace"], []string{"yellow", "red"})
	if !ok {
		return nil
	}
	yellow, okYellow := r.number(po, "yellow", required)
	red, okRed := r.number(po, "red", required)
	if okYellow && (yellow <= 0 || yellow > 100) {
		r.fail(po.fields["yellow"], at(po.path, "yellow"), "must be more than 0 and at most 100 percentage points")
		okYellow = false
	}
	if okRed && (red <= 0 || red > 100) {
		r.fail(po.fields["red"], at(po.path, "red"), "must be more than 0 and at most 100 percentage points")
		okRed = false
	}
	if okYellow && okRed && red <= yellow {
		r.fail(po.fields["red"], at(po.path, "red"), "must be more than yellow (%g): red is the further behind", yellow)
	}
	return &Pace{Yellow: yellow, Red: red}
}
