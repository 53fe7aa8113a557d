// Package svgchart draws small, accessible bar charts as inline SVG on the
// server: no chart service, no JavaScript. Each chart is an image
// (role="img") named by its <title> and described by its <desc>; the page
// shows the same numbers in a data table next to it, which is what screen
// readers and printouts rely on. Colours are SVG presentation attributes
// (fill=…), not style attributes, so the strict CSP holds. Labels and
// numbers come in as text the caller has already localised.
package svgchart

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Colours from the KERN UX palette as plain hex, because presentation
// attributes cannot use CSS custom properties. Each has at least 4.5:1
// contrast on white, above the 3:1 that graphics need.
const (
	ColourBlue      = "#1a3da5" // KERN action default (dark blue)
	ColourSlate     = "#4a4e63" // KERN layout text muted
	ColourTurquoise = "#006b64" // KERN feedback success, darkened for contrast
	colourText      = "#171a2b" // KERN layout text default
	colourGrid      = "#c8cad6" // KERN layout border
)

// Bar is one labelled value. Text is the value as shown, localised.
type Bar struct {
	Label string
	Value int
	Text  string
}

// Funnel is a horizontal bar chart, one bar per step, longest first in
// a funnel but drawn in the given order.
type Funnel struct {
	ID          string // unique on the page; prefixes the ids of title and desc
	Title, Desc string
	Bars        []Bar
	Colour      string // "" = ColourBlue
}

// Layout of the funnel in viewBox units.
const (
	funnelWidth  = 720
	funnelLabel  = 250 // label column, wide enough for "Einstiegsqualifizierung (EQ)"
	funnelValue  = 80  // room for the number right of the longest bar
	funnelRow    = 40
	funnelBar    = 26
	funnelMargin = 8
)

// SVG returns the funnel as inline SVG.
func (f Funnel) SVG() template.HTML {
	colour := f.Colour
	if colour == "" {
		colour = ColourBlue
	}
	maxV := 0
	for _, b := range f.Bars {
		maxV = max(maxV, b.Value)
	}
	height := 2*funnelMargin + len(f.Bars)*funnelRow
	var sb strings.Builder
	// 16 units: the chart sits in a column about 720 pixels wide, so its
	// text comes out near the page's body text size.
	open(&sb, f.ID, f.Title, f.Desc, funnelWidth, height, 16)
	area := float64(funnelWidth - funnelLabel - funnelValue)
	for i, b := range f.Bars {
		y := funnelMargin + i*funnelRow
		w := 0.0
		if maxV > 0 && b.Value > 0 {
			w = max(area*float64(b.Value)/float64(maxV), 2) // a non-zero value stays visible
		}
		mid := y + funnelRow/2
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="middle" fill="%s">%s</text>`,
			funnelLabel-10, mid, colourText, esc(b.Label))
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`,
			funnelLabel, mid-funnelBar/2, w, funnelBar, colour)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d" dominant-baseline="middle" fill="%s" font-weight="600">%s</text>`,
			float64(funnelLabel)+w+8, mid, colourText, esc(b.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) //nolint:gosec // every text above went through esc
}

// Series is one kind of value over the columns of a Columns chart.
type Series struct {
	Name   string
	Colour string
	Values []int
	Texts  []string // localised values, same length as Values
}

// Columns is a grouped column chart: one group per label (a month), one
// column per series, with a legend.
type Columns struct {
	ID          string
	Title, Desc string
	Labels      []string // one per group, e.g. "Jan 2026"
	Series      []Series
	TickText    func(int) string // localises the axis numbers; nil = plain
}

// Layout of the column chart in viewBox units.
const (
	colWidth   = 720
	colHeight  = 320
	colLeft    = 48 // axis numbers
	colRight   = 8
	colTop     = 40 // legend
	colBottom  = 36 // group labels
	colGapFrac = 0.25
)

// SVG returns the chart as inline SVG.
func (c Columns) SVG() template.HTML {
	maxV := 0
	for _, s := range c.Series {
		for _, v := range s.Values {
			maxV = max(maxV, v)
		}
	}
	step, top := ticks(maxV)
	plotH := float64(colHeight - colTop - colBottom)
	plotW := float64(colWidth - colLeft - colRight)
	baseY := float64(colHeight - colBottom)
	tick := c.TickText
	if tick == nil {
		tick = func(n int) string { return fmt.Sprint(n) }
	}
	var sb strings.Builder
	open(&sb, c.ID, c.Title, c.Desc, colWidth, colHeight, 14)

	// Legend: a swatch and the series name, left to right.
	x := float64(colLeft)
	for _, s := range c.Series {
		fmt.Fprintf(&sb, `<rect x="%.1f" y="10" width="14" height="14" fill="%s"/>`, x, s.Colour)
		fmt.Fprintf(&sb, `<text x="%.1f" y="17" dominant-baseline="middle" fill="%s">%s</text>`, x+20, colourText, esc(s.Name))
		x += 20 + float64(8*len([]rune(s.Name))) + 28
	}
	// Grid lines with their numbers.
	for v := 0; v <= top; v += step {
		y := baseY - plotH*float64(v)/float64(top)
		fmt.Fprintf(&sb, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>`,
			colLeft, colWidth-colRight, y, y, colourGrid)
		fmt.Fprintf(&sb, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle" fill="%s" font-size="12">%s</text>`,
			colLeft-6, y, colourText, esc(tick(v)))
	}
	groups := len(c.Labels)
	if groups > 0 && len(c.Series) > 0 {
		groupW := plotW / float64(groups)
		barW := groupW * (1 - colGapFrac) / float64(len(c.Series))
		for g, label := range c.Labels {
			gx := float64(colLeft) + groupW*float64(g) + groupW*colGapFrac/2
			for si, s := range c.Series {
				if g >= len(s.Values) {
					continue
				}
				h := plotH * float64(s.Values[g]) / float64(top)
				bx := gx + barW*float64(si)
				fmt.Fprintf(&sb, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, bx, baseY-h, barW-1, h, s.Colour)
				// The number above the column, where it fits and is not zero
				// (a row of zeros is noise); the table has them all.
				if barW >= 16 && g < len(s.Texts) && s.Values[g] != 0 {
					fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s" font-size="11">%s</text>`,
						bx+(barW-1)/2, baseY-h-4, colourText, esc(s.Texts[g]))
				}
			}
			fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s" font-size="12">%s</text>`,
				gx+groupW*(1-colGapFrac)/2, baseY+20, colourText, esc(label))
		}
	}
	fmt.Fprintf(&sb, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>`,
		colLeft, colWidth-colRight, baseY, baseY, colourText)
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) //nolint:gosec // every text above went through esc
}

// ticks picks a grid step of 1, 2 or 5 times a power of ten giving at most
// five lines, and the top of the axis as a multiple of it.
func ticks(maxV int) (step, top int) {
	if maxV <= 0 {
		return 1, 1
	}
	for pow := 1; ; pow *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * pow
			if (maxV+step-1)/step <= 5 {
				top = (maxV + step - 1) / step * step
				return step, top
			}
		}
	}
}

// open writes the <svg> element with its accessible name and description.
func open(sb *strings.Builder, id, title, desc string, w, h, fontSize int) {
	id = esc(id)
	fmt.Fprintf(sb, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" font-family="Fira Sans, Arial, sans-serif" font-size="%d" focusable="false">`,
		w, h, id, id, fontSize)
	fmt.Fprintf(sb, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
}

func esc(s string) string { return html.EscapeString(s) }
