package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// OpenAPI is the API's contract: the OpenAPI 3.1 document of every route
// Handler serves (and of the Slack endpoint cmd/closeout mounts beside
// them), written by hand and committed. internal/web/api/openapi_test.go keeps it and
// the router in step, route for route, validates it, and checks real
// answers against its schemas.
//
//go:embed openapi/openapi.json
var OpenAPI []byte

// serveOpenAPI answers GET /api/v1/openapi.json with the committed bytes. It
// takes no token: the document is public like the routes it describes,
// holds no data, and a client or code generator needs it before it has a
// token. no-cache makes a client ask again after an upgrade (the answer is
// small) instead of keeping an old contract.
func serveOpenAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "application/json; charset=utf-8", OpenAPI)
}
