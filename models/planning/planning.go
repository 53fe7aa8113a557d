// Package planning runs the planner (package scheduling) on an event stored
// in the database: it builds the FORMAT.md problem from loaded rows, solves
// it, summarises the result for staff and maps meetings back to interviews.
// Everything but Load is pure: plain values in, plain values out.
//
// How the database maps onto FORMAT.md:
//
//   - One FORMAT employer per registration ("r<registrationID>"), because
//     the registration's tables are shared by all its vacancies and a FORMAT
//     table belongs to exactly one employer. max_interviews is the sum of
//     candidates_wanted of the registration's vacancies. The per-vacancy cap
//     holds through the shortlist: a vacancy never gets more interviews than
//     it has shortlisted candidates.
//   - An applicant shortlisted for several vacancies of one registration is
//     one FORMAT pair (one meeting with that employer): the eligible candidate
//     with the best score, ties by the lower candidate id, is the vacancy the
//     interview is for.
//   - Eligibility by language level and driving licence is decided here per
//     vacancy, with the staff override of a candidate honoured; ineligible
//     pairs never reach the solver and are reported as unplaced with the
//     FORMAT reason (language_level, driving_licence). The FORMAT employers
//     therefore carry no requirements. Step-free access stays with the
//     solver (applicant needs_step_free, location step_free).
//   - Buffer: a FORMAT slot is slot_minutes + buffer_minutes long, so
//     consecutive interviews at one table keep the buffer free; the stored
//     interview ends slot_minutes after its start.
//   - Tables: a registration's booked venue tables ("t<table>r<registration>",
//     windows = its bookings); without bookings, its rooms at its site (event
//     tables with that site) and further virtual rooms ("r<registration>-<k>")
//     up to parallel_interviews, windows = the employer's windows (or the
//     event days when it named none).
//   - Locations: the venue, employer sites ("s<site>") and applicant home
//     zones ("z<n>", one per distinct coordinate pair; applicants without
//     coordinates have no home travel). Travel minutes come from
//     matching.Params.TravelMinutes (straight line × detour ÷ speed +
//     minimum); a pair of places of which one has no coordinates gets the
//     minimum.
//   - Scores 1–5 become 20–100. Fixed meetings are the interviews the planner
//     must not move: pinned ones and every one that was already sent out
//     (invited, confirmed, attended, no-show). Declined and cancelled ones
//     free their slot; planned, unpinned ones are what a re-plan replaces.
package planning
