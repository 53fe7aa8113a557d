package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"treffpunkt/models"
)

// Writer writes export rows one at a time. Close finishes the file;
// Abort gives up (after an error) without finishing it and frees what the
// writer holds. Flush hands the rows so far to the underlying writer where
// the format allows (CSV), so a streamed download makes progress.
type Writer interface {
	Write(r models.ExportRow) error
	Flush() error
	Close() error
	Abort()
}

// Format is the file format of an export.
type Format string

// Formats the exports page offers.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// ContentType is the media type of the format's files.
func (f Format) ContentType() string {
	if f == FormatXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// New returns a writer of format f that writes to w, the header first.
func New(f Format, w io.Writer, o Options) (Writer, error) {
	if o.Pseudonymised && len(o.Key) < 32 {
		return nil, errors.New("export: the pseudonymised variant needs a key of at least 32 bytes")
	}
	switch f {
	case FormatCSV:
		return newCSV(w, o)
	case FormatXLSX:
		return newXLSX(w, o)
	}
	return nil, fmt.Errorf("export: unknown format %q", f)
}

// bom is the UTF-8 byte order mark. Excel reads a CSV file without it in
// the Windows code page and garbles every umlaut; with it, as UTF-8.
const bom = "\ufeff"

// csvWriter writes ';'-separated values, the separator German Excel
// expects (',' is the decimal separator there), with CRLF line ends.
type csvWriter struct {
	o     Options
	cols  []column
	w     *csv.Writer
	cells []any
	text  []string
}

func newCSV(w io.Writer, o Options) (*csvWriter, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, fmt.Errorf("export: write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	c := &csvWriter{o: o, cols: o.columns(), w: cw}
	if err := cw.Write(Header(o)); err != nil {
		return nil, fmt.Errorf("export: write csv header: %w", err)
	}
	return c, nil
}

func (c *csvWriter) Write(r models.ExportRow) error {
	c.cells = c.cells[:0]
	for _, col := range c.cols {
		c.cells = append(c.cells, col.cell(c.o, r))
	}
	c.text = c.text[:0]
	for _, v := range c.cells {
		c.text = append(c.text, cellText(v))
	}
	if err := c.w.Write(c.text); err != nil {
		return fmt.Errorf("export: write csv row: %w", err)
	}
	return nil
}

// Flush hands the rows written so far to the underlying writer, so a
// streamed download makes progress; the handler calls it per batch.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("export: flush csv: %w", err)
	}
	return nil
}

func (c *csvWriter) Close() error { return c.Flush() }

func (c *csvWriter) Abort() {}

// xlsxWriter writes one worksheet through excelize's StreamWriter, which
// keeps at most a chunk of rows in memory and spills the rest to a
// temporary file; the zip is written to w on Close.
type xlsxWriter struct {
	o      Options
	cols   []column
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	row    int
	cells  []any
	closed bool
}

// sheetName is the single worksheet's name; Excel allows 31 characters.
const sheetName = "Treffpunkt"

func newXLSX(w io.Writer, o Options) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("export: xlsx sheet: %w", err)
	}
	sw, err := f.NewStreamWriter(sheetName)
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("export: xlsx stream: %w", err)
	}
	x := &xlsxWriter{o: o, cols: o.columns(), out: w, f: f, sw: sw, row: 1}
	header := Header(o)
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = h
	}
	if err := x.setRow(cells); err != nil {
		_ = f.Close()
		return nil, err
	}
	return x, nil
}

func (x *xlsxWriter) setRow(cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return fmt.Errorf("export: xlsx row %d: %w", x.row, err)
	}
	if err := x.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("export: xlsx row %d: %w", x.row, err)
	}
	x.row++
	return nil
}

func (x *xlsxWriter) Write(r models.ExportRow) error {
	x.cells = x.cells[:0]
	for _, col := range x.cols {
		x.cells = append(x.cells, col.cell(x.o, r))
	}
	return x.setRow(x.cells)
}

// Flush does nothing: a zip's directory comes last, so the workbook is
// written whole on Close; excelize keeps at most a chunk of rows in memory
// until then and spills the rest to a temporary file.
func (x *xlsxWriter) Flush() error { return nil }

// Abort removes the temporary file without writing the workbook.
func (x *xlsxWriter) Abort() {
	if !x.closed {
		x.closed = true
		_ = x.f.Close()
	}
}

// Close finishes the sheet, writes the workbook to w and removes the
// temporary file.
func (x *xlsxWriter) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	err := x.sw.Flush()
	if err == nil {
		err = x.f.Write(x.out)
	}
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: write xlsx: %w", err)
	}
	return nil
}
