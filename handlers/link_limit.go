package handlers

import (
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Limits of link guessing: a client address that opened this many unknown,
// used or expired link tokens within the window is refused on every link
// route until the window has passed. Real links are 256-bit random, so the
// limit does not protect the tokens; it stops scanners from hammering the
// database and keeps them out of the logs.
//
// Calendar feeds count apart and allow more: calendar services poll them
// from addresses they share among many users, and one revoked feed polled
// for days must not lock every other employer behind that service out.
const (
	linkGuessMax    = 30
	feedGuessMax    = 300
	linkGuessWindow = 15 * time.Minute
)

// linkLimit says whether path carries a mailed or printed token and, if
// so, which counter and limit apply. (Fiber's Use("/a") would also catch
// "/applicants", hence the prefix check here.)
func linkLimit(path string) (counter string, max int, ok bool) {
	if strings.HasPrefix(path, "/feed/") {
		return "feed", feedGuessMax, true
	}
	for _, p := range []string{"/a/", "/o/", "/r/", "/waitlist/", "/employer/login/"} {
		if strings.HasPrefix(path, p) {
			return "link", linkGuessMax, true
		}
	}
	return "", 0, false
}

// limitLinkGuessing refuses clients that have failed too often on link
// routes (429) and counts each failure (404, 410) against the address. The
// address is the connection's unless a trusted proxy forwarded it, so a
// forged X-Forwarded-For does not reset the count.
//
// The failures are counted in the database, which all instances share; a
// request only reads the count after it failed, and an address over the
// limit is then refused from memory until the window has passed. So a
// valid link costs no extra query, and a loaded database cannot turn the
// limiter into a source of errors for everybody.
func (h *Handler) limitLinkGuessing(c *fiber.Ctx) error {
	counter, limit, ok := linkLimit(c.Path())
	if !ok {
		return c.Next()
	}
	now := h.now().UTC()
	key := counter + ":ip:" + clientIP(c)
	if h.linkBlocks.blocked(key, now) {
		h.log.Warn("link refused by rate limit", "request_id", requestIDOf(c))
		return newHTTPError(fiber.StatusTooManyRequests, nil)
	}
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status = classify(err).status
	}
	if status != fiber.StatusNotFound && status != fiber.StatusGone {
		return err
	}
	// A context of its own: the handler may have used up its own. Failing
	// to count must not turn the handler's answer into a 500.
	ctx, cancel := dbContext(c)
	defer cancel()
	if rerr := h.store.RecordLoginAttempt(ctx, key, now, false); rerr != nil {
		h.log.Warn("link failure not counted", "request_id", requestIDOf(c), "error", rerr)
		return err
	}
	n, cerr := h.store.CountFailedLogins(ctx, key, now.Add(-linkGuessWindow))
	if cerr != nil {
		h.log.Warn("link failures not counted", "request_id", requestIDOf(c), "error", cerr)
		return err
	}
	if n >= int64(limit) {
		h.linkBlocks.block(key, now)
	}
	return err
}

// linkBlocks are the addresses refused on link routes, each until its
// window has passed. Entries are few (only addresses over the limit) and
// pruned whenever one is added.
type linkBlocks struct {
	mu    sync.Mutex
	until map[string]time.Time
}

func newLinkBlocks() *linkBlocks { return &linkBlocks{until: map[string]time.Time{}} }

func (b *linkBlocks) blocked(key string, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.until[key]
	if ok && !now.Before(t) {
		delete(b.until, key)
		return false
	}
	return ok
}

// block refuses key for the window from now on and forgets the addresses
// whose window has passed.
func (b *linkBlocks) block(key string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, t := range b.until {
		if !now.Before(t) {
			delete(b.until, k)
		}
	}
	b.until[key] = now.Add(linkGuessWindow)
}
