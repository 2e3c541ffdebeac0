package config

import (
	"os"
	"strings"
	"testing"
	"time"
)

func llmTestEnv(keys map[string]string) Config {
	return Config{Getenv: func(k string) string { return keys[k] }}
}

func TestLLMConfig(t *testing.T) {
	s, set, err := llmTestEnv(map[string]string{"BRIEFBOT_LLM_MODEL": "m", "BRIEFBOT_LLM_KEY": "k"}).LLM()
	if set || err != nil {
		t.Fatalf("without a URL: set %v, err %v", set, err)
	}
	s, set, err = llmTestEnv(map[string]string{"BRIEFBOT_LLM_URL": "http://localhost:11434/v1", "BRIEFBOT_LLM_MODEL": "llama3.2"}).LLM()
	if !set || err != nil || s.Timeout != 20*time.Second || s.Budget != 200_000 || s.Client.Stream || s.Client.Key != "" {
		t.Fatalf("defaults: %+v set %v err %v", s, set, err)
	}
	for key, bad := range map[string]map[string]string{
		"BRIEFBOT_LLM_MODEL":   {"BRIEFBOT_LLM_URL": "http://x/v1"},
		"BRIEFBOT_LLM_TIMEOUT": {"BRIEFBOT_LLM_URL": "http://x/v1", "BRIEFBOT_LLM_MODEL": "m", "BRIEFBOT_LLM_TIMEOUT": "soon"},
		"BRIEFBOT_LLM_BUDGET":  {"BRIEFBOT_LLM_URL": "http://x/v1", "BRIEFBOT_LLM_MODEL": "m", "BRIEFBOT_LLM_BUDGET": "-5"},
		"BRIEFBOT_LLM_STREAM":  {"BRIEFBOT_LLM_URL": "http://x/v1", "BRIEFBOT_LLM_MODEL": "m", "BRIEFBOT_LLM_STREAM": "maybe"},
	} {
		if _, _, err := llmTestEnv(bad).LLM(); err == nil || !strings.HasPrefix(err.Error(), key+":") {
			t.Errorf("%v: err %v, want one naming %s", bad, err, key)
		}
	}
	s, _, err = llmTestEnv(map[string]string{"BRIEFBOT_LLM_URL": "http://x/v1", "BRIEFBOT_LLM_MODEL": "m",
		"BRIEFBOT_LLM_TIMEOUT": "5", "BRIEFBOT_LLM_BUDGET": "50_000", "BRIEFBOT_LLM_STREAM": "true"}).LLM()
	if err != nil || s.Timeout != 5*time.Second || s.Budget != 50_000 || !s.Client.Stream {
		t.Fatalf("set values: %+v, %v", s, err)
	}
}

func TestLLMKeysDocumented(t *testing.T) {
	for _, f := range []string{"../../../../.env.example", "../../../../README.md"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range llmKeys {
			if !strings.Contains(string(b), k) {
				t.Errorf("%s does not document %s", f, k)
			}
		}
	}
}
