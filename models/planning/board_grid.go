package planning

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"treffpunkt/models"
	"treffpunkt/models/matching"
)

// Board is the grid of an event's plan: one row per table or room, one
// column per slot start, each active interview in the cell of its start.
type Board struct {
	Version     string      // PlanVersion of the interviews shown
	Slots       []BoardSlot // columns, in time order
	Rows        []BoardRow
	Addable     []models.Candidate // shortlisted pairs without an active interview
	Interviews  int                // active interviews on the board
	SlotMinutes int                // interview length without buffer
}

// BoardSlot is one column: a slot start. NewDay marks the first slot of a
// day, whose header shows the date as well.
type BoardSlot struct {
	Start  time.Time
	NewDay bool
}

// BoardRow is a table or room and its cells, one per slot.
type BoardRow struct {
	Key       string
	Label     string
	Employers string // who interviews there, comma-separated
	Cells     []BoardCell
}

// BoardCell is one slot of one row; more than one block means a clash
// that existed before (e.g. data from before the board's checks).
type BoardCell struct {
	Start  time.Time
	Blocks []BoardBlock
}

// BoardBlock is one interview as the grid shows it: compact labels for
// the cell and full ones for screen readers and the edit panel.
type BoardBlock struct {
	Interview    models.Interview
	Short        string // "Olena K."
	VacancyShort string // the vacancy title, cut to fit a cell
	Applicant    string // full name
}

// NewBoard lays out the event's active interviews on its tables and slots.
// It builds the same problem as Check, so a block sits in the row whose
// table Check would test it against.
func NewBoard(d EventData, params matching.Params) (Board, error) {
	b := Board{Version: PlanVersion(d.Interviews), SlotMinutes: d.Event.SlotMinutes}
	p, idx, err := BuildProblem(withFixed(d, 0), params)
	if err != nil {
		return b, fmt.Errorf("planning: board of event %d: %w", d.Event.ID, err)
	}
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		return b, fmt.Errorf("planning: board of event %d: %w", d.Event.ID, err)
	}
	rowIdx := map[string]int{}
	starts := map[time.Time]bool{}
	for _, e := range p.Employers {
		name := idx.Registrations[e.ID].Employer.Name
		for _, t := range e.Tables {
			ref := idx.Tables[t.ID]
			key := RowKey(t.ID, ref)
			i, ok := rowIdx[key]
			if !ok {
				i = len(b.Rows)
				rowIdx[key] = i
				b.Rows = append(b.Rows, BoardRow{Key: key, Label: ref.Label})
			}
			if !strings.Contains(", "+b.Rows[i].Employers+", ", ", "+name+", ") {
				b.Rows[i].Employers = strings.TrimPrefix(b.Rows[i].Employers+", "+name, ", ")
			}
			slot := time.Duration(t.SlotMinutes) * time.Minute
			for _, w := range t.Windows {
				for s := w.Start; !s.Add(slot).After(w.End); s = s.Add(slot) {
					starts[s.UTC()] = true
				}
			}
		}
	}
	sortRows(b.Rows, d.Event.Tables)
	rowIdx = map[string]int{}
	for i, r := range b.Rows {
		rowIdx[r.Key] = i
	}

	byID := map[int64]models.Interview{}
	for _, iv := range d.Interviews {
		byID[iv.ID] = iv
	}
	type placed struct {
		row   int
		start time.Time
		iv    models.Interview
	}
	var blocks []placed
	for _, m := range p.FixedMeetings {
		iv := byID[idx.Fixed[[2]string{m.ApplicantID, m.EmployerID}]]
		row := rowIdx[RowKey(m.TableID, idx.Tables[m.TableID])]
		starts[m.Start.UTC()] = true
		blocks = append(blocks, placed{row, m.Start.UTC(), iv})
	}
	b.Interviews = len(blocks)

	for s := range starts {
		b.Slots = append(b.Slots, BoardSlot{Start: s})
	}
	slices.SortFunc(b.Slots, func(x, y BoardSlot) int { return x.Start.Compare(y.Start) })
	col := map[time.Time]int{}
	for i := range b.Slots {
		col[b.Slots[i].Start] = i
		b.Slots[i].NewDay = i == 0 || b.Slots[i].Start.In(loc).YearDay() != b.Slots[i-1].Start.In(loc).YearDay()
	}
	for i := range b.Rows {
		b.Rows[i].Cells = make([]BoardCell, len(b.Slots))
		for j, s := range b.Slots {
			b.Rows[i].Cells[j].Start = s.Start
		}
	}
	for _, pl := range blocks {
		cell := &b.Rows[pl.row].Cells[col[pl.start]]
		cell.Blocks = append(cell.Blocks, newBlock(pl.iv))
	}

	planned := map[int64]bool{}
	for _, iv := range d.Interviews {
		if Active(iv) {
			planned[iv.CandidateID] = true
		}
	}
	for _, c := range d.Candidates {
		if !planned[c.ID] {
			b.Addable = append(b.Addable, c)
		}
	}
	slices.SortFunc(b.Addable, func(x, y models.Candidate) int {
		return cmp.Or(strings.Compare(name(x.Applicant), name(y.Applicant)), strings.Compare(x.Vacancy.Title, y.Vacancy.Title))
	})
	return b, nil
}

// sortRows puts stored tables first, then virtual rooms, each by label in
// natural order ("Tisch 2" before "Tisch 10"), as staff number them.
func sortRows(rows []BoardRow, tables []models.EventTable) {
	stored := map[string]bool{}
	for _, t := range tables {
		stored["t"+strconv.FormatInt(t.ID, 10)] = true
	}
	slices.SortStableFunc(rows, func(a, b BoardRow) int {
		return cmp.Or(cmp.Compare(boolRank(!stored[a.Key]), boolRank(!stored[b.Key])), naturalCompare(a.Label, b.Label))
	})
}

// naturalCompare compares strings with runs of digits compared as numbers.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da != "" && db != "" {
			na, _ := strconv.Atoi(da)
			nb, _ := strconv.Atoi(db)
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if c := cmp.Compare(ra, rb); c != 0 {
			return c
		}
		a, b = a[sa:], b[sb:]
	}
	return cmp.Compare(len(a), len(b))
}

func digitPrefix(s string) string {
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// newBlock labels an interview for a cell: first name and last initial
// keep 30 rows readable, and the vacancy is cut after 14 characters
// (the full title is in the block's screen-reader text and the panel).
func newBlock(iv models.Interview) BoardBlock {
	a := iv.Applicant
	short := strings.TrimSpace(a.FirstName)
	if r, _ := utf8.DecodeRuneInString(a.LastName); r != utf8.RuneError {
		short += " " + string(r) + "."
	}
	vac := iv.Vacancy.Title
	if utf8.RuneCountInString(vac) > 14 {
		vac = strings.TrimSpace(string([]rune(vac)[:13])) + "…"
	}
	return BoardBlock{Interview: iv, Short: short, VacancyShort: vac, Applicant: name(a)}
}

// FindBlock returns the block of an interview, for the edit panel.
func (b Board) FindBlock(interviewID int64) (BoardBlock, string, bool) {
	for _, r := range b.Rows {
		for _, c := range r.Cells {
			for _, bl := range c.Blocks {
				if bl.Interview.ID == interviewID {
					return bl, r.Key, true
				}
			}
		}
	}
	return BoardBlock{}, "", false
}
