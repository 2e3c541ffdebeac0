package ingest_test

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing/ingest"
)

// rawServer answers every request with "HTTP/1.1 <status>" as written
// (a status line, and any header lines after it), which net/http's server
// would not send, and an empty body.
func rawServer(t *testing.T, status string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
					return
				}
				c.Write([]byte("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/feed.xml"
}

// A failing server's own reason phrase (escape sequences that hide a
// terminal hyperlink and recolour it, then a flood) never reaches an
// error: chat, /source list and the operator's terminal show the code
// and its standard text.
func TestFetchErrorsShowStandardStatusText(t *testing.T) {
	url := rawServer(t, "404 \x1b]8;;https://evil.example\x07Not\x1b]8;;\x07 \x1b[31mFound "+strings.Repeat("X", 4000))
	_, err := ingest.Fetcher{}.Fetch(context.Background(), url)
	_, cerr := ingest.Fetcher{}.ConditionalGet(context.Background(), url, ingest.Validators{}, time.Now())
	if err == nil || cerr == nil {
		t.Fatalf("errors: %v, %v", err, cerr)
	}
	for name, msg := range map[string]string{"Fetch": err.Error(), "ConditionalGet": cerr.Error()} {
		if strings.ContainsAny(msg, "\x1b\x07X") || !strings.Contains(msg, "HTTP 404 Not Found") {
			t.Errorf("%s: %.200q, want HTTP 404 Not Found and nothing of the server's reason phrase", name, msg)
		}
	}
	if got := ingest.FetchProblem(cerr); got != "could not fetch: HTTP 404 Not Found" {
		t.Errorf("FetchProblem = %.200q", got)
	}
}

// A server's megabyte ETag and Last-Modified are not kept as validators
// (they were stored with the source and sent back on every check); short
// ones are.
func TestHugeValidatorsAreNotKept(t *testing.T) {
	huge := rawServer(t, "200 OK\r\nETag: \""+strings.Repeat("e", 1<<20)+"\"\r\nLast-Modified: "+strings.Repeat("m", 1<<20))
	res, err := ingest.Fetcher{}.ConditionalGet(context.Background(), huge, ingest.Validators{}, time.Now())
	if err != nil || res.Validators != (ingest.Validators{}) {
		t.Errorf("huge validators: kept %d and %d bytes (%v), want none", len(res.Validators.ETag), len(res.Validators.LastModified), err)
	}
	short := rawServer(t, "200 OK\r\nETag: \"v1\"\r\nLast-Modified: Mon, 07 Dec 2026 10:00:00 GMT")
	res, err = ingest.Fetcher{}.ConditionalGet(context.Background(), short, ingest.Validators{}, time.Now())
	if err != nil || res.Validators != (ingest.Validators{ETag: `"v1"`, LastModified: "Mon, 07 Dec 2026 10:00:00 GMT"}) {
		t.Errorf("short validators: %+v, %v", res.Validators, err)
	}
}
