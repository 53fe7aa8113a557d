// Package scheduling is the Treffpunkt planner: it decides who meets whom,
// when and at which table, for a job fair at one venue or a speed-dating at
// many employer sites with travel between them. It is pure Go: plain structs
// in, a timetable out; no web, database or mail code, and the clock and the
// random seed are parameters.
//
// The exchange format is FORMAT.md v1: Problem and Schedule encode to it
// exactly, ParseProblem reads it and reports bad input with its JSON path,
// Validate checks every hard rule independently of the solver.
//
// # How Solve works
//
//  1. Relaxation. Ignoring clock times, choosing meetings is a maximum-weight
//     b-matching: employers and applicants have caps, each candidate pair
//     meets at most once, and the per-day cap becomes applicant-day nodes.
//     It is solved exactly as a min-cost flow (Dijkstra with potentials and
//     blocking flows on tight edges, so the number of phases is the number
//     of distinct path costs, about a hundred). Its value is an upper bound
//     (Stats.Bound) and its choice is the starting point. In coverage_first
//     mode each applicant's first unit to the sink carries a large bonus, so
//     the relaxation also maximises coverage first.
//  2. Construction. The chosen pairs are put into the earliest table slot that
//     fits (on the day the flow chose), best score first; in coverage_first
//     mode everybody's first meeting goes in before anybody's second, most
//     constrained applicants first. Then every other pair that still fits.
//     In coverage_first mode an augmenting-path phase follows: an uncovered
//     applicant takes a slot, and whoever loses her only meeting is served
//     the same way, recursively (Kuhn's algorithm with table slots and
//     employer caps as the resources).
//  3. Large-neighbourhood search. Each iteration removes a few meetings around
//     one target and re-inserts greedily (best score first with a little
//     noise). Targets: an unplaced pair (evict a meeting of its full
//     employer or applicant and the occupant of one of its slots, then place
//     it: an ejection chain), an applicant (free two applicants' timetables),
//     or a run of table slots. For coverage it also steals slots from
//     applicants with two meetings and follows alternating paths through
//     full employers. A move is kept unless the lexicographic objective
//     (coverage if coverage_first, primary, min interviews over the fairness
//     population) gets worse; rejected moves are undone from a journal.
//  4. A final fill adds anything that still fits, so every unplaced reason is
//     true: employer_full and applicant_full mean the cap is reached,
//     conflict means every fitting slot is taken or clashes.
//
// Determinism: the search runs an iteration budget derived from the instance
// (50 per open candidate pair + 20,000, at most 1.5 million, times
// Options.Effort; it ends early after a quarter of the budget without a
// strict gain) with a seeded PCG generator. Options.TimeLimit and ctx are only safety stops: if they fire,
// the best feasible schedule so far is returned with Stats.Stopped set, and
// the result then depends on machine speed.
//
// Data are compact: ids become int32 indices, instants Unix seconds, and each
// eligible pair carries the precomputed list of slots that fit the
// applicant's windows and home travel on their own, so testing a placement
// costs O(meetings of that applicant).
package scheduling
