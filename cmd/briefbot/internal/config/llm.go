package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/adapters/llm"
)

// llmKeys are the keys of the optional written overviews (see
// .env.example). Nothing happens unless BRIEFBOT_LLM_URL is set.
var llmKeys = []string{"BRIEFBOT_LLM_URL", "BRIEFBOT_LLM_MODEL", "BRIEFBOT_LLM_KEY", "BRIEFBOT_LLM_TIMEOUT",
	"BRIEFBOT_LLM_BUDGET", "BRIEFBOT_LLM_STREAM"}

// LLM are the written-overview settings, parsed.
type LLM struct {
	Client  llm.Config
	Timeout time.Duration
	Budget  int64 // tokens per day
}

// LLM reads the written-overview keys; set is false when BRIEFBOT_LLM_URL
// is empty (the other keys alone change nothing).
func (c Config) LLM() (s LLM, set bool, err error) {
	vals := map[string]string{}
	for _, k := range llmKeys {
		if c.Getenv != nil {
			vals[k] = strings.TrimSpace(c.Getenv(k))
		}
	}
	if vals["BRIEFBOT_LLM_URL"] == "" {
		return s, false, nil
	}
	s.Client = llm.Config{URL: vals["BRIEFBOT_LLM_URL"], Model: vals["BRIEFBOT_LLM_MODEL"], Key: vals["BRIEFBOT_LLM_KEY"]}
	if s.Client.Model == "" {
		return s, true, errors.New("BRIEFBOT_LLM_MODEL: required when BRIEFBOT_LLM_URL is set (e.g. llama3.2)")
	}
	if s.Timeout, err = llmTimeout(vals["BRIEFBOT_LLM_TIMEOUT"]); err != nil {
		return s, true, err
	}
	s.Budget = 200_000
	if v := vals["BRIEFBOT_LLM_BUDGET"]; v != "" {
		if s.Budget, err = strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 10, 64); err != nil || s.Budget < 1 {
			return s, true, fmt.Errorf("BRIEFBOT_LLM_BUDGET: %q is not a positive number of tokens per day", v)
		}
	}
	if v := vals["BRIEFBOT_LLM_STREAM"]; v != "" {
		if s.Client.Stream, err = strconv.ParseBool(v); err != nil {
			return s, true, fmt.Errorf("BRIEFBOT_LLM_STREAM: %q is not true or false", v)
		}
	}
	return s, true, nil
}

func llmTimeout(v string) (time.Duration, error) {
	if v == "" {
		return 20 * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		if secs, err2 := strconv.Atoi(v); err2 == nil {
			d, err = time.Duration(secs)*time.Second, nil
		}
	}
	if err != nil || d < 100*time.Millisecond || d > 5*time.Minute {
		return 0, fmt.Errorf("BRIEFBOT_LLM_TIMEOUT: %q is not a duration from 100ms to 5m (e.g. 20s)", v)
	}
	return d, nil
}
