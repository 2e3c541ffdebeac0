package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestModelSDKStaysInItsAdapter: only adapters/llm imports the model SDK,
// and the overview logic imports no SDK, transport, storage or adapter.
func TestModelSDKStaysInItsAdapter(t *testing.T) {
	const mod = "github.com/briefbot/briefbot"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, mod+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, "github.com/openai/") && f[0] != mod+"/adapters/llm" {
				t.Errorf("%s imports %s; only adapters/llm may", f[0], imp)
			}
		}
	}
	deps, err := exec.Command("go", "list", "-deps", mod+"/bot/overview").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(deps)) {
		for _, bad := range []string{mod + "/adapters", mod + "/storage", mod + "/cmd", "gorm.io", "github.com/openai", "net/http"} {
			if strings.HasPrefix(dep, bad) {
				t.Errorf("bot/overview depends on %s", dep)
			}
		}
	}
}
