package svgchart

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
)

// element is a parsed SVG element, enough to check what the charts draw.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parse checks that out is well-formed XML and returns its elements.
func parse(t *testing.T, out string) []element {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(out))
	var els []element
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed SVG: %v\n%s", err, out)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			e := element{name: tk.Name.Local, attrs: map[string]string{}}
			for _, a := range tk.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			els = append(els, e)
		case xml.CharData:
			if len(els) > 0 {
				els[len(els)-1].text += string(tk)
			}
		}
	}
	return els
}

func find(els []element, name string) []element {
	var out []element
	for _, e := range els {
		if e.name == name {
			out = append(out, e)
		}
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

func TestFunnel(t *testing.T) {
	f := Funnel{ID: "funnel", Title: "Vom Vorschlag zur <Einstellung>", Desc: "Geplant 1.200, teilgenommen 600",
		Bars: []Bar{{"Vorgeschlagen", 1200, "1.200"}, {"Geplant", 600, "600"}, {"Nicht erschienen", 0, "0"}, {"Eingestellt", 3, "3"}}}
	out := string(f.SVG())
	els := parse(t, out)
	svg := els[0]
	if svg.name != "svg" || svg.attrs["role"] != "img" || svg.attrs["aria-labelledby"] != "funnel-title funnel-desc" {
		t.Errorf("svg element = %+v", svg)
	}
	if ti := find(els, "title"); len(ti) != 1 || ti[0].attrs["id"] != "funnel-title" || ti[0].text != f.Title {
		t.Errorf("title = %+v", ti)
	}
	if d := find(els, "desc"); len(d) != 1 || d[0].attrs["id"] != "funnel-desc" || d[0].text != f.Desc {
		t.Errorf("desc = %+v", d)
	}
	if strings.Contains(out, "<Einstellung>") || strings.Contains(out, "style=") || strings.Contains(out, "<script") {
		t.Errorf("unescaped text, style attribute or script in %s", out)
	}
	rects := find(els, "rect")
	if len(rects) != 4 {
		t.Fatalf("%d bars, want 4", len(rects))
	}
	full := num(t, rects[0].attrs["width"])
	if full != funnelWidth-funnelLabel-funnelValue {
		t.Errorf("longest bar is %v wide, want the whole area", full)
	}
	if w := num(t, rects[1].attrs["width"]); w != full/2 {
		t.Errorf("half value bar is %v wide, want %v", w, full/2)
	}
	if w := num(t, rects[2].attrs["width"]); w != 0 {
		t.Errorf("zero bar is %v wide", w)
	}
	if w := num(t, rects[3].attrs["width"]); w < 2 {
		t.Errorf("small non-zero bar is %v wide, want visible", w)
	}
	var texts []string
	for _, e := range find(els, "text") {
		texts = append(texts, e.text)
	}
	for _, want := range []string{"Vorgeschlagen", "1.200", "Nicht erschienen", "3"} {
		if !strings.Contains(strings.Join(texts, "|"), want) {
			t.Errorf("text %q missing in %v", want, texts)
		}
	}
	for _, r := range rects {
		if r.attrs["fill"] != ColourBlue {
			t.Errorf("bar fill %q, want %q", r.attrs["fill"], ColourBlue)
		}
	}
}

func TestFunnelEmpty(t *testing.T) {
	out := string(Funnel{ID: "f", Title: "leer", Bars: []Bar{{"A", 0, "0"}}}.SVG())
	if strings.Contains(out, "NaN") || strings.Contains(out, "Inf") {
		t.Errorf("division by zero shows: %s", out)
	}
	parse(t, out)
}

func TestColumns(t *testing.T) {
	c := Columns{ID: "months", Title: "Monate", Desc: "d", Labels: []string{"Okt. 2025", "Nov. 2025", "Dez. 2025"},
		Series: []Series{
			{Name: "Geplant", Colour: ColourSlate, Values: []int{10, 0, 7}, Texts: []string{"10", "0", "7"}},
			{Name: "Teilgenommen", Colour: ColourBlue, Values: []int{8, 0, 5}, Texts: []string{"8", "0", "5"}},
		}}
	out := string(c.SVG())
	els := parse(t, out)
	if els[0].attrs["role"] != "img" || len(find(els, "title")) != 1 || len(find(els, "desc")) != 1 {
		t.Errorf("accessible name missing: %+v", els[0])
	}
	rects := find(els, "rect")
	if len(rects) != 2+6 { // legend swatches + columns
		t.Fatalf("%d rects, want 8", len(rects))
	}
	cols := rects[2:]
	baseY := float64(colHeight - colBottom)
	// Axis top for 10 is 10 (step 2), so 10 fills the plot and 5 half of it.
	plotH := float64(colHeight - colTop - colBottom)
	if h := num(t, cols[0].attrs["height"]); h != plotH {
		t.Errorf("column of the maximum is %v high, want %v", h, plotH)
	}
	if h := num(t, cols[5].attrs["height"]); h != plotH/2 {
		t.Errorf("column of 5 is %v high, want %v", h, plotH/2)
	}
	for _, r := range cols {
		if y, h := num(t, r.attrs["y"]), num(t, r.attrs["height"]); y+h != baseY {
			t.Errorf("column does not stand on the axis: y %v h %v", y, h)
		}
	}
	if !strings.Contains(out, "Nov. 2025") || !strings.Contains(out, "Teilgenommen") {
		t.Errorf("labels or legend missing: %s", out)
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct{ max, step, top int }{
		{0, 1, 1}, {1, 1, 1}, {5, 1, 5}, {6, 2, 6}, {10, 2, 10}, {11, 5, 15}, {24, 5, 25}, {26, 10, 30}, {980, 200, 1000}, {12345, 5000, 15000},
	} {
		step, top := ticks(tc.max)
		if step != tc.step || top != tc.top {
			t.Errorf("ticks(%d) = %d, %d; want %d, %d", tc.max, step, top, tc.step, tc.top)
		}
	}
}
