package task

// Indicator is a figure a task reports (指标): 返岗人数 565 名, split into
// parts (镇街, 村居) when the plan gives parts. Target is zero when the task
// has none (a dispatched child reports towards its parent's target).
type Indicator struct {
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	Unit   string          `json:"unit,omitempty"`
	Target float64         `json:"target,omitempty"`
	Parts  []IndicatorPart `json:"parts,omitempty"`
}

// IndicatorPart is one part of an indicator.
type IndicatorPart struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// IndicatorValue is an indicator's current value: its total and, when it has
// parts, the value of each part (the total is then their sum).
type IndicatorValue struct {
	Total float64            `json:"total"`
	Parts map[string]float64 `json:"parts,omitempty"`
}

// IndicatorView is an indicator as the task view shows it. Percent is the
// value against the target, nil without a target.
type IndicatorView struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Unit    string     `json:"unit,omitempty"`
	Target  float64    `json:"target,omitempty"`
	Value   float64    `json:"value"`
	Percent *float64   `json:"percent"`
	Parts   []PartView `json:"parts,omitempty"`
}

// PartView is one part's value.
type PartView struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Pace (序时进度) turns a task yellow or red when its value lags the share
// of its target that the elapsed working days call for, by more than Yellow
// or Red percentage points.
type Pace struct {
	Yellow float64 `json:"yellow"`
	Red    float64 `json:"red"`
}

// ChildView is a dispatched child task as its parent's view lists it.
type ChildView struct {
	ID     string `json:"id"`
	Owner  string `json:"owner"`
	Status Status `json:"status"`
	Light  Light  `json:"light"`
}
