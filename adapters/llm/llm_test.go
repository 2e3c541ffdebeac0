package llm_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/adapters/llm"
	"github.com/briefbot/briefbot/adapters/llm/llmfake"
	"github.com/briefbot/briefbot/bot/overview"
)

var prompt = overview.Prompt{System: "be brief", User: "stories: []", MaxTokens: 50}

func client(t *testing.T, fake *llmfake.Server, key string, stream bool) *llm.Client {
	t.Helper()
	c, err := llm.New(llm.Config{URL: fake.URL(), Model: "fake-model", Key: key, Stream: stream})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestComplete(t *testing.T) {
	for _, stream := range []bool{false, true} {
		name := map[bool]string{false: "JSON", true: "SSE"}[stream]
		t.Run(name, func(t *testing.T) {
			fake := llmfake.New(t)
			fake.RequireKey("sk-test-secret")
			text := "Dock workers walked out [1]. The strike cost $1.2bn [2]."
			fake.Script(llmfake.Reply{Text: text, PromptTokens: 120, CompletionTokens: 18})
			ans, err := client(t, fake, "sk-test-secret", stream).Complete(context.Background(), prompt)
			if err != nil {
				t.Fatal(err)
			}
			if ans.Text != text || ans.PromptTokens != 120 || ans.CompletionTokens != 18 {
				t.Fatalf("answer = %+v", ans)
			}
			reqs := fake.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if r.Model != "fake-model" || r.Stream != stream || r.MaxTokens != 50 || len(r.Messages) != 2 ||
				r.Messages[0].Role != "system" || r.Messages[1].Content != prompt.User {
				t.Errorf("request = %+v", r)
			}
		})
	}
}

func TestNoKeyNoAuthorization(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-from-the-environment")
	t.Setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
	fake := llmfake.New(t)
	fake.Script(llmfake.Reply{Text: "ok"})
	if _, err := client(t, fake, "", false).Complete(context.Background(), prompt); err != nil {
		t.Fatal(err)
	}
	if got := fake.Requests()[0].Authorization; got != "" {
		t.Errorf("Authorization = %q; the SDK's environment defaults leaked in", got)
	}
}

func TestFailures(t *testing.T) {
	t.Run("RateLimited", func(t *testing.T) {
		fake := llmfake.New(t)
		fake.Script(llmfake.Reply{Status: 429, RetryAfter: "7"})
		_, err := client(t, fake, "", false).Complete(context.Background(), prompt)
		var rl *overview.RateLimitError
		if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
			t.Fatalf("err = %v, want a RateLimitError of 7s", err)
		}
		if n := len(fake.Requests()); n != 1 {
			t.Errorf("%d requests; the client must not retry", n)
		}
	})
	t.Run("ServerError", func(t *testing.T) {
		fake := llmfake.New(t)
		fake.Script(llmfake.Reply{Status: 500})
		_, err := client(t, fake, "sk-hidden", true).Complete(context.Background(), prompt)
		if err == nil || err.Error() != "llm: the server answered 500 Internal Server Error" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("Slow", func(t *testing.T) {
		fake := llmfake.New(t)
		fake.Script(llmfake.Reply{Text: "late", Delay: time.Minute})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := client(t, fake, "", false).Complete(ctx, prompt)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a deadline", err)
		}
	})
	t.Run("WrongKey", func(t *testing.T) {
		fake := llmfake.New(t)
		fake.RequireKey("sk-right")
		fake.Script(llmfake.Reply{Text: "x"})
		_, err := client(t, fake, "sk-wrong", false).Complete(context.Background(), prompt)
		if err == nil || err.Error() != "llm: the server answered 401 Unauthorized" {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestNewChecksConfig(t *testing.T) {
	for _, cfg := range []llm.Config{{URL: "", Model: "m"}, {URL: "ftp://x/v1", Model: "m"},
		{URL: "http://user:pw@x/v1", Model: "m"}, {URL: "http://localhost:11434/v1"}} {
		if _, err := llm.New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
}

func TestTransportErrorOmitsTheURL(t *testing.T) {
	c, err := llm.New(llm.Config{URL: "http://127.0.0.1:1/v1?api-key=SeCrEt", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Complete(context.Background(), prompt)
	if err == nil || strings.Contains(err.Error(), "SeCrEt") || strings.Contains(err.Error(), "api-key") {
		t.Fatalf("err = %v", err)
	}
}
