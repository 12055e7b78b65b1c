package flows

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"lamsach/flows/msg"
)

// The chart's geometry, in pixels. Telegram shows a photo at most about
// 1280 px wide and a phone screen is narrow: one bar per village, one row
// of legend per two states, so the picture grows in height only.
const (
	chartWidth     = 800
	chartBase      = 150 // title, axis and margins
	chartRow       = 40  // per village
	chartLegendRow = 26  // per two legend entries
	chartMaxRows   = 150 // keeps the photo inside Telegram's 10000 px
	chartDPI       = 96
)

// ChartSize is the size in pixels of the report chart for a number of
// villages (bars) and of states present (legend entries), with the strip
// of the month's vaccine-passport days at the bottom.
func ChartSize(villages, states int) (w, h int) {
	villages = min(villages, chartMaxRows)
	return chartWidth, chartBase + chartRow*villages + chartLegendRow*((states+1)/2) + chartStrip
}

// stateColors colour the states: warm for waiting work, blues for the
// police's part, greens for done, purple for a failed verification.
var stateColors = map[State]color.RGBA{
	StateImported:   {158, 158, 158, 255},
	StateAssigned:   {255, 179, 0, 255},
	StateReturned:   {229, 57, 53, 255},
	StateReviewed:   {100, 181, 246, 255},
	StateConfirmed:  {30, 136, 229, 255},
	StateSigned:     {57, 73, 171, 255},
	StateExported:   {0, 137, 123, 255},
	StateEntered:    {67, 160, 71, 255},
	StateVerified:   {27, 94, 32, 255},
	StateStillWrong: {142, 36, 170, 255},
}

// chartFont is Liberation Sans, which gonum embeds and which has every
// Vietnamese letter (a test checks the labels glyph by glyph).
var chartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// reportChart draws the progress per village by state as stacked
// horizontal bars, the first village at the top, with a two-column legend
// of the states present under the plot and the month's days of step 5
// (pm) under that, and returns it as PNG.
func reportChart(l msg.Lang, rows []reportRow, title string, pm passportMonth) ([]byte, error) {
	if len(rows) > chartMaxRows {
		rows = rows[:chartMaxRows]
	}
	present := statesPresent(rows)
	p := newReportPlot(l, title, rows)
	legend, err := addStateBars(p, l, rows, present)
	if err != nil {
		return nil, err
	}
	if err := addTotals(p, rows); err != nil {
		return nil, err
	}

	w, h := ChartSize(len(rows), len(present))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cv := vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(chartDPI))
	all := draw.New(cv)
	stripH := px(chartStrip)
	drawPassportStrip(draw.Crop(all, 0, 0, 0, -(all.Max.Y-all.Min.Y-stripH)), l, pm)
	dc := draw.Crop(all, 0, 0, stripH, 0)
	// Points per pixel: the legend strip's height in the canvas's units.
	legendH := vg.Length(chartLegendRow*((len(present)+1)/2)) * 72 / chartDPI
	pad := vg.Points(10)
	p.Draw(draw.Crop(dc, pad, -2*pad, legendH+pad, -pad))
	strip := draw.Crop(dc, pad, 0, pad/2, -(dc.Max.Y - dc.Min.Y - legendH - pad/2))
	half := (strip.Max.X - strip.Min.X) / 2
	legend[0].Draw(draw.Crop(strip, 0, -half, 0, 0))
	legend[1].Draw(draw.Crop(strip, half, 0, 0, 0))

	var buf bytes.Buffer
	if err := png.Encode(&buf, cv.Image()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// statesPresent are the states some row has records in, in the report's
// order: only those get a bar and a legend entry.
func statesPresent(rows []reportRow) []State {
	var present []State
	for _, s := range reportStates {
		for _, r := range rows {
			if r.Counts[s] > 0 {
				present = append(present, s)
				break
			}
		}
	}
	return present
}

// newReportPlot is the chart's plot without its bars: the title, the
// count axis and a row a village, in the chart's font.
func newReportPlot(l msg.Lang, title string, rows []reportRow) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = tr(l, "report.axis")
	for _, ts := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font} {
		ts.Typeface, ts.Variant = chartFont.Typeface, chartFont.Variant
	}
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(8)
	p.Y.Tick.Label.Font.Size = vg.Points(11)
	p.X.Min = 0
	p.X.Tick.Marker = countTicks{}

	// NominalY puts index 0 at the bottom: reverse, so the report's order
	// reads top down.
	names := make([]string, len(rows))
	for i, r := range rows {
		names[len(rows)-1-i] = r.Name
	}
	p.NominalY(names...)
	return p
}

