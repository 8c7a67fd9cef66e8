package files

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
)

// Errors reading an upload's form (400).
var (
	ErrNotMultipart = errors.New("send the file as multipart/form-data")
	ErrNoFile       = errors.New("the form has no file part")
)

// maxFormFields bounds the small fields read before the file part.
const (
	maxFormFields = 16
	maxFieldBytes = 4 << 10
)

// FilePart streams a multipart/form-data upload up to its file part, the
// part named field with a file name, and answers it with the small fields
// that came before it (the dashboard's CSRF token). Nothing is buffered
// whole: the caller reads the file from the part as it arrives. The body is
// limited to limit bytes of file plus a little form (ErrTooLarge), and a
// Content-Length already over that is refused before reading anything.
func FilePart(w http.ResponseWriter, r *http.Request, field string, limit int64) (*multipart.Part, url.Values, error) {
	if r.ContentLength > limit+formSlack {
		return nil, nil, ErrTooLarge
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+formSlack)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, ErrNotMultipart
	}
	fields := url.Values{}
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			return nil, nil, ErrTooLarge
		case errors.Is(err, io.EOF):
			return nil, nil, ErrNoFile
		case err != nil:
			return nil, nil, ErrNotMultipart
		}
		if part.FormName() == field && part.FileName() != "" {
			return part, fields, nil
		}
		if n >= maxFormFields {
			return nil, nil, ErrNoFile
		}
		v, err := io.ReadAll(io.LimitReader(part, maxFieldBytes))
		if err != nil {
			return nil, nil, ErrNotMultipart
		}
		fields.Add(part.FormName(), string(v))
	}
}
