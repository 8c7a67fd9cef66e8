// Package task is closeout's task domain, pure and in one place: a task's
// spec and plan, its state and the view of it everyone reads, the actions
// people take (actions.go's table) and the rules that accept or refuse them,
// the due times of reminders, milestones and the escalation ladder
// (timers.go), indicators, units and substitutes, evidence, the fence that
// orders projection writes and the hash chain of its event log.
//
// Nothing here does I/O or knows Temporal: internal/temporal/workflows gives
// these rules durable timers, updates and signals, and the projection, the
// reports and the notifiers read the same types without the SDK.
package task
