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

// rawStatusServer answers every request with status line "HTTP/1.1
// <status>" as written, which net/http's server would not send.
func rawStatusServer(t *testing.T, status string) string {
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
	url := rawStatusServer(t, "404 \x1b]8;;https://evil.example\x07Not\x1b]8;;\x07 \x1b[31mFound "+strings.Repeat("X", 4000))
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
