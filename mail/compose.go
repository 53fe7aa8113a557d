package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	texttemplate "text/template"
	"time"
)

// templates is what every composer is built from: the catalogues and one
// text and one HTML template per kind of mail. Each composer embeds it, so
// loading, locale matching and rendering are written once.
type templates struct {
	catalogs map[string]catalog
	text     *texttemplate.Template
	html     *htmltemplate.Template
}

// loadTemplates reads the catalogues and templates/<name>.txt and
// templates/<name>.html; the HTML mails share templates/layout.html, which
// calls the page's "content" block.
func loadTemplates(fsys fs.FS, name string) (templates, error) {
	cats, err := loadCatalogs(fsys)
	if err != nil {
		return templates{}, err
	}
	text, err := texttemplate.ParseFS(fsys, "templates/"+name+".txt")
	if err != nil {
		return templates{}, fmt.Errorf("mail: parse %s text template: %w", name, err)
	}
	html, err := htmltemplate.ParseFS(fsys, "templates/layout.html", "templates/"+name+".html")
	if err != nil {
		return templates{}, fmt.Errorf("mail: parse %s html template: %w", name, err)
	}
	return templates{catalogs: cats, text: text, html: html}, nil
}

// Locales lists the supported locales, sorted.
func (t templates) Locales() []string { return sortedLocales(t.catalogs) }

// Locale maps a language tag ("de-DE", "ar") to a supported locale,
// falling back to DefaultLocale.
func (t templates) Locale(tag string) string { return matchLocale(t.catalogs, tag) }

// catalog returns the supported locale for tag and its catalogue.
func (t templates) catalog(tag string) (string, catalog) {
	lang := t.Locale(tag)
	return lang, t.catalogs[lang]
}

// compose renders view into the bodies of msg, which carries the headers
// and any calendar part, and validates the result.
func (t templates) compose(msg Message, view any) (*Message, error) {
	var text, html bytes.Buffer
	if err := t.text.Execute(&text, view); err != nil {
		return nil, fmt.Errorf("mail: render text of %s: %w", msg.MessageID, err)
	}
	if err := t.html.Execute(&html, view); err != nil {
		return nil, fmt.Errorf("mail: render html of %s: %w", msg.MessageID, err)
	}
	msg.Text, msg.HTML = text.String(), html.String()
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	return &msg, nil
}

// frame is the part every mail shows: language and direction, greeting
// and signature. Views embed it.
type frame struct {
	Lang, Dir, Align string
	Subject          string
	Greeting         string
	Questions        string
	Signature        string
	Organizer        string
}

func newFrame(cat catalog, lang string, to, from Address, subject string) frame {
	f := frame{
		Lang:      lang,
		Dir:       cat.t("meta.dir"),
		Align:     "left",
		Subject:   subject,
		Greeting:  cat.t("greeting", "name", headerText(to.Name)),
		Questions: cat.t("questions"),
		Signature: cat.t("signature"),
		Organizer: headerText(from.Name),
	}
	if f.Dir == "rtl" {
		f.Align = "right"
	}
	return f
}

// interviewRows lists where and when an interview takes place, for the
// invitation and the reminder alike.
func interviewRows(cat catalog, title string, start, end time.Time, address, room string) []row {
	var rows []row
	if t := headerText(title); t != "" {
		rows = append(rows, row{Label: cat.t("label.event"), Value: t})
	}
	rows = append(rows,
		row{Label: cat.t("label.date"), Value: cat.date(start)},
		// Not isolated: the time range holds words of the locale ("من …
		// إلى …"), and digit runs keep their order in right-to-left text.
		row{Label: cat.t("label.time"), Value: cat.timeRange(start, end)},
		row{Label: cat.t("label.place"), Value: headerText(address), LTR: true},
	)
	if r := headerText(room); r != "" {
		rows = append(rows, row{Label: cat.t("label.room"), Value: r})
	}
	return rows
}
