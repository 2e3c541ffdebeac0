package briefing_test

import (
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

func TestSafeLink(t *testing.T) {
	for in, want := range map[string]string{
		"https://news.example/a?b=1": "https://news.example/a?b=1", " HTTP://x.example/ ": "HTTP://x.example/",
		"javascript:alert(1)": "", "JavaScript://x.example/%0aalert(1)": "", "data:text/html;base64,xx": "",
		"vbscript:msgbox": "", "file:///etc/passwd": "", "http:///nohost": "", "https://": "", "/relative/path": "",
		"http://x.example/a b": "", "ftp://x.example/f": "", "": "",
	} {
		if got := briefing.SafeLink(in); got != want {
			t.Errorf("SafeLink(%q) = %q, want %q", in, got, want)
		}
	}
}
