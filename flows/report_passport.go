package flows

import (
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"lamsach/flows/msg"
)

// chartStrip is the height in pixels of the chart's bottom panel: the
// month's days of step 5, one box a day, under the villages' bars. A panel
// of its own keeps the bars' axis about records only.
const chartStrip = 100

// markColors colour a day of the month: greens reported, red missed, amber
// for today not reported yet, grey for days that do not count.
var markColors = map[dayMark]color.RGBA{
	markSigned:    {67, 160, 71, 255},
	markNone:      {165, 214, 167, 255},
	markMissed:    {229, 57, 53, 255},
	markOpen:      {255, 179, 0, 255},
	markUntracked: {224, 224, 224, 255},
}

// px turns chart pixels into the canvas's points.
func px(n float64) vg.Length { return vg.Length(n) * 72 / chartDPI }

// drawPassportStrip draws the month's days of step 5 on c, the chart's
// bottom strip: a line with the counts, a box a day coloured by its mark
// with the day's number in it, and a legend of the marks shown.
func drawPassportStrip(c draw.Canvas, l msg.Lang, m passportMonth) {
	style := func(size float64, align text.XAlignment) draw.TextStyle {
		return draw.TextStyle{Color: color.Black, Font: font.From(chartFont, vg.Points(size)),
			Handler: plot.DefaultTextHandler, XAlign: align, YAlign: draw.YCenter}
	}
	pad := px(13)
	left, top := c.Min.X+pad, c.Max.Y
	c.StrokeLine2(draw.LineStyle{Color: color.Gray{Y: 200}, Width: px(1)}, left, top-px(2), c.Max.X-pad, top-px(2))
	title := tr(l, "passport.chart.title", m.label(), len(m.ByDay), len(m.missed()))
	c.FillText(style(11, draw.XLeft), vg.Point{X: left, Y: top - px(18)}, title)

	cell := (c.Max.X - c.Min.X - 2*pad) / vg.Length(m.Days)
	boxTop, boxH := top-px(34), px(26)
	shown := map[dayMark]bool{}
	for d := 1; d <= m.Days; d++ {
		k := m.mark(d)
		shown[k] = true
		x := left + cell*vg.Length(d-1)
		w := cell - px(3)
		c.FillPolygon(markColors[k], []vg.Point{{X: x, Y: boxTop}, {X: x + w, Y: boxTop},
			{X: x + w, Y: boxTop - boxH}, {X: x, Y: boxTop - boxH}})
		num := style(8, draw.XCenter)
		if k == markSigned || k == markMissed {
			num.Color = color.White
		}
		c.FillText(num, vg.Point{X: x + w/2, Y: boxTop - boxH/2}, strconv.Itoa(d))
	}

	x, y := left, boxTop-boxH-px(20)
	for _, k := range marks {
		if !shown[k] {
			continue
		}
		sq := px(12)
		c.FillPolygon(markColors[k], []vg.Point{{X: x, Y: y + sq/2}, {X: x + sq, Y: y + sq/2},
			{X: x + sq, Y: y - sq/2}, {X: x, Y: y - sq/2}})
		label := tr(l, "passport.mark."+k.String())
		st := style(10, draw.XLeft)
		c.FillText(st, vg.Point{X: x + sq + px(5), Y: y}, label)
		x += sq + px(5) + st.Width(label) + px(18)
	}
}
