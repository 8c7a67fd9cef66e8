// Package ledger reads and writes campaigns as Excel workbooks (台账, SPEC
// section 11), the form clerks keep their task lists in.
//
// Reading turns a workbook into the ordinary plan JSON document, the one a
// JSON import would send, so that validation, scheduling, storage and
// re-planning stay the plan package's alone; it keeps where each plan field
// came from, so that every error names its cell ("任务!F7"). Writing goes the
// other way: a template to fill in, and the live ledger of a campaign, whose
// 任务 and 活动 sheets (with the hidden 导入数据, which keeps the plan's JSON
// off the printed page) import again as the same plan. Every sheet a
// person reads prints on A4 landscape, one page wide (print.go).
//
// The package is pure: names are resolved through a Directory the caller
// gives, and the live ledger is built from figures the caller gathered.
package ledger
