package handlers

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models"
)

// idParam parses the :id route parameter. Anything that is not a positive
// number cannot name an object, so it is a 404 like an unknown id.
func idParam(c *fiber.Ctx) (int64, error) {
	raw := c.Params("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("handlers: id %q: %w", raw, models.ErrNotFound)
	}
	return id, nil
}

// parseDay reads a day typed into a filter as midnight in loc: ISO
// (2026-12-31, what date inputs send) or German (31.12.2026, 1.2.2026).
// "" is the zero time (no bound).
func parseDay(raw string, loc *time.Location) (time.Time, bool) {
	if raw == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{time.DateOnly, "02.01.2006", "2.1.2006"} {
		if d, err := time.ParseInLocation(layout, raw, loc); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}
