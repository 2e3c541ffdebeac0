package digest

import (
	"testing"
	"time"
)

// TestWindowWords: the live window reads as people say it, never Go's "2m0s".
func TestWindowWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Minute: "2 min", 90 * time.Second: "90 s", 30 * time.Second: "30 s",
		time.Hour: "1 h", 90 * time.Minute: "1 h 30 min",
	} {
		if got := windowWords(d); got != want {
			t.Errorf("windowWords(%v) = %q, want %q", d, got, want)
		}
	}
}
