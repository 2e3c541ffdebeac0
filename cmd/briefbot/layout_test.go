package main

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The layout: every package of the module has one job, and may import only
// what its job needs. layout lists, per package, the packages of ours and
// the third-party modules it may import (directly, in non-test files);
// anything else fails TestLayout, as does a package missing from the list
// or a listed package that no longer exists. Adding an import outside the
// list is a decision: make it here, in the same change, with its reason.
//
// The standard library is open to every package except the core
// (briefing), which may not reach the network, a database or processes.

const mod = "github.com/briefbot/briefbot"

// allow is what one package may import: ours are import paths relative to
// the module; third are module paths (a module's subpackages are
// included).
type allow struct {
	ours  []string
	third []string
}

var (
	libClockwork = "github.com/jonboulle/clockwork"
	libGocron    = "github.com/go-co-op/gocron/v2"
	libXHTML     = "golang.org/x/net/html" // with its atom and charset packages
	libWebsocket = "github.com/gorilla/websocket"
)

var layout = map[string]allow{
	// The engine: the standard library and one algorithmic library.
	"briefing":              {third: []string{"github.com/kljensen/snowball"}},
	"briefing/briefingtest": {ours: []string{"briefing"}},
	"briefing/rouge":        {},
	"briefing/eventset":     {},
	"briefing/retention":    {ours: []string{"briefing"}},
	"briefing/eval":         {ours: []string{"briefing", "briefing/rouge"}},
	// Bytes to articles.
	"briefing/ingest": {ours: []string{"briefing"},
		third: []string{"codeberg.org/readeck/go-readability/v2", "github.com/mmcdole/gofeed", libXHTML}},

	// The chat layer and its features. gocron only in bot/digest and
	// bot/sources.
	"bot":         {ours: []string{"briefing"}},
	"bot/digest":  {ours: []string{"briefing", "bot"}, third: []string{libGocron, "github.com/google/uuid", libClockwork}},
	"bot/sources": {ours: []string{"briefing", "briefing/ingest", "bot"}, third: []string{libGocron, libClockwork, libXHTML}},
	// Written overviews: prompt, checks, cache and budget; no SDK.
	"bot/overview": {ours: []string{"briefing", "bot"}},

	// One face each; an SDK only in its own adapter.
	"adapters/httpapi":             {ours: []string{"briefing", "bot", "adapters/internal/httpjson"}},
	"adapters/console":             {ours: []string{"briefing", "bot"}},
	"adapters/slack":               {ours: []string{"briefing", "bot", "adapters/internal/httpjson"}, third: []string{"github.com/slack-go/slack", libClockwork}},
	"adapters/slack/slackfake":     {ours: []string{"adapters/internal/httpjson"}, third: []string{libWebsocket}},
	"adapters/discord":             {ours: []string{"briefing", "bot", "adapters/internal/httpjson"}, third: []string{"github.com/bwmarrin/discordgo", libWebsocket}},
	"adapters/discord/discordfake": {third: []string{libWebsocket}},
	"adapters/llm":                 {ours: []string{"bot/overview"}, third: []string{"github.com/openai/openai-go/v3"}},
	"adapters/llm/llmfake":         {ours: []string{"adapters/internal/httpjson"}},
	"adapters/internal/httpjson":   {},
	// The web side reads the operator's view of sources and digests.
	"adapters/web": {ours: []string{"briefing", "bot", "bot/digest", "bot/sources"}, third: []string{"github.com/google/uuid"}},

	// gorm, goose and the database drivers only in storage (pgx, gorm's
	// PostgreSQL driver, directly for the shared snapshot's chunks).
	"storage": {ours: []string{"briefing", "bot/digest", "bot/sources"},
		third: []string{"gorm.io/gorm", "gorm.io/driver/postgres", "github.com/jackc/pgx/v5", "github.com/pressly/goose/v3", "github.com/libtnb/sqlite"}},
	"storage/storagetest": {ours: []string{"storage"}, third: []string{"github.com/jackc/pgx/v5"}},

	// Wiring and subcommand dispatch: everything of ours (the internal
	// packages are the tools: nothing outside cmd/briefbot imports them).
	"cmd/briefbot": {ours: []string{"briefing", "briefing/ingest", "briefing/retention", "cmd/briefbot/internal/prune", "bot", "bot/digest", "bot/sources",
		"adapters/httpapi", "adapters/console", "adapters/slack", "adapters/discord", "adapters/llm", "adapters/web", "bot/overview", "storage",
		"cmd/briefbot/internal/cli", "cmd/briefbot/internal/config", "cmd/briefbot/internal/metrics",
		"cmd/briefbot/internal/indexfile", "cmd/briefbot/internal/bench", "cmd/briefbot/internal/loadtest",
		"cmd/briefbot/internal/memlimit",
		"cmd/briefbot/internal/evalcmd", "cmd/briefbot/internal/sourcecli",
		"cmd/briefbot/internal/sharedindex"},
		third: []string{libClockwork, "golang.org/x/term"}},
	"cmd/briefbot/internal/prune": {ours: []string{"briefing/retention", "cmd/briefbot/internal/cli"}},
	"cmd/briefbot/internal/cli":   {ours: []string{"cmd/briefbot/internal/config"}},
	// The operator's /source subcommands, run through the router.
	"cmd/briefbot/internal/sourcecli": {ours: []string{"briefing", "bot", "cmd/briefbot/internal/cli"}},
	"cmd/briefbot/internal/config": {ours: []string{"briefing", "briefing/ingest", "briefing/retention", "bot", "bot/digest", "bot/sources", "adapters/slack",
		"adapters/discord", "adapters/llm", "adapters/web", "cmd/briefbot/internal/indexfile"}},
	"cmd/briefbot/internal/indexfile":   {ours: []string{"briefing", "storage"}},
	"cmd/briefbot/internal/memlimit":    {}, // the standard library only
	"cmd/briefbot/internal/sharedindex": {ours: []string{"briefing", "storage"}},
	"cmd/briefbot/internal/metrics":     {ours: []string{"briefing", "bot", "bot/sources", "bot/overview"}, third: []string{"github.com/prometheus/client_golang"}},
	"cmd/briefbot/internal/bench": {ours: []string{"briefing", "adapters/httpapi", "storage", "cmd/briefbot/internal/cli",
		"cmd/briefbot/internal/indexfile", "cmd/briefbot/internal/sharedindex", "cmd/briefbot/internal/bench/fts", "cmd/briefbot/internal/memlimit"}},
	// The bench's FTS5 baseline: the one database driver outside storage,
	// because it measures what a user would use instead of briefbot.
	"cmd/briefbot/internal/bench/fts": {third: []string{"modernc.org/sqlite"}},
	"cmd/briefbot/internal/evalcmd":   {ours: []string{"briefing", "briefing/eval", "briefing/eventset", "storage", "cmd/briefbot/internal/cli"}},
	// The load test signs requests with the fakes' helpers.
	"cmd/briefbot/internal/loadtest": {ours: []string{"adapters/slack/slackfake", "adapters/discord/discordfake",
		"cmd/briefbot/internal/cli", "cmd/briefbot/internal/metrics"}},
}

