package handlers

import (
	"fmt"
	"strconv"

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