// addStateBars stacks a bar a state in present on each village's row, and
// returns the two legend columns naming them, filled alternately.
func addStateBars(p *plot.Plot, l msg.Lang, rows []reportRow, present []State) ([2]plot.Legend, error) {
	legend := [2]plot.Legend{plot.NewLegend(), plot.NewLegend()}
	var below *plotter.BarChart
	for i, s := range present {
		vals := make(plotter.Values, len(rows))
		for j, r := range rows {
			vals[len(rows)-1-j] = float64(r.Counts[s])
		}
		bar, err := plotter.NewBarChart(vals, vg.Points(chartRow*0.6*72/chartDPI))
		if err != nil {
			return legend, err
		}
		bar.Horizontal = true
		bar.Color = stateColors[s]
		bar.LineStyle.Width = 0
		if below != nil {
			bar.StackOn(below)
		}
		below = bar
		p.Add(bar)
		lg := &legend[i%2]
		lg.Left, lg.Top = true, true
		lg.TextStyle.Font.Typeface, lg.TextStyle.Font.Variant = chartFont.Typeface, chartFont.Variant
		lg.TextStyle.Font.Size = vg.Points(11)
		// One entry per chartLegendRow pixels: the text's height plus padding.
		lg.Padding = vg.Length(chartLegendRow)*72/chartDPI - lg.TextStyle.Rectangle("Ấg").Max.Y
		lg.Add(tr(l, "report.state."+string(s)), bar)
	}
	return legend, nil
}

// addTotals writes each village's total at the end of its bar, and makes
// room for it on the axis.
func addTotals(p *plot.Plot, rows []reportRow) error {
	var xys plotter.XYLabels
	most := 0
	for i, r := range rows {
		xys.XYs = append(xys.XYs, plotter.XY{X: float64(r.Total), Y: float64(len(rows) - 1 - i)})
		xys.Labels = append(xys.Labels, strconv.Itoa(r.Total))
		most = max(most, r.Total)
	}
	labels, err := plotter.NewLabels(xys)
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		ts := &labels.TextStyle[i]
		ts.Font.Typeface, ts.Font.Variant, ts.Font.Size = chartFont.Typeface, chartFont.Variant, vg.Points(11)
		ts.YAlign = text.YCenter
	}
	labels.Offset = vg.Point{X: vg.Points(4)}
	p.Add(labels)
	// Room for the longest total's digits after the longest bar.
	p.X.Max = float64(most) * 1.1
	return nil
}

// countTicks marks the count axis at whole numbers only: records come
// whole, and gonum's default ticks label a count of 5 as 0.00, 2.50, 5.00.
type countTicks struct{}

// maxCountTicks bounds the labels on the axis, which is about 750 px wide.
const maxCountTicks = 8

// Ticks returns a labelled tick every step from the first multiple of step
// at or above lo to hi, the step being 1, 2 or 5 times a power of ten, the
// smallest that needs at most maxCountTicks labels.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for i := 0; (hi-lo)/step >= maxCountTicks; i++ {
		step *= []float64{2, 2.5, 2}[i%3] // 1, 2, 5, 10, 20, 50, …
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ticks
}
