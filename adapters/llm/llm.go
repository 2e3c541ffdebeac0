// Package llm connects briefbot to any OpenAI-compatible chat-completions
// endpoint (a local Ollama or vLLM, or a hosted API) through the
// openai-go client, and implements overview.Model.
//
// Invariants:
//   - openai-go types never leave this package.
//   - Nothing is read from the environment here (the SDK's OPENAI_*
//     defaults are not used): the URL, model and key come from Config.
//   - The key is sent only as the bearer token of requests to Config.URL;
//     it is never logged or put in an error.
//   - No retries: a reply waits for the model at most once; a 429's
//     Retry-After is handed to the caller (overview.RateLimitError), which
//     stops calling until it has passed.
package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/briefbot/briefbot/bot/overview"
)

// Config configures a Client.
type Config struct {
	// URL is the API base URL, e.g. http://localhost:11434/v1.
	URL   string
	Model string
	Key   string // optional
	// Stream asks for server-sent events instead of one JSON body.
	Stream bool
	// HTTPClient defaults to a client with its own transport.
	HTTPClient *http.Client
}

// Client is a chat-completions client.
type Client struct {
	svc    openai.ChatCompletionService
	model  string
	stream bool
}

var _ overview.Model = (*Client)(nil)

// New checks cfg and returns a client. It makes no request.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(cfg.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, errors.New("llm: the URL must be an http(s) base URL such as http://localhost:11434/v1")
	}
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, errors.New("llm: a model name is required")
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	base := strings.TrimRight(u.String(), "/") + "/"
	svc := openai.NewChatCompletionService(option.WithHTTPClient(cfg.HTTPClient), option.WithBaseURL(base),
		option.WithAPIKey(cfg.Key), option.WithMaxRetries(0))
	return &Client{svc: svc, model: strings.TrimSpace(cfg.Model), stream: cfg.Stream}, nil
}

// Complete sends p and returns the model's reply.
func (c *Client) Complete(ctx context.Context, p overview.Prompt) (overview.Answer, error) {
	params := openai.ChatCompletionNewParams{
		Model:       c.model,
		Messages:    []openai.ChatCompletionMessageParamUnion{openai.SystemMessage(p.System), openai.UserMessage(p.User)},
		Temperature: openai.Float(0),
	}
	if p.MaxTokens > 0 {
		params.MaxTokens = openai.Int(int64(p.MaxTokens))
	}
	if c.stream {
		return c.completeStream(ctx, params)
	}
	res, err := c.svc.New(ctx, params)
	if err != nil {
		return overview.Answer{}, wrap(ctx, err)
	}
	if len(res.Choices) == 0 {
		return overview.Answer{}, errors.New("llm: the reply has no choices")
	}
	return overview.Answer{Text: res.Choices[0].Message.Content, PromptTokens: res.Usage.PromptTokens,
		CompletionTokens: res.Usage.CompletionTokens}, nil
}

func (c *Client) completeStream(ctx context.Context, params openai.ChatCompletionNewParams) (overview.Answer, error) {
	params.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	stream := c.svc.NewStreaming(ctx, params)
	defer stream.Close()
	var b strings.Builder
	var ans overview.Answer
	for stream.Next() {
		ch := stream.Current()
		if len(ch.Choices) > 0 {
			b.WriteString(ch.Choices[0].Delta.Content)
		}
		if ch.Usage.TotalTokens > 0 {
			ans.PromptTokens, ans.CompletionTokens = ch.Usage.PromptTokens, ch.Usage.CompletionTokens
		}
		if b.Len() > 64<<10 {
			return ans, errors.New("llm: the streamed reply is too long")
		}
	}
	if err := stream.Err(); err != nil {
		return ans, wrap(ctx, err)
	}
	ans.Text = b.String()
	return ans, nil
}

// wrap turns the SDK's errors into the overview package's: a 429 becomes
// a RateLimitError, a deadline the context's error; others keep only the
// status (the SDK's error text can carry the request URL and body).
func wrap(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("llm: %w", ctx.Err())
	}
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		if apiErr.StatusCode == http.StatusTooManyRequests {
			return fmt.Errorf("llm: %w", &overview.RateLimitError{RetryAfter: retryAfter(apiErr.Response)})
		}
		return fmt.Errorf("llm: the server answered %d %s", apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("llm: %w", context.DeadlineExceeded)
	}
	// A transport error names the URL, whose query may hold a credential
	// on some hosted endpoints: keep only the cause.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("llm: request failed: %w", err)
}

// retryAfter reads Retry-After (seconds or an HTTP date) or
// retry-after-ms; 0 when absent or unreadable.
func retryAfter(res *http.Response) time.Duration {
	if res == nil {
		return 0
	}
	if ms, err := strconv.ParseFloat(res.Header.Get("Retry-After-Ms"), 64); err == nil && ms > 0 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := strings.TrimSpace(res.Header.Get("Retry-After"))
	if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}
