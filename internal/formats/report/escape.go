package report

import "strings"

// Text people typed (titles, names, unit and indicator names, ids) goes into
// the report's documents through one function per format: CellText for a CSV
// or spreadsheet cell (the ledger's workbook uses FormulaLike too),
// mdEscape for Markdown.

// FormulaLike reports text a spreadsheet would take for a formula or a
// command when a person opens or edits the cell: it starts with =, +, -,
// @, a tab or a carriage return (OWASP's CSV injection rule).
func FormulaLike(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

// CellText is typed text as a CSV cell: with a leading ' when a spreadsheet
// would read it as a formula, which makes it text there. Numbers are
// written as numbers (Number, strconv), never through this: -3 stays -3.
func CellText(s string) string {
	if FormulaLike(s) {
		return "'" + s
	}
	return s
}

// markdownText escapes, in one pass: HTML, which Markdown renderers pass
// through (a <script>, an <img onerror>, a <font>); the characters of links
// and code; the table's column bar; and backslash, so that no escape here
// is undone by one typed before it.
var markdownText = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "|", `\|`, "[", `\[`, "]", `\]`, "`", "\\`",
	"\r\n", " ", "\r", " ", "\n", " ", "\u2028", " ", "\u2029", " ",
)

// mdEscape is typed text for the Markdown report: on one line (a line break
// would end a table row or start a heading), no HTML, no link, no bar.
func mdEscape(s string) string { return markdownText.Replace(s) }
