package flows

import (
	"slices"
	"testing"
)

// TestCountTicks checks the chart's count axis is labelled at whole
// numbers, a few of them, whatever the largest village's total.
func TestCountTicks(t *testing.T) {
	for _, c := range []struct {
		hi   float64
		want []string
	}{
		{0, []string{"0"}},
		{1.1, []string{"0", "1"}},
		{5.5, []string{"0", "1", "2", "3", "4", "5"}},
		{6.6, []string{"0", "1", "2", "3", "4", "5", "6"}},
		{8.8, []string{"0", "2", "4", "6", "8"}},
		{11, []string{"0", "2", "4", "6", "8", "10"}},
		{27.5, []string{"0", "5", "10", "15", "20", "25"}},
		{110, []string{"0", "20", "40", "60", "80", "100"}},
		{1100000, []string{"0", "200000", "400000", "600000", "800000", "1000000"}},
	} {
		var got []string
		for _, tick := range (countTicks{}).Ticks(0, c.hi) {
			got = append(got, tick.Label)
			if tick.Value != float64(int64(tick.Value)) {
				t.Errorf("hi %v: tick at %v, not a whole number", c.hi, tick.Value)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("hi %v: ticks %q, want %q", c.hi, got, c.want)
		}
	}
}
