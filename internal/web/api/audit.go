package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/closeout/closeout/internal/platform/audit"
	"github.com/closeout/closeout/internal/platform/store"
)

// The audit log over HTTP (SPEC section 15): GET /audit, for admins. The
// entries themselves are written by the store, in the transaction of each
// change, with the actor this file puts in every request's context.

// auditStore reads the audit log, and writes what no other write records.
type auditStore interface {
	AuditLog(ctx context.Context, f store.AuditFilter) ([]audit.Entry, string, error)
	// RecordAudit writes an entry for an event with no other write (a
	// re-import); changes the store writes record themselves.
	RecordAudit(ctx context.Context, e audit.Entry) error
}

// recordActor makes the authenticated caller the actor of every change the
// request makes (audit.WithActor): the store writes it into each entry.
// It runs right after authentication.
func recordActor(c *gin.Context) {
	c.Request = c.Request.WithContext(audit.WithActor(c.Request.Context(), caller(c).ID))
}

// listAudit serves GET /audit?actor=&target=&action=&since=&until=&cursor=&limit=:
// a page of entries, newest first, and the cursor of the next.
func (s *Server) listAudit(c *gin.Context) {
	f, errs := auditFilter(c)
	if len(errs) > 0 {
		c.Error(badRequest("the query is not valid").with(errs...))
		return
	}
	items, next, err := s.store.AuditLog(c.Request.Context(), f)
	if errors.Is(err, store.ErrBadCursor) {
		c.Error(badRequest("the cursor is not one this server issued").with(fieldError("cursor", "invalid")))
		return
	}
	if err != nil {
		c.Error(err)
		return
	}
	c.JSON(http.StatusOK, list[audit.Entry]{Items: items, NextCursor: next})
}

// auditFilter reads the query, naming each parameter that is wrong.
func auditFilter(c *gin.Context) (store.AuditFilter, []FieldError) {
	f := store.AuditFilter{Actor: c.Query("actor"), Target: c.Query("target"), Action: c.Query("action"),
		Cursor: c.Query("cursor"), Limit: store.DefaultAuditPage}
	var errs []FieldError
	if f.Action != "" && !slices.Contains(audit.Actions, f.Action) {
		errs = append(errs, fieldError("action", "must be one of %s", strings.Join(audit.Actions, ", ")))
	}
	for _, t := range []struct {
		field string
		to    *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		v := c.Query(t.field)
		if v == "" {
			continue
		}
		at, err := time.Parse(time.RFC3339, v)
		if err != nil {
			errs = append(errs, fieldError(t.field, "must be an RFC 3339 time, like 2026-03-01T08:00:00+08:00"))
			continue
		}
		*t.to = at
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxAuditPage {
			errs = append(errs, fieldError("limit", "must be a number from 1 to %d", store.MaxAuditPage))
		}
		f.Limit = n
	}
	return f, errs
}
