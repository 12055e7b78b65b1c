package flows

import (
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"

	"lamsach/flows/msg"
)

// TestChartFontHasVietnamese checks that the chart's font has a glyph for
// every letter the chart writes (state names, title, axis) in both
// languages, plus every Vietnamese letter a village name can hold: a
// missing glyph would show as an empty box on people's phones.
func TestChartFontHasVietnamese(t *testing.T) {
	face := font.DefaultCache.Lookup(chartFont, 12)
	if face.Face == nil {
		t.Fatalf("font %s not found", chartFont.Name())
	}
	texts := []string{"aăâbcdđeêghiklmnoôơpqrstuưvxy" +
		"àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"}
	texts = append(texts, strings.ToUpper(texts[0]))
	for _, l := range []msg.Lang{msg.VI, msg.EN} {
		for _, k := range []string{"report.axis", "report.chart_title", "report.none"} {
			texts = append(texts, msg.T(l, k))
		}
		for _, s := range reportStates {
			texts = append(texts, msg.T(l, "report.state."+string(s)))
		}
		// The strip of the month's vaccine-passport days.
		texts = append(texts, msg.T(l, "passport.chart.title"))
		for _, k := range marks {
			texts = append(texts, msg.T(l, "passport.mark."+k.String()))
		}
	}
	var buf sfnt.Buffer
	for _, s := range texts {
		for _, r := range s {
			if r == ' ' || r == '%' {
				continue
			}
			if i, err := face.Face.GlyphIndex(&buf, r); err != nil || i == 0 {
				t.Errorf("no glyph for %q (in %q)", r, s)
			}
		}
	}
}
