package i18n

// texter is a message that carries both languages: a field error, a rule
// error.
type texter interface{ Text() Text }

// inChinese gives the arguments as the Chinese sentence reads them: a Text,
// an *Error or anything with a Text method as its Chinese, so that a
// message built around another ("the deadline: %v", err) reads in one
// language throughout. The English sentence takes the arguments as they
// are (each of these prints its English).
func inChinese(args []any) []any {
	var out []any
	for i, a := range args {
		var zh string
		switch v := a.(type) {
		case Text:
			zh = v.In(ZH)
		case *Error:
			if v == nil {
				continue
			}
			zh = v.Text.In(ZH)
		case texter:
			zh = v.Text().In(ZH)
		default:
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = zh
	}
	if out == nil {
		return args
	}
	return out
}
