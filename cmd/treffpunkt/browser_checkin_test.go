package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"gorm.io/gorm"

	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

// TestBrowserCheckin runs the check-in of a published demo event on a
// tablet (768 × 1024 portrait): the search filters the list while typing,
// a code typed like a USB scanner does (characters, then Enter) checks the
// applicant in, and the camera page falls back to the field in a browser
// without BarcodeDetector. Every page is screenshot and checked with axe.
func TestBrowserCheckin(t *testing.T) {
	testdb.Run(t, func(t *testing.T, db *gorm.DB) {
		ctx := context.Background()
		base, store, res := servePublishedDemo(t, db)
		var first models.Interview
		// The published demo event: its interviews wait for the day.
		testdb.Must(t, db.Where("status IN ?", []models.InterviewStatus{models.InterviewInvited, models.InterviewConfirmed}).
			Order("id").First(&first).Error)
		login := res.Logins[0]
		var staff models.StaffUser
		testdb.Must(t, db.Where("email = ?", login.Email).First(&staff).Error)
		ivs, err := store.ListInterviews(ctx, staff.JobCentreID, first.EventID)
		testdb.Must(t, err)
		berlin, _ := time.LoadLocation("Europe/Berlin")
		day := first.StartsAt.In(berlin).Format(time.DateOnly)
		var sameDay []models.Interview
		for _, iv := range ivs {
			if iv.StartsAt.In(berlin).Format(time.DateOnly) == day {
				sameDay = append(sameDay, iv)
			}
		}
		if len(sameDay) < 3 {
			t.Fatalf("demo event %d has %d interviews on %s; the search needs several people", first.EventID, len(sameDay), day)
		}
		var target models.Interview
		for _, iv := range sameDay {
			if iv.Status == models.InterviewInvited || iv.Status == models.InterviewConfirmed {
				target = iv
			}
		}
		if target.ID == 0 {
			t.Fatalf("no interview of event %d on %s is waiting for check-in", first.EventID, day)
		}
		list := fmt.Sprintf("/events/%d/checkin?day=%s", first.EventID, day)

		b := newBrowser(t, base, screenshotDir(t, strings.ReplaceAll(t.Name(), "/", "-")))
		b.run(chromedp.EmulateViewport(768, 1024))
		b.loginStaff(login.Email, login.Password, `a[href^="/events/"]`)
		b.open(list)
		var groups int
		b.run(chromedp.Evaluate(`document.querySelectorAll('.checkin-group').length`, &groups))
		if groups < 2 {
			t.Fatalf("check-in list shows %d applicants", groups)
		}
		b.screenshot("checkin-list")
		b.checkAccessibility("check-in list")

		// Search as you type: part of the last name, no Enter.
		name := strings.ToLower(target.Applicant.LastName)
		part := name[:min(4, len(name))]
		var visible []string
		b.run(
			chromedp.SendKeys(`#checkin-search`, part, chromedp.ByQuery),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('.checkin-group')).filter(g => !g.hidden).map(g => g.dataset.search)`, &visible),
		)
		if len(visible) == 0 || len(visible) >= groups {
			t.Errorf("typing %q leaves %d of %d applicants visible", part, len(visible), groups)
		}
		for _, s := range visible {
			if !strings.Contains(s, part) {
				t.Errorf("typing %q left %q visible", part, s)
			}
		}
		if loc := b.location(); loc != list {
			t.Errorf("typing navigated to %s", loc)
		}
		b.screenshot("checkin-search")

		// A USB scanner types the code into the focused field and presses Enter.
		var focused string
		b.run(chromedp.Evaluate(`document.activeElement && document.activeElement.id`, &focused))
		if focused != "checkin-search" && focused != "checkin-code" {
			t.Errorf("focus is on %q", focused)
		}
		b.run(
			chromedp.Focus(`#checkin-code`, chromedp.ByQuery),
			chromedp.SendKeys(`#checkin-code`, strings.ToLower(target.CheckinCode)+"\r", chromedp.ByQuery),
			chromedp.WaitVisible(`#checkin-notice`, chromedp.ByQuery),
		)
		notice := b.text(`#checkin-notice`)
		if !strings.Contains(notice, target.Applicant.FirstName) || !strings.Contains(notice, "ist eingecheckt") {
			t.Errorf("notice after the scan: %q", notice)
		}
		got, err := store.GetInterview(ctx, staff.JobCentreID, target.ID)
		testdb.Must(t, err)
		if got.Status != models.InterviewAttended || got.CheckedInAt == nil {
			t.Errorf("after the scan the interview is %s, checked in %v", got.Status, got.CheckedInAt)
		}
		if s := b.text(fmt.Sprintf("#interview-%d", target.ID)); !strings.Contains(s, "angekommen") {
			t.Errorf("row after check-in: %q", s)
		}
		b.screenshot("checkin-done")
		b.checkAccessibility("check-in list after a scan")

		// An unknown code: a clear message, nothing changes.
		b.run(
			chromedp.SendKeys(`#checkin-code`, "NICHTDA1\r", chromedp.ByQuery),
			chromedp.WaitVisible(`.kern-alert--danger`, chromedp.ByQuery),
		)
		if s := b.text(`#checkin-notice`); !strings.Contains(s, "NICHTDA1") || !strings.Contains(s, "unbekannt") {
			t.Errorf("unknown code message: %q", s)
		}
		b.screenshot("checkin-unknown")

		// The camera page: headless Chromium has no BarcodeDetector, so
		// the field and the hint stay.
		b.open(fmt.Sprintf("/events/%d/checkin/scan", first.EventID))
		var fallbackShown bool
		b.run(chromedp.Evaluate(`!document.getElementById('checkin-scan-fallback').hidden && document.getElementById('checkin-camera').hidden`, &fallbackShown))
		if !fallbackShown {
			t.Error("scan page hides the fallback hint although the camera cannot scan")
		}
		b.screenshot("checkin-scan")
		b.checkAccessibility("camera page")

		// Walk-in: an applicant of the day also meets another employer.
		// The first pair with a free slot is booked by tapping the slot.
		vacancies, err := store.ListEventVacancies(ctx, staff.JobCentreID, first.EventID)
		testdb.Must(t, err)
		booked := false
		for _, iv := range sameDay {
			for _, v := range vacancies {
				if booked || v.Registration.EmployerID == iv.EmployerID {
					continue
				}
				b.open(fmt.Sprintf("/events/%d/checkin/walkin?applicant=%d&vacancy=%d", first.EventID, iv.ApplicantID, v.Vacancy.ID))
				var slots int
				b.run(chromedp.Evaluate(`document.querySelectorAll('button[name="slot"]').length`, &slots))
				if slots == 0 {
					continue
				}
				b.screenshot("checkin-walkin")
				b.checkAccessibility("walk-in page")
				b.run(
					chromedp.Click(`button[name="slot"]`, chromedp.ByQuery),
					chromedp.WaitVisible(`#checkin-notice`, chromedp.ByQuery),
				)
				if s := b.text(`#checkin-notice`); !strings.Contains(s, "Gespeichert") || !strings.Contains(s, v.Registration.Employer.Name) {
					t.Errorf("notice after the walk-in booking: %q", s)
				}
				after, err := store.ListInterviews(ctx, staff.JobCentreID, first.EventID)
				testdb.Must(t, err)
				if len(after) != len(ivs)+1 {
					t.Errorf("walk-in booking: %d interviews, want %d", len(after), len(ivs)+1)
				}
				b.screenshot("checkin-after-walkin")
				booked = true
			}
		}
		if !booked {
			t.Error("no applicant of the day has a free slot with another employer")
		}
		b.open(fmt.Sprintf("/events/%d/checkin/walkin?q=%s", first.EventID, target.Applicant.FirstName))
		b.screenshot("checkin-walkin-search")
		b.checkAccessibility("walk-in search")
	})
}
