package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefbot/briefbot/adapters/slack/slackfake"
)

// loadKinds are the request kinds, sent in turn by every worker.
var loadKinds = []string{"api", "slack", "discord"}

// wantText is in every correct answer: a title of the sample news that
// /brief gsomia selects.
const wantText = "South Korea"

// sample is one request's outcome.
type sample struct {
	kind     string
	latency  time.Duration
	err      error
	deferred bool // answered "working on it", the reply following later
}

// drive runs the workers for o.duration (or o.maxRequests requests) and
// returns the report, with the server's memory sampled before, after the
// first tenth of the run, and at the end.
func drive(ctx context.Context, tgt *loadTarget, o loadOptions) (Report, error) {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DialContext:         loopbackOnly,
		MaxIdleConnsPerHost: o.concurrency, MaxConnsPerHost: o.concurrency}}
	defer client.CloseIdleConnections()
	rep := Report{Duration: o.duration.String(), Concurrency: o.concurrency}
	rep.Before = serverMemory(ctx, client, tgt)
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	var sent atomic.Int64
	results := make(chan sample, 4*o.concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range o.concurrency {
		wg.Go(func() {
			for i := w; ctx.Err() == nil && sent.Add(1) <= int64(o.maxRequests); i++ {
				results <- send(ctx, client, tgt, loadKinds[i%len(loadKinds)], w, i)
			}
		})
	}
	go func() { wg.Wait(); close(results) }()
	warm := time.AfterFunc(o.duration/10, func() { rep.Warm = serverMemory(context.Background(), client, tgt) })
	samples := collect(results)
	warm.Stop()
	rep.Elapsed = time.Since(start).Seconds()
	rep.After = serverMemory(context.Background(), client, tgt)
	rep.summarise(samples)
	return rep, nil
}

// loopbackOnly dials 127.0.0.1 and nothing else.
func loopbackOnly(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host != "127.0.0.1" {
		return nil, fmt.Errorf("loadtest: refusing to dial %s: only 127.0.0.1", addr)
	}
	return (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, network, addr)
}

func collect(results <-chan sample) []sample {
	var out []sample
	for s := range results {
		out = append(out, s)
	}
	return out
}

// send makes one request of kind and checks its answer. Requests cut by
// the end of the run are not counted as errors.
func send(ctx context.Context, client *http.Client, tgt *loadTarget, kind string, worker, i int) sample {
	req, err := newLoadRequest(ctx, tgt, kind, worker, i)
	if err != nil {
		return sample{kind: kind, err: err}
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return sample{kind: "cut"}
		}
		return sample{kind: kind, latency: time.Since(start), err: err}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	s := sample{kind: kind, latency: time.Since(start), err: err}
	if err == nil {
		s.deferred, s.err = checkAnswer(kind, resp.StatusCode, body)
	}
	return s
}

func newLoadRequest(ctx context.Context, tgt *loadTarget, kind string, worker, i int) (*http.Request, error) {
	switch kind {
	case "api":
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, tgt.base+"/api/v1/brief?topic=gsomia", nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+tgt.apiToken)
		}
		return req, err
	case "slack":
		form := url.Values{"command": {"/brief"}, "text": {"gsomia"}, "channel_id": {fmt.Sprintf("C%03d", worker)},
			"user_id": {"U0LOAD"}, "team_id": {"T0LOAD"}, "response_url": {tgt.sink + "/response"},
			"trigger_id": {fmt.Sprintf("t%d.%d", worker, i)}}
		return slackRequest(ctx, tgt, []byte(form.Encode()))
	}
	body, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("%d%06d", worker, i), "application_id": "1", "type": 2,
		"token": fmt.Sprintf("tok%d.%d", worker, i), "version": 1, "channel_id": fmt.Sprint(100 + worker), "guild_id": "9",
		"member": map[string]any{"user": map[string]any{"id": "77", "username": "load"}, "permissions": "0"},
		"data": map[string]any{"id": "2", "name": "brief", "type": 1,
			"options": []any{map[string]any{"name": "topic", "type": 3, "value": "gsomia"}}}})
	return discordRequest(ctx, tgt, body)
}

// slackRequest signs body as Slack does (slackfake.NewSignedRequest).
func slackRequest(ctx context.Context, tgt *loadTarget, body []byte) (*http.Request, error) {
	return slackfake.NewSignedRequest(ctx, tgt.base+"/slack/commands", tgt.signingSecret, time.Now(),
		"application/x-www-form-urlencoded", body)
}

// discordRequest signs body as Discord does (discordfake.Signer).
func discordRequest(ctx context.Context, tgt *loadTarget, body []byte) (*http.Request, error) {
	return tgt.discord.Request(tgt.base+"/discord/interactions", body, time.Now()).WithContext(ctx), nil
}

// checkAnswer says whether an answer is the briefing (or, for a chat
// platform, an acknowledgement whose reply follows).
func checkAnswer(kind string, status int, body []byte) (deferred bool, err error) {
	if status != http.StatusOK {
		return false, fmt.Errorf("%s: HTTP %d: %.200s", kind, status, body)
	}
	switch {
	case strings.Contains(string(body), wantText):
		return false, nil
	case kind == "slack" && strings.Contains(string(body), "Working on"),
		kind == "discord" && bytes.Contains(body, []byte(`"type":5`)):
		return true, nil
	}
	return false, fmt.Errorf("%s: the answer lacks the briefing: %.200s", kind, body)
}
