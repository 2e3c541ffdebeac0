package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// resumer makes discordgo v0.28.1 resume on READY's resume_gateway_url,
// which that release does not know: it caches the URL of its first
// GET /gateway and resumes there, while Discord asks clients to resume on
// the URL READY names (after an op 7 RECONNECT or any drop).
//
// The session's gateway URL is private to discordgo; the only ways in are
// its dialer and its HTTP client, and it forgets the cached URL only when
// a dial fails. So after a drop the resumer fails the next dial once,
// before any byte is sent (errRediscover), then answers the GET /gateway
// that follows with the resume URL instead of asking Discord. discordgo
// then dials that URL and sends RESUME (op 6) with its session and
// sequence. Should that dial fail, discovery goes to Discord again and
// the resume is tried on the general gateway.
type resumer struct {
	mu    sync.Mutex
	url   string // resume_gateway_url of the latest READY
	state resumeState
}

type resumeState int

const (
	resumeIdle     resumeState = iota
	resumeFailDial             // the next dial fails with errRediscover
	resumeDiscover             // the next GET /gateway answers with url
)

// errRediscover fails one gateway dial on purpose, so discordgo drops its
// cached gateway URL.
var errRediscover = errors.New("discord: switching to the resume gateway")

// onEvent records resume_gateway_url from every READY.
func (r *resumer) onEvent(_ *discordgo.Session, e *discordgo.Event) {
	if e.Type != "READY" {
		return
	}
	var ready struct {
		ResumeGatewayURL string `json:"resume_gateway_url"`
	}
	if json.Unmarshal(e.RawData, &ready) != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.url = ready.ResumeGatewayURL
}

// dropped arms the switch for the next connection, when there is a URL
// to resume on.
func (r *resumer) dropped() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.url != "" {
		r.state = resumeFailDial
	}
}

// dial is the gateway dialer's NetDialContext.
func (r *resumer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	r.mu.Lock()
	fail := r.state == resumeFailDial
	if fail {
		r.state = resumeDiscover
	}
	r.mu.Unlock()
	if fail {
		return nil, errRediscover
	}
	return (&net.Dialer{}).DialContext(ctx, network, addr)
}

// transport answers the gateway discovery with the resume URL when
// armed; every other request goes to base.
func (r *resumer) transport(base http.RoundTripper) http.RoundTripper {
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		if req.Method == http.MethodGet && strings.HasSuffix(req.URL.Path, "/gateway") {
			r.mu.Lock()
			url, use := r.url, r.state == resumeDiscover
			if use {
				r.state = resumeIdle
			}
			r.mu.Unlock()
			if use {
				body, _ := json.Marshal(map[string]string{"url": url})
				return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
					Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(body)),
					ContentLength: int64(len(body)), Request: req}, nil
			}
		}
		return base.RoundTrip(req)
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
