package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"treffpunkt/models/testdb"
)

// TestBoardHTMXAnswers checks what htmx gets from the board: the same
// pages as a plain browser (it swaps #board-main out of them), with the
// message focused only when the request came from htmx, so a full page
// load keeps its #panel jump.
func TestBoardHTMXAnswers(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		bf := newBoardFixture(t, db)
		staff := bf.browser("10.0.0.1")
		staff.login(t, bf.a.staff.Email) // English UI
		board := fmt.Sprintf("/events/%d/board", bf.event)
		hx := map[string]string{"HX-Request": "true"}
		at := func(h, mm int) string {
			return bf.day.Add(time.Duration(h)*time.Hour + time.Duration(mm)*time.Minute).Format(time.RFC3339)
		}
		page := staff.request(t, http.MethodGet, fmt.Sprintf("%s?interview=%d", board, bf.olenaIV), nil, hx)
		expect(t, page, http.StatusOK, []string{`id="board-main"`, `hx-post="` + board + `/move"`, `name="htmx-config"`, "/vendor/htmx/htmx.min.js"}, []string{"autofocus"})
		m := planVersionField.FindStringSubmatch(page.body)
		if m == nil {
			t.Fatalf("board has no plan_version field")
		}
		post := func(start string) response {
			form := url.Values{"_csrf": {staff.csrf}, "plan_version": {m[1]}, "interview": {fmt.Sprint(bf.olenaIV)},
				"row": {bf.rowE1}, "start": {start}}
			return staff.request(t, http.MethodPost, board+"/move", form, hx)
		}

		// Refused (olena's room at 10:30 is outside E1's hours): 422 with
		// the swap region and the focused refusal.
		res := post(at(10, 30))
		expect(t, res, http.StatusUnprocessableEntity, []string{`id="board-main"`, `id="board-refused" tabindex="-1" autofocus`}, nil)

		// Valid: the same 303 as without htmx, which follows it with the header.
		res = post(at(8, 0))
		if res.status != http.StatusSeeOther || !strings.Contains(res.location, "done=moved") {
			t.Fatalf("valid move with HX-Request: status %d, location %q", res.status, res.location)
		}
		after := staff.request(t, http.MethodGet, res.location, nil, hx)
		expect(t, after, http.StatusOK, []string{`id="board-main"`, `id="board-notice" tabindex="-1" autofocus`, "moved"}, nil)
		plain := staff.request(t, http.MethodGet, res.location, nil, nil)
		expect(t, plain, http.StatusOK, []string{`id="board-notice"`}, []string{"autofocus"})

		// Stale (the version before the move): 409 with the focused message.
		res = post(at(9, 0))
		expect(t, res, http.StatusConflict, []string{`id="board-main"`, `id="board-error" tabindex="-1" autofocus`}, nil)
	})
}
