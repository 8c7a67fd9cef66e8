package task

// The one table of the actions people take on a task (SPEC section 3). Each
// action has one name, used as the workflow update's name, the metric
// label, the dashboard form's and the chat button's; and one path below
// /campaigns/{campaign}/tasks/{task} in the API. Routes, forms, buttons,
// labels and the workflow's update handlers are all derived from Kinds, so
// adding an action is one row here (and its rule); a test keeps anything
// else from naming one.

// Kind is one action of the table.
type Kind struct {
	// Name is the action's name everywhere but in an API path.
	Name string
	// Path is where the API takes it, below the task's path.
	Path string
	// newRequest allocates the request the action is decoded into.
	newRequest func() Request
	// rule is the action the rules check a request as.
	rule func(Request) Action
}

// Request is the payload of an action, always a pointer to one of the
// request types of requests.go: what a caller decodes into and what the
// workflow update receives.
type Request interface {
	// Acting is the request's actor, for the caller to set from the
	// session or token (and taskops to resolve), never from the payload.
	Acting() *Actor
}

// EvidenceCarrier is a request that carries evidence (progress, submit):
// its file items are resolved to the file store's metadata before it is
// sent.
type EvidenceCarrier interface {
	EvidenceItems() []Evidence
}

// NewRequest returns an empty request of the action's type.
func (k Kind) NewRequest() Request { return k.newRequest() }

// Rule is the action the task's rules check r as; r must be one of
// k.NewRequest's.
func (k Kind) Rule(r Request) Action { return k.rule(r) }

// The actions.
var (
	Progress = Kind{Name: "progress", Path: "progress",
		newRequest: func() Request { return new(ProgressRequest) },
		rule:       func(r Request) Action { return *r.(*ProgressRequest) }}
	Submit = Kind{Name: "submit", Path: "submit",
		newRequest: func() Request { return new(SubmitRequest) },
		rule:       func(r Request) Action { return *r.(*SubmitRequest) }}
	Approve = Kind{Name: "approve", Path: "approve",
		newRequest: func() Request { return new(ApproveRequest) },
		rule:       func(r Request) Action { return *r.(*ApproveRequest) }}
	Return = Kind{Name: "return", Path: "return",
		newRequest: func() Request { return new(ReturnRequest) },
		rule:       func(r Request) Action { return *r.(*ReturnRequest) }}
	Extend = Kind{Name: "extend", Path: "extend",
		newRequest: func() Request { return new(ExtendRequest) },
		rule:       func(r Request) Action { return *r.(*ExtendRequest) }}
	// ExtensionApprove is checked without the new plan, which only the
	// workflow computes when it applies the approval.
	ExtensionApprove = Kind{Name: "extension_approve", Path: "extension/approve",
		newRequest: func() Request { return new(ExtensionDecisionRequest) },
		rule:       func(r Request) Action { return ApproveExtension(*r.(*ExtensionDecisionRequest), nil) }}
	ExtensionReject = Kind{Name: "extension_reject", Path: "extension/reject",
		newRequest: func() Request { return new(ExtensionDecisionRequest) },
		rule:       func(r Request) Action { return RejectExtension(*r.(*ExtensionDecisionRequest)) }}
	Reassign = Kind{Name: "reassign", Path: "reassign",
		newRequest: func() Request { return new(ReassignRequest) },
		rule:       func(r Request) Action { return *r.(*ReassignRequest) }}
	Cancel = Kind{Name: "cancel", Path: "cancel",
		newRequest: func() Request { return new(CancelRequest) },
		rule:       func(r Request) Action { return *r.(*CancelRequest) }}
	Urge = Kind{Name: "urge", Path: "urge",
		newRequest: func() Request { return new(UrgeRequest) },
		rule:       func(r Request) Action { return *r.(*UrgeRequest) }}
)

// Kinds is every action, in the order pages and metrics list them.
var Kinds = []Kind{Progress, Submit, Approve, Return, Extend, ExtensionApprove, ExtensionReject, Reassign, Cancel, Urge}

// KindNamed is the action called name, if there is one.
func KindNamed(name string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Acting is the ProgressRequest's actor.
func (r *ProgressRequest) Acting() *Actor { return &r.Actor }

// Acting is the SubmitRequest's actor.
func (r *SubmitRequest) Acting() *Actor { return &r.Actor }

// Acting is the ApproveRequest's actor.
func (r *ApproveRequest) Acting() *Actor { return &r.Actor }

// Acting is the ReturnRequest's actor.
func (r *ReturnRequest) Acting() *Actor { return &r.Actor }

// Acting is the ExtendRequest's actor.
func (r *ExtendRequest) Acting() *Actor { return &r.Actor }

// Acting is the ExtensionDecisionRequest's actor.
func (r *ExtensionDecisionRequest) Acting() *Actor { return &r.Actor }

// Acting is the ReassignRequest's actor.
func (r *ReassignRequest) Acting() *Actor { return &r.Actor }

// Acting is the CancelRequest's actor.
func (r *CancelRequest) Acting() *Actor { return &r.Actor }

// Acting is the UrgeRequest's actor.
func (r *UrgeRequest) Acting() *Actor { return &r.Actor }

// EvidenceItems is the progress report's evidence.
func (r *ProgressRequest) EvidenceItems() []Evidence { return r.Evidence }

// EvidenceItems is the submission's evidence.
func (r *SubmitRequest) EvidenceItems() []Evidence { return r.Evidence }
