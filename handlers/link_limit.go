package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Limits of link guessing: a client address that opened this many unknown,
// used or expired link tokens within the window is refused on every link
// route until the window has passed. Real links are 256-bit random, so the
// limit does not protect the tokens; it stops scanners from hammering the
// database and keeps them out of the logs.
const (
	linkGuessMax    = 30
	linkGuessWindow = 15 * time.Minute
)

// linkPrefixes start the paths whose URL carries a mailed or printed
// token. (Fiber's Use("/a") would also catch "/applicants", hence the
// check in the middleware.)
func linkPrefixes() []string {
	return []string{"/a/", "/o/", "/r/", "/feed/", "/waitlist/", "/employer/login/"}
}

func isLinkPath(path string) bool {
	for _, p := range linkPrefixes() {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// limitLinkGuessing refuses clients that have failed too often on link
// routes (429) and counts each failure (404, 410) against the address. The
// address is the connection's unless a trusted proxy forwarded it, so a
// forged X-Forwarded-For does not reset the count.
func (h *Handler) limitLinkGuessing(c *fiber.Ctx) error {
	if !isLinkPath(c.Path()) {
		return c.Next()
	}
	ctx, cancel := dbContext(c)
	defer cancel()
	now := h.now().UTC()
	key := "link:ip:" + clientIP(c)
	n, err := h.store.CountFailedLogins(ctx, key, now.Add(-linkGuessWindow))
	if err != nil {
		return fmt.Errorf("handlers: link rate limit: %w", err)
	}
	if n >= linkGuessMax {
		h.log.Warn("link refused by rate limit", "request_id", requestIDOf(c))
		return newHTTPError(fiber.StatusTooManyRequests, nil)
	}
	err = c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status = classify(err).status
	}
	if status == fiber.StatusNotFound || status == fiber.StatusGone {
		if rerr := h.store.RecordLoginAttempt(ctx, key, now, false); rerr != nil {
			return fmt.Errorf("handlers: record link failure: %w", rerr)
		}
	}
	return err
}
