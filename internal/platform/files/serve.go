package files

import (
	"io"
	"net/http"

	"github.com/closeout/closeout/internal/platform/store"
)

// Serve answers a download of f from content: always an attachment, with
// the sniffed type and nosniff (a browser neither guesses another type nor
// renders it in closeout's origin), a sandboxing CSP in case one does, the
// sha256 as a strong ETag, and http.ServeContent for Content-Length, ranges
// and If-None-Match. Files are never cached by shared caches: reading one
// needs the right to.
func Serve(w http.ResponseWriter, r *http.Request, f store.File, content io.ReadSeeker) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", ContentDisposition(f.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+f.SHA256+`"`)
	http.ServeContent(w, r, "", f.UploadedAt, content)
}
