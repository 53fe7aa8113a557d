package handlers

import "github.com/gofiber/fiber/v2"

// routes registers every route of the application. Fiber runs handlers in
// registration order, so the order below is the middleware order.
func (h *Handler) routes(app *fiber.App) {
	// Outermost: every request gets an id, is logged and cannot crash the
	// process; every response gets the security headers.
	app.Use(h.requestID, h.accessLog, h.recoverPanics, h.securityHeaders)

	// Probes and static assets need no session, language or database.
	app.Get("/healthz", h.showHealth)
	app.Get("/readyz", h.showReadiness)
	app.Get("/static/:hash/*", h.showStatic)

	// From here on: the session (if any), the language, CSRF on every POST.
	app.Use(h.loadSession, h.chooseLanguage, h.checkCSRF)

	// Link routes (issue 8): addresses that keep opening unknown, used or
	// expired tokens are refused for a while (handlers/link_limit.go).
	app.Use(h.limitLinkGuessing)

	// The applicant's personal page: no account, the link from the mail is
	// the key. GETs change nothing (mail scanners open links); each answer
	// is a POST, recorded once.
	app.Get("/a/:token", h.showApplicantPlanPage)
	app.Get("/a/:token/calendar.ics", h.showApplicantCalendar)
	app.Get("/a/:token/qr.svg", h.showApplicantQR)
	app.Post("/a/:token/:answer", h.saveApplicantAnswer)

	// Public employer registration: no login, the event's link is public
	// (flyers, QR codes). POSTs are rate-limited per client address.
	app.Get("/r/:token", h.showRegistrationPage)
	app.Post("/r/:token", h.saveRegistration)
	app.Get("/r/:token/done", h.showRegistrationDonePage)

	// Public waiting list: an employer without an account queues for a
	// full event or full blocks from the registration form.
	app.Post("/r/:token/waitlist", h.saveRegistrationWaitlist)
	app.Get("/r/:token/waitlist", h.showRegistrationWaitlistDonePage)

	// Login and logout.
	app.Get("/", h.showHome)
	app.Get("/login", h.showLoginPage)
	app.Post("/login", h.saveLogin)
	app.Post("/logout", h.requireStaff, h.removeSession)

	// Staff pages: every query is scoped to the user's job centre. The
	// middleware is per route, not a Group("") whose Use would also catch
	// unknown paths and turn their 404 into a login redirect.
	app.Get("/events", h.requireStaff, h.showEventsPage)
	// Events: create, edit, open and close; the QR code of the public
	// registration link. "/events/new" comes before "/events/:id".
	app.Get("/events/new", h.requireStaff, h.showEventNewPage)
	app.Post("/events", h.requireStaff, h.saveEvent)
	app.Get("/events/:id/edit", h.requireStaff, h.ownEvent, h.showEventEditPage)
	app.Post("/events/:id", h.requireStaff, h.ownEvent, h.updateEvent)
	app.Post("/events/:id/status", h.requireStaff, h.ownEvent, h.updateEventStatus)
	app.Get("/events/:id/qr.png", h.requireStaff, h.ownEvent, h.showEventQR)
	app.Get("/events/:id", h.requireStaff, h.ownEvent, h.showEventPage)
	app.Get("/employers", h.requireStaff, h.showEmployersPage)
	app.Get("/employers/:id", h.requireStaff, h.showEmployerPage)
	// Applicants: form, CSV import (upload → preview → confirm) and the
	// shortlist workbench. Fixed paths come before "/applicants/:id".
	app.Get("/applicants/new", h.requireStaff, h.showApplicantNewPage)
	app.Post("/applicants", h.requireStaff, h.saveApplicant)
	app.Get("/applicants/import", h.requireStaff, h.showApplicantImportPage)
	app.Post("/applicants/import", h.requireStaff, h.uploadApplicantImport)
	app.Get("/applicants/import/:id", h.requireStaff, h.showApplicantImportPreview)
	app.Post("/applicants/import/:id/confirm", h.requireStaff, h.confirmApplicantImport)
	app.Get("/applicants/:id/edit", h.requireStaff, h.showApplicantEditPage)
	app.Post("/applicants/:id", h.requireStaff, h.updateApplicant)
	app.Get("/events/:id/shortlist", h.requireStaff, h.ownEvent, h.showShortlistIndexPage)
	app.Get("/events/:id/shortlist/:vacancy", h.requireStaff, h.ownEvent, h.showShortlistPage)
	app.Post("/events/:id/shortlist/:vacancy", h.requireStaff, h.ownEvent, h.saveShortlistCandidate)
	app.Post("/events/:id/shortlist/:vacancy/scores", h.requireStaff, h.ownEvent, h.updateShortlistScores)
	app.Post("/events/:id/shortlist/:vacancy/remove", h.requireStaff, h.ownEvent, h.removeShortlistCandidate)
	// Planner on real data: form, preview (nothing saved), apply.
	app.Get("/events/:id/plan", h.requireStaff, h.ownEvent, h.showPlanPage)
	app.Post("/events/:id/plan", h.requireStaff, h.ownEvent, h.savePlanPreview)
	app.Post("/events/:id/plan/apply", h.requireStaff, h.ownEvent, h.savePlan)
	app.Post("/events/:id/publish", h.requireStaff, h.ownEvent, h.savePublication)
	// Printable plans (issue 5, part 7): per table or site, and one
	// "Laufzettel" per applicant in the applicant's language.
	app.Get("/events/:id/print/tables", h.requireStaff, h.ownEvent, h.showPrintTablesPage)
	app.Get("/events/:id/print/applicants", h.requireStaff, h.ownEvent, h.showPrintApplicantsPage)
	// Planning board (issue 5, part 4): tables × time; move, pin, remove
	// and add by hand. Every POST names the plan version it was rendered
	// from and is checked against every hard rule before anything changes.
	app.Get("/events/:id/board", h.requireStaff, h.ownEvent, h.showBoardPage)
	app.Post("/events/:id/board/move", h.requireStaff, h.ownEvent, h.updateBoardMove)
	app.Post("/events/:id/board/pin", h.requireStaff, h.ownEvent, h.updateBoardPin)
	app.Post("/events/:id/board/remove", h.requireStaff, h.ownEvent, h.removeBoardInterview)
	app.Post("/events/:id/board/add", h.requireStaff, h.ownEvent, h.saveBoardInterview)
	// Check-in on the day (issue 7, part 1): the list with search, the code
	// field a USB scanner types into, the camera page, attendance marks and
	// walk-ins. Fixed paths come before "/events/:id/checkin/:interview".
	app.Get("/events/:id/checkin", h.requireStaff, h.ownEvent, h.showCheckinPage)
	app.Post("/events/:id/checkin/code", h.requireStaff, h.ownEvent, h.saveCheckinCode)
	app.Get("/events/:id/checkin/scan", h.requireStaff, h.ownEvent, h.showCheckinScanPage)
	app.Get("/events/:id/checkin/walkin", h.requireStaff, h.ownEvent, h.showWalkinPage)
	app.Post("/events/:id/checkin/walkin", h.requireStaff, h.ownEvent, h.saveWalkin)
	app.Post("/events/:id/checkin/walkin/applicant", h.requireStaff, h.ownEvent, h.saveWalkinApplicant)
	app.Post("/events/:id/checkin/:interview", h.requireStaff, h.ownEvent, h.updateCheckinAttendance)
	// Freed slots (issue 5, part 6): declined or cancelled interviews whose
	// slot is still free, with the best replacement from the shortlist;
	// accepting fills exactly that slot and invites the newcomer.
	app.Get("/events/:id/freed", h.requireStaff, h.ownEvent, h.showFreedPage)
	app.Post("/events/:id/freed/:interview", h.requireStaff, h.ownEvent, h.saveFreedReplacement)

	app.Get("/applicants", h.requireStaff, h.showApplicantsPage)
	app.Get("/applicants/:id", h.requireStaff, h.showApplicantPage)

	// Data subject rights and retention (issue 8, parts 3 and 4): every
	// staff user may export an applicant's data (Auskunft, audited);
	// erasure cannot be undone, so it is for admins, as are the job
	// centre's retention and employer-view settings.
	app.Get("/applicants/:id/export.json", h.requireStaff, h.showApplicantExportJSON)
	app.Get("/applicants/:id/export", h.requireStaff, h.showApplicantExportPage)
	app.Get("/applicants/:id/erase", h.requireStaff, h.requireAdmin, h.showApplicantErasePage)
	app.Post("/applicants/:id/erase", h.requireStaff, h.requireAdmin, h.removeApplicant)
	app.Get("/admin/settings", h.requireStaff, h.requireAdmin, h.showSettingsPage)
	app.Post("/admin/settings", h.requireStaff, h.requireAdmin, h.updateSettings)

	// Employers: passwordless login by mailed link, their own area (every
	// object URL scoped to the logged-in employer), the calendar feed and
	// the waiting list. Opening a mailed link (GET) never uses it; only the
	// button on that page (POST) does, because mail scanners open links.
	app.Get("/employer/login", h.showEmployerLoginPage)
	app.Post("/employer/login", h.saveEmployerLogin)
	app.Get("/employer/login/:token", h.showEmployerLoginLinkPage)
	app.Post("/employer/login/:token", h.saveEmployerLoginLink)
	app.Post("/employer/logout", h.requireEmployer, h.removeEmployerSession)
	app.Get("/employer", h.requireEmployer, h.showEmployerAreaPage)
	app.Get("/employer/registrations/:id", h.requireEmployer, h.showEmployerRegistrationPage)
	app.Post("/employer/registrations/:id", h.requireEmployer, h.updateEmployerRegistration)
	app.Post("/employer/registrations/:id/cancel", h.requireEmployer, h.removeEmployerRegistration)
	app.Post("/employer/feed", h.requireEmployer, h.saveEmployerFeed)
	app.Post("/employer/feed/revoke", h.requireEmployer, h.removeEmployerFeed)
	app.Post("/employer/waitlist", h.requireEmployer, h.saveWaitlistJoin)
	app.Post("/employer/waitlist/:id/leave", h.requireEmployer, h.removeWaitlistEntry)
	app.Get("/feed/:token.ics", h.showEmployerFeed)
	app.Get("/waitlist/:token", h.showWaitlistOfferPage)
	app.Post("/waitlist/:token", h.saveWaitlistOffer)

	// Outcomes (issue 7): the employer's one-click link from the outcome
	// request mail. GET only shows and pre-selects (mail scanners open
	// links); the POST records. Staff record or correct them on
	// the event's outcomes page.
	app.Get("/o/:token", h.showOutcomeLinkPage)
	app.Post("/o/:token", h.saveOutcomeLink)
	app.Get("/events/:id/outcomes", h.requireStaff, h.ownEvent, h.showEventOutcomesPage)
	app.Post("/interviews/:id/outcome", h.requireStaff, h.saveInterviewOutcome)

	// Statistics (issue 7, part 4): across events with a GET filter
	// (period, kind, sector), and per event. Read-only.
	app.Get("/stats", h.requireStaff, h.showStatsPage)
	app.Get("/events/:id/stats", h.requireStaff, h.ownEvent, h.showEventStatsPage)

	// Exports (issue 7, part 5): interviews and outcomes as CSV or XLSX,
	// full or pseudonymised; streamed, every download audited. GETs,
	// because the page is a plain form whose buttons pick the format.
	app.Get("/exports", h.requireStaff, h.showExportsPage)
	app.Get("/exports/interviews.csv", h.requireStaff, h.showInterviewsCSV)
	app.Get("/exports/interviews.xlsx", h.requireStaff, h.showInterviewsXLSX)

	// Outbox ("Postausgang"): every staff user sees the job centre's mails
	// and may send a failed one again.
	app.Get("/outbox", h.requireStaff, h.showOutboxPage)
	app.Get("/outbox/:id", h.requireStaff, h.showOutboxMailPage)
	app.Get("/outbox/:id/eml", h.requireStaff, h.showOutboxMailFile)
	app.Post("/outbox/:id/retry", h.requireStaff, h.updateOutboxRetry)

	// Administration of the team: admins only.
	admin := app.Group("/staff", h.requireStaff, h.requireAdmin)
	admin.Get("", h.showStaffPage)
	admin.Get("/new", h.showStaffNewPage)
	admin.Post("", h.saveStaff)
	admin.Get("/:id", h.showStaffUserPage)

	// Audit trail search (issue 8): admins only, their own job centre.
	app.Get("/admin/audit", h.requireStaff, h.requireAdmin, h.showAuditPage)
}
