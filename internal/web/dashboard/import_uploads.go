package dashboard

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// The file a dry run was shown for, kept until it is confirmed.
//
// Why on the server, in memory: the confirm form then carries only a random
// id, so what is imported is byte for byte what the preview checked, and
// nothing the browser sends back can change it (a hidden field with the
// file would have to be signed, and would send a workbook of up to 8 MiB
// through the page twice). The id opens the file only for the person who
// uploaded it, for uploadLife. The cost: behind several api replicas
// without sticky sessions, a confirm reaching another replica finds nothing
// and the page asks for the file again; nothing wrong is imported.

const (
	// uploadLife is how long a previewed file waits for its confirmation.
	uploadLife = 30 * time.Minute
	// maxPendingUploads bounds the memory held: each person keeps one file
	// (a new preview replaces the last), and at most this many people do.
	maxPendingUploads = 32
)

// pendingUpload is one previewed file.
type pendingUpload struct {
	person      string
	name        string
	contentType string
	body        []byte
	expires     time.Time
}

// pendingUploads holds the previewed files by id.
type pendingUploads struct {
	mu    sync.Mutex
	byID  map[string]pendingUpload
	newID func() string
}

func newPendingUploads() *pendingUploads {
	return &pendingUploads{byID: map[string]pendingUpload{}, newID: randomID}
}

func randomID() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// keep stores a file for its person, replacing the one they kept before,
// and answers its id. Expired files go first; when the store is still full,
// the file closest to expiring makes room.
func (u *pendingUploads) keep(p pendingUpload, now time.Time) string {
	u.mu.Lock()
	defer u.mu.Unlock()
	oldest := ""
	for id, q := range u.byID {
		if q.person == p.person || !now.Before(q.expires) {
			delete(u.byID, id)
			continue
		}
		if oldest == "" || q.expires.Before(u.byID[oldest].expires) {
			oldest = id
		}
	}
	if len(u.byID) >= maxPendingUploads {
		delete(u.byID, oldest)
	}
	id := u.newID()
	p.expires = now.Add(uploadLife)
	u.byID[id] = p
	return id
}

// find answers the file kept under id for person; false when there is
// none (expired, someone else's, or never kept). The file stays until
// forgotten once imported: a confirmation sent twice (a double click)
// imports the same plan twice, which changes nothing.
func (u *pendingUploads) find(id, person string, now time.Time) (pendingUpload, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	p, ok := u.byID[id]
	if !ok || p.person != person || !now.Before(p.expires) {
		return pendingUpload{}, false
	}
	return p, true
}

// forget drops the file kept under id, once imported.
func (u *pendingUploads) forget(id string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.byID, id)
}
