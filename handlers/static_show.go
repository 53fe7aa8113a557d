package handlers

import (
	"github.com/gofiber/fiber/v2"
)

// showStatic serves an asset under its content hash. The URL changes with
// the content, so browsers and proxies may keep it for a year.
func (h *Handler) showStatic(c *fiber.Ctx) error {
	asset, ok := h.assets.Lookup(c.Params("hash"), c.Params("*"))
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, asset.ContentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(asset.Body)
}
