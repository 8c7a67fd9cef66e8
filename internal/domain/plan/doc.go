// Package plan reads campaign plans (SPEC section 1) from YAML or JSON,
// validates them completely and resolves every default, and runs the
// reverse scheduler over them.
//
// # Errors
//
// Parse reports every problem at once in a *ValidationError, each with its
// field path ("tracks[0].tasks[3].deadline") and line. Both formats are
// decoded into one neutral tree first, so YAML and JSON give the same
// errors and the same Plan.
//
// # Rules beyond the spec
//
//   - Ids: a campaign id is [a-z0-9][a-z0-9-]{0,62}; track and task ids are
//     [A-Za-z0-9][A-Za-z0-9_.-]{0,63} (task ids unique in the campaign);
//     person ids are [a-z0-9][a-z0-9_.-]{0,63} and may not be one of the
//     recipient roles (owner, supervisor, leader, campaign_owner,
//     approvers).
//   - Dates: YYYY-MM-DD is the end of that day in the campaign timezone for
//     deadlines, and its start for the campaign start; RFC 3339 timestamps
//     (with an offset) are exact. Every date must be inside the calendar's
//     data. The start defaults to ParseOptions.Now; the timezone to UTC;
//     the calendar to "weekdays".
//   - Tasks: title and owner are required; approvers default to
//     [supervisor], so a task needs one or the other; a flagged task needs a
//     leader; a task without a deadline inherits the campaign's; a task
//     naming no phases gets the plan's, and "phases: []" means none.
//   - Durations: see ParseDuration. Working days (wd) are allowed where a
//     span is counted from a deadline (remind_before, overdue after), not in
//     repeat or review_timeout.
//   - Escalation: fields a plan leaves out come from DefaultPolicy; the
//     flagged policy's from the plan's default policy; with no flagged
//     policy, flagged tasks follow the default one. Overdue levels must be
//     in strictly increasing order of after.
//   - digest is a five-field cron expression checked by CheckCron.
//   - Units: ids follow the task id rule and are unique; a name is required;
//     a parent is another unit of the plan or one ParseOptions.UnitExists
//     knows, and parents make a tree (a cycle is reported with its chain);
//     head, contacts and members are people.
//   - unit:ID may stand for a person in a task's owner, approvers and assist
//     (supervisor, leader, the campaign owner and notify lists take people
//     only), naming a unit of the plan or one UnitExists knows. The owner
//     does not also assist.
//   - Indicators: ids follow the task id rule, unique in the task (part ids
//     in their indicator); a target is optional, from 0 to 10¹², and 0
//     means none.
//   - Dispatch: to is children:UNIT (every plan unit whose parent is UNIT,
//     in plan order; at least one) or a list of unit:ID; deadline is zero
//     or negative (-5wd, -3d, -12h) and defaults to zero. Each unit gets a
//     child task "{task}.{unit}" (Task.Children, listed by Tasks right after
//     its parent), made as DispatchTo makes one: owned by the unit,
//     supervised and signed off by the parent's owner, not flagged, with
//     the parent's phases and its indicators without targets. A child's id
//     must not be another task's; a child due on a day the calendar has no data for is an error
//     at dispatch.deadline. Children are not in the canonical form, which
//     keeps the dispatch as written. At most 50,000 children a plan. A task
//     added through ParseTask cannot dispatch.
//   - escalation.pace: {yellow, red}, 0 < yellow < red <= 100.
package plan
