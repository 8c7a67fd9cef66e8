package plan

// Unit is an office the campaign assigns work to (单位): a department, a
// city, a county. Parent makes a tree; Head, Contacts and Members are
// person ids. Notifications to the unit go to its contacts, or to every
// member when it names none (SPEC section 10).
type Unit struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	// Class groups units ranked together in scores (市县, 省直部门, …).
	Class    string   `json:"class,omitempty"`
	Head     string   `json:"head,omitempty"`
	Contacts []string `json:"contacts,omitempty"`
	Members  []string `json:"members,omitempty"`
}
