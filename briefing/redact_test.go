package briefing_test

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefing"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://news.example/feed.xml":                                     "https://news.example/feed.xml",
		"https://news.example/feed.xml?lang=en&page=2#top":                  "https://news.example/feed.xml?lang=en&page=2#top",
		"http://user:pass@news.example/feed":                                "http://xxxxx@news.example/feed",
		"http://p%40ss:w#rd@x@news.example:8080/f":                          "http://xxxxx@news.example:8080/f",
		"http://tokenonly@news.example/":                                    "http://xxxxx@news.example/",
		"https://n.example/f?token=abc&lang=en":                             "https://n.example/f?token=xxxxx&lang=en",
		"https://n.example/f?lang=en&api_key=1;sig=2&X-Amz-Signature=3":     "https://n.example/f?lang=en&api_key=xxxxx;sig=xxxxx&X-Amz-Signature=xxxxx",
		"https://n.example/f?Password=1&AUTH=2&client_secret=3&sessionid=4": "https://n.example/f?Password=xxxxx&AUTH=xxxxx&client_secret=xxxxx&sessionid=xxxxx",
		"https://n.example/f#access_token=abc&x=1":                          "https://n.example/f#access_token=xxxxx&x=1",
		"http://news.example:8080/feed/@user":                               "http://news.example:8080/feed/@user",
		"https://n.example/f?q=a@b":                                         "https://n.example/f?q=a@b",
		"https://n.example/f?t%6Fken=abc":                                   "https://n.example/f?t%6Fken=xxxxx",
	} {
		if got := briefing.RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactText(t *testing.T) {
	in := `checked source url="http://u:SeCrEt1@h.example/f?token=SeCrEt2" err="Get http://a:SeCrEt3@h/x: host=db password='SeCrEt 4' dbname=x"`
	got := briefing.RedactText(in)
	if strings.Contains(got, "SeCrEt") || !strings.Contains(got, "h.example/f?token=xxxxx") || !strings.Contains(got, "dbname=x") {
		t.Fatalf("RedactText = %q", got)
	}
}
