// Package importing is the import of a campaign plan as one use case, in the
// order a reader follows it:
//
//  1. Decode (decode.go): the body becomes a plan document, by a decoder
//     chosen from its content type: JSON and YAML as they are, a workbook
//     (台账) through formats/ledger, which also knows the cells its fields
//     came from.
//  2. Check (check.go): parse, validate and schedule in one pass, so every
//     problem is reported at once; then the caller's own gate (who may
//     create people and units).
//  3. Schedule (schedule.go): the scheduled plan becomes the task specs the
//     workflows start from (app/planning), which the caller may still
//     refuse (too large to run). A dry run stops here.
//  4. Persist (persist.go): people, units and the campaign row with its
//     plan, unless the same plan is there already.
//  5. Start (start.go): the import workflow starts one task workflow per
//     spec; the specs scheduled in step 3 are handed to the planner first, so
//     that in the process that ran step 3 the workflow's activities do not
//     parse and schedule the stored plan again.
//
// The HTTP handler (web/api/imports.go) only reads the request, calls
// Importer.Import or Importer.Plan, and words the answer. The dashboard's
// import page takes the same steps through api.Imports, but calls Begin
// (Persist, then start without waiting) and follows the import's Progress.
package importing
