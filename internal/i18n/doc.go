// Package i18n words what closeout tells people in Chinese and English.
//
// Pages keep their labels by key (internal/web/dashboard/messages). Errors,
// refusals and cell messages are built where the rule is, with fmt-style
// formats in English; T looks the Chinese format up in the catalogue
// (catalogue/*.yaml, English format → Chinese format) and renders both, so
// an error carries its two sentences across a workflow update, a JSON
// answer or a log line, and the edge picks the reader's (Accept-Language).
//
// It is a leaf: it imports nothing of closeout's, and every layer may
// import it. TestEveryFormatHasChinese fails when a format passed to T, or
// to a function that hands its format on to T, has no Chinese in the
// catalogue.
package i18n
