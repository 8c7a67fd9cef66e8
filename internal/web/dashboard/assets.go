package dashboard

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/gin-gonic/gin"
)

//go:embed assets
var assetFiles embed.FS

// assetVersion changes whenever an asset does; pages link assets with it, so
// browsers may cache them for long and still see a new build at once.
var assetVersion = hashAssets()

func hashAssets() string {
	h := sha256.New()
	err := fs.WalkDir(assetFiles, "assets", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := assetFiles.ReadFile(p)
		h.Write([]byte(p))
		h.Write(b)
		return err
	})
	if err != nil {
		panic(err)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// serveAsset serves the embedded CSS and icon. They hold nothing private, so
// they need no session.
func serveAsset(c *gin.Context) {
	name := path.Clean("/" + c.Param("file"))
	b, err := assetFiles.ReadFile("assets" + name)
	if err != nil {
		c.Status(http.StatusNotFound)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, mime.TypeByExtension(path.Ext(name)), b)
}

// serveFavicon answers the browser's own /favicon.ico request with the icon.
func serveFavicon(c *gin.Context) {
	b, _ := assetFiles.ReadFile("assets/icon.svg")
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "image/svg+xml", b)
}
