package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"
)

// showApplicantQR draws the check-in QR code of an interview as SVG. It
// carries only the random check-in code, no personal data: a photo of a
// printed page tells nobody who the applicant is.
func (h *Handler) showApplicantQR(c *fiber.Ctx) error {
	d, ok, err := h.applicantInterview(c)
	if !ok {
		return err
	}
	svg, err := qrSVG(d.Interview.CheckinCode)
	if err != nil {
		return fmt.Errorf("handlers: applicant qr: %w", err)
	}
	c.Set(fiber.HeaderContentType, "image/svg+xml")
	return c.SendString(svg)
}

// qrSVG renders content as an SVG QR code: one path of unit squares on a
// white background with the quiet zone, crisp at any print size.
func qrSVG(content string) (string, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bm := q.Bitmap() // includes the quiet zone
	n := strconv.Itoa(len(bm))
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + ` ` + n + `" shape-rendering="crispEdges">`)
	b.WriteString(`<rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="`)
	for y, row := range bm {
		for x, dark := range row {
			if dark {
				b.WriteString("M" + strconv.Itoa(x) + " " + strconv.Itoa(y) + "h1v1h-1z")
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
