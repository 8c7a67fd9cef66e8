package notify

import (
	"fmt"
	"strings"
)

// Text people typed (task titles, notes, reasons, names, evidence titles,
// file names) goes into each chat platform's markup through the escaper of
// that platform's dialect below, and through nothing else: typed text gains
// no heading, link, mention, colour tag or line break there (SPEC section
// 15). Every layout passes every string it did not write itself through its
// dialect's function; the fixed labels go through too, which changes
// nothing in them.

// lineBreaks are the characters some platform shows as a new line.
var lineBreaks = strings.NewReplacer(
	"\r\n", " ", "\r", " ", "\n", " ", "\v", " ", "\f", " ",
	"\u0085", " ", "\u2028", " ", "\u2029", " ",
)

// oneLine folds typed text onto one line.
func oneLine(s string) string { return lineBreaks.Replace(s) }

// fullWidth replaces the characters that open markup in the robots'
// dialects by their full-width forms: DingTalk and WeCom document no escape
// character, and a full-width ＃ ［ ＜ ＠ reads the same to a person (the
// Chinese input methods type them) while no parser takes it for markup.
//   - # heading; [ ] link and image text; < > HTML tags (<font color>),
//     WeCom's <@userid> mentions and autolinks; @ mentions (@all, @mobile);
//     & entities that would spell any of these; ` code.
var fullWidth = strings.NewReplacer(
	"#", "＃", "[", "［", "]", "］", "<", "＜", ">", "＞", "@", "＠", "&", "＆", "`", "｀",
)

// robotMarkdown is typed text for DingTalk's and WeCom's markdown messages.
func robotMarkdown(s string) string { return fullWidth.Replace(oneLine(s)) }

// mentionFree leaves nothing in plain text that a platform reads as a mention
// or a tag: WeCom's text messages and Feishu's post spans are not markdown,
// but <at user_id="all">, <@userid> and @all are theirs.
var mentionFree = strings.NewReplacer("<", "＜", ">", "＞", "@", "＠")

// robotPlain is typed text for WeCom text messages and Feishu posts.
func robotPlain(s string) string { return mentionFree.Replace(oneLine(s)) }

// markdownURL is an address as a markdown link's target: the characters that
// would end the target early or open another link are percent-encoded,
// which leaves the address the same for the server it names.
var markdownURL = strings.NewReplacer(
	"(", "%28", ")", "%29", "[", "%5B", "]", "%5D", "<", "%3C", ">", "%3E",
	" ", "%20", "\"", "%22", "'", "%27", "`", "%60",
)

// robotLink is a DingTalk or WeCom markdown link.
func robotLink(title, url string) string {
	return fmt.Sprintf("[%s](%s)", robotMarkdown(title), markdownURL.Replace(oneLine(url)))
}

// slackControl are the characters Slack's mrkdwn reads as its own: links,
// mentions (<@U…>, <!channel>) and dates are written between < and >, which
// Slack asks to be sent as entities, and & introduces them.
var slackControl = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape is typed text for a Slack mrkdwn text: one line, and no control
// characters. Plain @channel is no mention outside <!channel>.
func escape(s string) string { return slackControl.Replace(oneLine(s)) }

// link is a Slack link: a | would end the address early, so the address
// has it percent-encoded (as the characters markdownURL encodes) and the
// title shows a broken bar instead.
func link(url, title string) string {
	target := strings.ReplaceAll(markdownURL.Replace(url), "|", "%7C")
	return "<" + escape(target) + "|" + strings.ReplaceAll(escape(title), "|", "¦") + ">"
}

// quote shows free text (a submission's note) as a Slack block quote, line
// by line: its line breaks stay inside the quote, each line escaped.
func quote(s string) string {
	lines := strings.Split(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s), "\n")
	for i, l := range lines {
		lines[i] = escape(l)
	}
	return "> " + strings.Join(lines, "\n> ")
}

// eachLine escapes a text closeout laid out in lines (a bundle's list) line
// by line, keeping its own line breaks; the typed text in each line was
// put on one line when it was worded (Render).
func eachLine(s string, esc func(string) string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = esc(l)
	}
	return strings.Join(lines, "\n")
}
