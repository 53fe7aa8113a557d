package mail

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .eml files in testdata/")

var boundaryRE = regexp.MustCompile(`boundary="?([0-9A-Za-z'()+_,./:=?-]+)"?`)

// normalizeBoundaries replaces go-mail's random MIME boundaries (it offers
// no way to fix them per part) with stable ones, in order of appearance;
// everything else stays byte for byte.
func normalizeBoundaries(raw []byte) []byte {
	out := raw
	for i, m := range boundaryRE.FindAllSubmatch(raw, -1) {
		out = bytes.ReplaceAll(out, m[1], []byte("treffpunkt-boundary-"+strconv.Itoa(i+1)))
	}
	return out
}

type goldenCase struct {
	name   string
	data   func(testing.TB) InvitationData
	locale string
}

var goldenCases = []goldenCase{
	{"invite_de", sampleData, "de"},
	{"update_de", updatedData, "de"},
	{"cancel_de", cancelledData, "de"},
	{"invite_ar", sampleData, "ar"},
	{"update_ar", updatedData, "ar"},
	{"cancel_ar", cancelledData, "ar"},
}

func renderGolden(t testing.TB, c *Composer, gc goldenCase) (InvitationData, []byte) {
	t.Helper()
	d := gc.data(t)
	msg, err := c.BuildInvitation(d, gc.locale)
	if err != nil {
		t.Fatalf("BuildInvitation: %v", err)
	}
	raw, err := msg.Bytes()
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	return d, normalizeBoundaries(raw)
}

func expectationFor(d InvitationData) mailExpectation {
	return mailExpectation{
		MessageID: d.MessageID,
		From:      d.Organizer.Email,
		To:        d.Recipient.Email,
		Method:    string(d.Kind.Method()),
		UID:       d.UID,
		Sequence:  d.Sequence,
		Start:     d.Start,
		End:       d.End,
		Stamp:     d.Now,
	}
}

// TestGolden compares invite, update (moved from winter to summer time)
// and cancel, in German and Arabic, with testdata/*.eml, and runs every
// golden file through the external parsers. Regenerate with
// go test ./mail -run TestGolden -update.
func TestGolden(t *testing.T) {
	c := newTestComposer(t)
	for _, gc := range goldenCases {
		t.Run(gc.name, func(t *testing.T) {
			d, got := renderGolden(t, c, gc)
			path := filepath.Join("testdata", gc.name+".eml")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatalf("write golden: %v", err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run with -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the rendered mail; run with -update if the change is intended.\n--- got ---\n%s", path, got)
			}
			checkMail(t, want, expectationFor(d))
		})
	}
}

// TestUpdateAcrossDST checks what the golden cases rely on: the original
// is in winter time, the update in summer time, and the instants move by
// the intended local amount.
func TestUpdateAcrossDST(t *testing.T) {
	orig, upd := sampleData(t), updatedData(t)
	if orig.Start.IsDST() || !upd.Start.IsDST() {
		t.Fatalf("fixtures do not straddle the switch: %v (DST %v) → %v (DST %v)", orig.Start, orig.Start.IsDST(), upd.Start, upd.Start.IsDST())
	}
	if got, want := utcStamp(orig.Start), "20270325T081500Z"; got != want {
		t.Errorf("original 09:15 CET = %s, want %s", got, want)
	}
	if got, want := utcStamp(upd.Start), "20270329T080000Z"; got != want {
		t.Errorf("update 10:00 CEST = %s, want %s", got, want)
	}
	if orig.UID != upd.UID || upd.Sequence != orig.Sequence+1 || !upd.Now.After(orig.Now) {
		t.Errorf("update must keep the UID, raise SEQUENCE and DTSTAMP")
	}
}
