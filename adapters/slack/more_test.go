package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// twelveTariffStories are 12 distinct hand-written tariff stories.
func twelveTariffStories() []briefing.Article {
	places := []string{"Busan", "Rotterdam", "Santos", "Durban", "Felixstowe", "Valencia", "Mombasa", "Halifax",
		"Gdansk", "Manzanillo", "Chittagong", "Tema"}
	goods := []string{"steel coils", "soybeans", "solar panels", "sneakers", "copper wire", "wine casks", "rice",
		"lumber", "salmon", "avocados", "cotton bales", "cocoa"}
	var arts []briefing.Article
	for i, place := range places {
		arts = append(arts, briefing.Article{Source: "Harbor Wire", URL: fmt.Sprintf("https://news.example/m%d", i),
			Published: time.Date(2026, 12, 6, i, 0, 0, 0, time.UTC),
			Title:     fmt.Sprintf("Tariffs hit %s shipments of %s", place, goods[i]),
			Text: fmt.Sprintf("Customs officers in %s counted %d containers of %s held after new tariffs took effect. "+
				"Importers there said the duty of %d percent would raise shelf prices by spring.", place, 40+i*17, goods[i], 5+i*3)})
	}
	return arts
}

var tariffPlace = regexp.MustCompile(`Tariffs hit (\w+) shipments`)

// storyNumber is a story's number before its linked title in a block.
var storyNumber = regexp.MustCompile(`"\*(\d+)\. \\u003chttps://news\.example/m`)

// findValue returns the value of the first element with action_id id in
// a decoded Slack message, or "".
func findValue(v any, id string) string {
	switch v := v.(type) {
	case map[string]any:
		if v["action_id"] == id {
			s, _ := v["value"].(string)
			return s
		}
		for _, x := range v {
			if s := findValue(x, id); s != "" {
				return s
			}
		}
	case []any:
		for _, x := range v {
			if s := findValue(x, id); s != "" {
				return s
			}
		}
	}
	return ""
}

// Acceptance 4 (button): "Show more" pages through 12 stories without
// repeats, driven by signed block_actions payloads; each next page goes to
// the user who clicked, ephemerally, and numbers its stories on from the
// page before (page 2 of 5 a page starts at 6).
func TestShowMoreButtonPagesWithoutRepeats(t *testing.T) {
	w := newWorld(t, nil)
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	if _, err := eng.Ingest(context.Background(), twelveTariffStories()); err != nil {
		t.Fatal(err)
	}
	router := bot.NewRouter(bot.RouterConfig{})
	bot.RegisterCore(router, eng, w.store, bot.CoreConfig{})
	w.h.Handler = router

	_, body := w.command(t, "/brief", "tariffs limit 5", "C0GEN", w.fake.ResponseURL())
	var page map[string]any
	if len(body) > 0 {
		page = responseBody(t, body)
	} else {
		waitFor(t, w.fake, "page 1", func() bool { return len(w.fake.Responses()) == 1 })
		page = w.fake.Responses()[0].Body
	}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		raw, _ := json.Marshal(page)
		places := tariffPlace.FindAllStringSubmatch(string(raw), -1)
		if len(places) == 0 {
			t.Fatalf("page %d has no stories: %s", n, raw)
		}
		onPage := map[string]bool{} // a title is in the blocks and the fallback text
		for _, p := range places {
			onPage[p[1]] = true
		}
		nums := storyNumber.FindAllStringSubmatch(string(raw), -1)
		if len(nums) != len(onPage) {
			t.Fatalf("page %d: %d numbered stories for %d titles: %s", n, len(nums), len(onPage), raw)
		}
		for i, m := range nums {
			if want := fmt.Sprint(len(seen) + i + 1); m[1] != want {
				t.Fatalf("page %d: story %d is numbered %s, want %s", n, i+1, m[1], want)
			}
		}
		for p := range onPage {
			if seen[p] {
				t.Fatalf("page %d repeats %s", n, p)
			}
			seen[p] = true
		}
		more := findValue(page, moreActionID)
		if more == "" {
			break
		}
		if n > 3 {
			t.Fatalf("more than 3 pages of 5 for 12 stories")
		}
		respURL := w.fake.ResponseURL()
		payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": "U0BOB", "name": "bob"},
			"channel": map[string]any{"id": "C0GEN"}, "response_url": respURL, "trigger_id": "t1",
			"actions": []any{map[string]any{"action_id": moreActionID, "block_id": "b", "value": more, "type": "button"}}}
		form := url.Values{"payload": {string(mustJSON(t, payload))}}
		before := len(w.fake.Responses())
		if code, b := w.post(t, "/slack/interactions", testSecret, time.Now(), formType, []byte(form.Encode())); code != 200 {
			t.Fatalf("click: %d %s", code, b)
		}
		waitFor(t, w.fake, "the next page", func() bool { return len(w.fake.Responses()) == before+1 })
		r := w.fake.Responses()[before]
		if r.Type() != "ephemeral" {
			t.Fatalf("page %d is %s, want ephemeral to the clicker", n+1, r.Type())
		}
		page = r.Body
	}
	if len(seen) != 12 {
		t.Fatalf("paged through %d stories, want 12", len(seen))
	}
}

// A click whose value names another command runs nothing.
func TestShowMoreRunsOnlyBrief(t *testing.T) {
	w := newWorld(t, nil)
	payload := map[string]any{"type": "block_actions", "user": map[string]any{"id": "U0BOB", "name": "bob"},
		"channel": map[string]any{"id": "C0GEN"}, "response_url": w.fake.ResponseURL(), "trigger_id": "t1",
		"actions": []any{map[string]any{"action_id": moreActionID, "block_id": "b", "value": "digest off", "type": "button"}}}
	form := url.Values{"payload": {string(mustJSON(t, payload))}}
	if code, _ := w.post(t, "/slack/interactions", testSecret, time.Now(), formType, []byte(form.Encode())); code != 200 {
		t.Fatalf("click: %d", code)
	}
	w.a.work.Wait()
	if n := len(w.h.requests()); n != 0 || len(w.fake.Responses()) != 0 {
		t.Fatalf("%d commands ran, %d responses", n, len(w.fake.Responses()))
	}
}
