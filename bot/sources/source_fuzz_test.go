package sources_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/sources"
	"github.com/briefbot/briefbot/briefing"
)

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"https://Example.COM/feed.xml#top", "<http://example.com>", "ftp://x", "http://",
		"https://[::1]:8080/a?b=c", "http://user:pass@host/p%zz", "javascript:alert(1)", " HTTPS://x.y/z "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := sources.NormalizeURL(raw)
		if err != nil {
			var be *briefing.Error
			if !errors.As(err, &be) || be.Code != briefing.EInvalid {
				t.Fatalf("error %v: want EInvalid", err)
			}
			return
		}
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			t.Fatalf("%q normalised to %q: not http(s)", raw, u)
		}
		again, err := sources.NormalizeURL(u)
		if err != nil || again != u {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", raw, u, again, err)
		}
	})
}
