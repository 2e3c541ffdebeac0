package config

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/retention"
	"github.com/briefbot/briefbot/cmd/briefbot/internal/indexfile"
)

// Config is every setting, read from the environment (and .env).
type Config struct {
	DatabaseURL string
	HTTPAddr    string
	Timezone    *time.Location
	LogLevel    slog.Level
	LogFormat   string // text or json
	APIToken    string
	Admins      []string
	BriefLimit  int
	// Explore is how many exploratory stories a /brief adds for the
	// channel to judge (bot.CoreConfig.Explore; 0: none).
	Explore      int
	MaxBodyBytes int
	// IndexFile is where the engine's index is cached between runs; ""
	// when off. IndexSaveEvery is how often serve refreshes it.
	IndexFile      string
	IndexSaveEvery time.Duration
	// SharedIndex is whether PostgreSQL replicas share an index snapshot
	// through the database (BRIEFBOT_SHARED_INDEX; on by default).
	SharedIndex bool
	// RankDepth is how many of a topic's newest candidate articles a
	// ranked answer reads (briefing.Config.RankDepth; -1: all).
	RankDepth int
	// QueryBudget is the most time one request's selection may take
	// before the topic is refused as too complex (briefing.Config).
	QueryBudget time.Duration
	// Retention is how old an article may get before serve removes it
	// (briefing/retention); 0 keeps everything.
	Retention time.Duration
	// Getenv is the environment the settings were read from (with .env
	// behind it), for the parts that read their own keys: the digest and
	// source settings below and the chat adapters.
	Getenv func(string) string
}

// Load reads the configuration through getenv. Invalid values are
// errors naming the key.
func Load(getenv func(string) string) (Config, error) {
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	cfg := Config{
		DatabaseURL: get("BRIEFBOT_DATABASE_URL", "briefbot.db"),
		HTTPAddr:    get("BRIEFBOT_HTTP_ADDR", "127.0.0.1:8080"),
		LogFormat:   get("BRIEFBOT_LOG_FORMAT", "text"),
		APIToken:    getenv("BRIEFBOT_API_TOKEN"),
		Admins:      splitList(getenv("BRIEFBOT_ADMINS")),
	}
	var err error
	if cfg.Timezone, err = time.LoadLocation(get("BRIEFBOT_TIMEZONE", "UTC")); err != nil {
		return cfg, fmt.Errorf("BRIEFBOT_TIMEZONE: unknown time zone %q (use an IANA name such as Europe/Berlin)", getenv("BRIEFBOT_TIMEZONE"))
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(get("BRIEFBOT_LOG_LEVEL", "info"))); err != nil {
		return cfg, fmt.Errorf("BRIEFBOT_LOG_LEVEL: %q is not debug, info, warn or error", getenv("BRIEFBOT_LOG_LEVEL"))
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return cfg, fmt.Errorf("BRIEFBOT_LOG_FORMAT: %q is not text or json", cfg.LogFormat)
	}
	if cfg.BriefLimit, err = positiveInt(get("BRIEFBOT_BRIEF_LIMIT", "5"), 50); err != nil {
		return cfg, fmt.Errorf("BRIEFBOT_BRIEF_LIMIT: %w", err)
	}
	if cfg.Explore, err = strconv.Atoi(get("BRIEFBOT_EXPLORE", "0")); err != nil || cfg.Explore < 0 || cfg.Explore > briefing.MaxExplore {
		return cfg, fmt.Errorf("BRIEFBOT_EXPLORE: %q is not a whole number from 0 to %d", getenv("BRIEFBOT_EXPLORE"), briefing.MaxExplore)
	}
	if cfg.MaxBodyBytes, err = positiveInt(get("BRIEFBOT_MAX_BODY_BYTES", strconv.Itoa(10<<20)), 1<<30); err != nil {
		return cfg, fmt.Errorf("BRIEFBOT_MAX_BODY_BYTES: %w", err)
	}
	cfg.IndexFile = indexfile.Path(get("BRIEFBOT_INDEX_FILE", ""), cfg.DatabaseURL)
	if cfg.IndexSaveEvery, err = time.ParseDuration(get("BRIEFBOT_INDEX_SAVE_EVERY", "10m")); err != nil || cfg.IndexSaveEvery < time.Second {
		return cfg, fmt.Errorf("BRIEFBOT_INDEX_SAVE_EVERY: %q is not a duration of at least 1s (e.g. 10m)", getenv("BRIEFBOT_INDEX_SAVE_EVERY"))
	}
	if cfg.SharedIndex, err = onOff(get("BRIEFBOT_SHARED_INDEX", "on")); err != nil {
		return cfg, fmt.Errorf("BRIEFBOT_SHARED_INDEX: %w", err)
	}
	if cfg.RankDepth, err = briefing.ParseRankDepth(get("BRIEFBOT_RANK_DEPTH", strconv.Itoa(briefing.DefaultRankDepth))); err != nil {
		return cfg, fmt.Errorf("BRIEFBOT_RANK_DEPTH: %s", briefing.ErrorMessage(err))
	}
	budget := get("BRIEFBOT_QUERY_BUDGET", briefing.DefaultQueryBudget.String())
	if cfg.QueryBudget, err = time.ParseDuration(budget); err != nil || cfg.QueryBudget < 10*time.Millisecond || cfg.QueryBudget > time.Minute {
		return cfg, fmt.Errorf("BRIEFBOT_QUERY_BUDGET: %q is not a duration from 10ms to 1m (e.g. 2s)", budget)
	}
	if v := get("BRIEFBOT_RETENTION", ""); v != "" {
		if cfg.Retention, err = retention.ParseAge(v); err != nil {
			return cfg, fmt.Errorf("BRIEFBOT_RETENTION: %w", err)
		}
	}
	return cfg, nil
}

func positiveInt(s string, maxVal int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxVal {
		return 0, fmt.Errorf("%q is not a whole number from 1 to %d", s, maxVal)
	}
	return n, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		out = append(out, f)
	}
	return out
}

// WithDotEnv returns a getenv that falls back to the KEY=VALUE lines of the
// .env file in the working directory; the real environment wins.
func WithDotEnv(getenv func(string) string, path string) (func(string) string, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return getenv, nil
	} else if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	vals := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: expected KEY=VALUE", path, n)
		}
		v = strings.TrimSpace(v)
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		} else if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = v[1 : len(v)-1]
		}
		vals[strings.TrimSpace(k)] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return func(k string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return vals[k]
	}, nil
}

// Logger is the process logger the settings ask for, writing to w.
func (c Config) Logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel, ReplaceAttr: redactAttr}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