// coreDenied are the standard-library packages the core may not import.
var coreDenied = []string{"net", "database", "os/exec", "syscall", "plugin", "unsafe"}

type listedPackage struct {
	ImportPath string
	Imports    []string
}

func TestLayout(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", mod+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, mod), "/")
		seen[rel] = true
		rule, ok := layout[rel]
		if !ok {
			t.Errorf("%s is not in the layout: add it to layout_test.go with what it may import", rel)
			continue
		}
		for _, imp := range p.Imports {
			if why := rule.refuse(rel, imp); why != "" {
				t.Errorf("%s imports %s: %s", rel, imp, why)
			}
		}
	}
	for rel := range layout {
		if !seen[rel] {
			t.Errorf("layout lists %s, which does not exist any more", rel)
		}
	}
}

// refuse says why pkg (relative to the module) may not import imp, or "".
func (a allow) refuse(pkg, imp string) string {
	first, _, _ := strings.Cut(imp, "/")
	switch {
	case strings.HasPrefix(imp, mod+"/"):
		if !slices.Contains(a.ours, strings.TrimPrefix(imp, mod+"/")) {
			return "not in its allow-list of our packages"
		}
	case !strings.Contains(first, "."): // the standard library
		if pkg == "briefing" && slices.ContainsFunc(coreDenied, func(d string) bool { return under(imp, d) }) {
			return "the core reaches no network, database or process"
		}
	default:
		if !slices.ContainsFunc(a.third, func(m string) bool { return under(imp, m) }) {
			return "not in its allow-list of third-party modules"
		}
	}
	return ""
}

// under reports whether path is p or inside it.
func under(path, p string) bool { return path == p || strings.HasPrefix(path, p+"/") }
