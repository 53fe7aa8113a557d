package imapreply

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"treffpunkt/mail"
	"treffpunkt/mail/invite"
	"treffpunkt/models"
	"treffpunkt/models/testdb"
)

const (
	organizer    = "termine@treffpunkt.example"
	mailPassword = "imap-secret"
	contactEmail = "clara@sonnenhof.example"
)

// fixture is a job centre with one closed event at a venue, one employer
// registered for it, and a published interview per applicant added with
// publish.
type fixture struct {
	db       *gorm.DB
	store    *models.Store
	svc      *invite.Service
	jc       models.JobCentre
	event    models.Event
	employer models.Employer
	day      time.Time
	n        int
}

func newFixture(t testing.TB, db *gorm.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	now := testdb.Clock
	f := &fixture{db: db, store: models.NewStore(db, now)}
	inv, err := mail.NewComposer()
	testdb.Must(t, err)
	rem, err := mail.NewReminderComposer()
	testdb.Must(t, err)
	f.svc, err = invite.New(invite.Config{BaseURL: "https://treffpunkt.example/", From: "Treffpunkt <" + organizer + ">",
		LinkKey: []byte(strings.Repeat("k", 32))}, inv, rem, now)
	testdb.Must(t, err)
	f.jc = models.JobCentre{Name: "Jobcenter Kassel", Slug: "kassel", ContactEmail: "ag-s@kassel.example", ContactPhone: "0561 123"}
	testdb.Must(t, f.store.CreateJobCentre(ctx, &f.jc))
	venue, street, pc, town := "Stadthalle", "Holländische Str. 1", "34117", "Kassel"
	f.day = time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC)
	f.event = models.Event{JobCentreID: f.jc.ID, Kind: models.EventKindSpeedDating, Title: "Speed-Dating Pflege",
		Status: models.EventClosed, VenueName: &venue, VenueStreet: &street, VenuePostcode: &pc, VenueTown: &town,
		SlotMinutes: 20, PublicToken: "public-token-of-kassel",
		Days: []models.EventDay{{Date: time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC), StartsAt: f.day, EndsAt: f.day.Add(8 * time.Hour)}}}
	testdb.Must(t, f.store.CreateEvent(ctx, &f.event))
	f.employer = models.Employer{JobCentreID: f.jc.ID, Name: "Pflegeheim Sonnenhof GmbH",
		Contacts:  []models.ContactPerson{{Name: "Clara Kontakt", Email: contactEmail, Locale: models.LocaleDE}},
		Vacancies: []models.Vacancy{{Title: "Pflegehelfer/in", Hours: models.HoursFull, CandidatesWanted: 20}}}
	testdb.Must(t, f.store.CreateEmployer(ctx, &f.employer))
	// Written directly: the registration rules are not under test here.
	reg := models.EventRegistration{EventID: f.event.ID, EmployerID: f.employer.ID, ContactPersonID: f.employer.Contacts[0].ID,
		Status: models.RegistrationRegistered, ParallelInterviews: 1}
	testdb.Must(t, db.Omit(clause.Associations).Create(&reg).Error)
	return f
}

// publish adds an applicant with the e-mail address, shortlists them,
// plans an interview in the next free slot and publishes it through the
// invite service, as staff would.
func (f *fixture) publish(t testing.TB, email string) models.Interview {
	t.Helper()
	ctx := context.Background()
	f.n++
	a := models.Applicant{JobCentreID: f.jc.ID, FirstName: "Anna", LastName: fmt.Sprintf("Applicant %d", f.n), Email: email,
		PreferredLanguage: models.LanguageDE, GermanLevel: models.GermanB1, MaxInterviewsPerDay: 2,
		ConsentAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	testdb.Must(t, f.store.CreateApplicant(ctx, &a))
	testdb.Must(t, f.store.AddEventApplicants(ctx, f.jc.ID, f.event.ID, []models.EventApplicant{{ApplicantID: a.ID, MaxInterviews: 2}}, nil))
	cs := []models.Candidate{{ApplicantID: a.ID, VacancyID: f.employer.Vacancies[0].ID, Score: 4}}
	testdb.Must(t, f.store.SaveCandidates(ctx, f.jc.ID, f.event.ID, cs))
	code, err := invite.NewCheckinCode()
	testdb.Must(t, err)
	start := f.day.Add(time.Duration(f.n) * 20 * time.Minute)
	ivs := []models.Interview{{CandidateID: cs[0].ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute),
		ICalUID: f.svc.NewUID(), CheckinCode: code}}
	testdb.Must(t, f.store.CreateInterviews(ctx, f.jc.ID, f.event.ID, ivs))
	testdb.Must(t, f.store.Transaction(ctx, func(tx *models.Store) error {
		return f.svc.Publish(ctx, tx, f.jc.ID, []int64{ivs[0].ID})
	}))
	return f.reload(t, ivs[0].ID)
}

func (f *fixture) reload(t testing.TB, id int64) models.Interview {
	t.Helper()
	iv, err := f.store.GetInterview(context.Background(), f.jc.ID, id)
	testdb.Must(t, err)
	return iv
}

func (f *fixture) outboxCount(t testing.TB) int {
	t.Helper()
	rows, err := f.store.ListOutbox(context.Background(), f.jc.ID, "", 0)
	testdb.Must(t, err)
	return len(rows)
}

// mailServer is go-imap's in-memory IMAP server on a loopback port with
// the organizer's mailbox.
type mailServer struct {
	addr string
	user *imapmemserver.User
}

// newMailServer starts the server; with cert it speaks implicit TLS.
func newMailServer(t testing.TB, cert *tls.Certificate) *mailServer {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(organizer, mailPassword)
	testdb.Must(t, user.Create("INBOX", nil))
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		InsecureAuth: cert == nil,
		Logger:       log.New(io.Discard, "", 0), // handshakes the tests make fail on purpose
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
	})
	var ln net.Listener
	var err error
	if cert != nil {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{*cert}})
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	testdb.Must(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &mailServer{addr: ln.Addr().String(), user: user}
}

// deliver puts a raw message (LF line ends are turned into CRLF) into
// the mailbox, unseen, as the organizer's mail server would.
func (m *mailServer) deliver(t testing.TB, mailbox, raw string) {
	t.Helper()
	raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\n", "\r\n")
	_, err := m.user.Append(mailbox, bytes.NewReader([]byte(raw)), &imap.AppendOptions{Time: testdb.Clock()})
	testdb.Must(t, err)
}

// status returns how many messages a mailbox holds and how many are unseen.
func (m *mailServer) status(t testing.TB, mailbox string) (messages, unseen uint32) {
	t.Helper()
	st, err := m.user.Status(mailbox, &imap.StatusOptions{NumMessages: true, NumUnseen: true})
	testdb.Must(t, err)
	return *st.NumMessages, *st.NumUnseen
}

func (m *mailServer) config() Config {
	return Config{Addr: m.addr, Security: SecurityNone, Username: organizer, Password: mailPassword}
}

func newPoller(t testing.TB, cfg Config, f *fixture, log io.Writer) *Poller {
	t.Helper()
	p, err := New(cfg, f.store, f.svc, slog.New(slog.NewTextHandler(log, nil)))
	testdb.Must(t, err)
	return p
}

// selfSigned returns a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	testdb.Must(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "imap.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	testdb.Must(t, err)
	leaf, err := x509.ParseCertificate(der)
	testdb.Must(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
