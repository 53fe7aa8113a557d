package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"treffpunkt/models/planning"
	"treffpunkt/views"
)

// showBoardPage shows the planning board: one row per table or room, one
// column per slot. ?interview= opens the panel of that interview; ?row=
// and ?start= preselect the add form (the links in empty cells).
func (h *Handler) showBoardPage(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	form := views.BoardForm{Row: c.Query("row")}
	form.InterviewID, _ = strconv.ParseInt(c.Query("interview"), 10, 64)
	form.Start, _ = time.Parse(time.RFC3339, c.Query("start"))
	page, err := h.boardPage(c, id, form)
	if err != nil {
		return err
	}
	page.Notice = boardNotice(c.Query("done"))
	return h.render(c, fiber.StatusOK, views.PageBoard, page)
}

// boardPage loads the event and lays out its board. A kept interview that
// no longer fits the event is shown as the page's error, like on the plan
// page, because staff can fix it there.
func (h *Handler) boardPage(c *fiber.Ctx, eventID int64, form views.BoardForm) (views.BoardPage, error) {
	ctx, cancel := dbContext(c)
	defer cancel()
	// htmx follows the 303 after a change itself and keeps its headers,
	// so the board after a change knows it is swapped in, too.
	page := views.BoardPage{Layout: h.layout(c, "events"), Form: form, Enhanced: c.Get("HX-Request") == "true"}
	data, err := planning.Load(ctx, h.store, userOf(c).JobCentreID, eventID)
	if err != nil {
		return page, fmt.Errorf("handlers: board: %w", err)
	}
	page.Event = data.Event
	page.Board, err = planning.NewBoard(data, h.travelParams(data.Event))
	if errors.Is(err, planning.ErrUnmappedInterview) {
		page.Error = "plan.error.kept_unmapped"
		return page, nil
	}
	if err != nil {
		return page, fmt.Errorf("handlers: board: %w", err)
	}
	if form.InterviewID != 0 {
		if b, row, ok := page.Board.FindBlock(form.InterviewID); ok {
			page.Selected = &b
			if page.Form.Row == "" {
				page.Form.Row, page.Form.Start = row, b.Interview.StartsAt
			}
		}
	}
	return page, nil
}

// boardNotice maps the ?done= of a redirect after a board action to its message key.
func boardNotice(done string) string {
	switch done {
	case "moved", "pinned", "unpinned", "removed", "added":
		return "board.notice." + done
	}
	return ""
}
