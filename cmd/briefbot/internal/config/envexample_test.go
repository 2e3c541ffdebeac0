package config

import (
	"bufio"
	"log/slog"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/sources"
)

// testOnly are keys the loaders read that are deliberately not documented.
var testOnly = []string{"BRIEFBOT_TEST_CLOCK_OFFSET"}

// envExample is .env.example's KEY=VALUE lines.
func envExample(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../../../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vals := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			vals[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return vals
}

// loaded is every parsed setting, loggers left out (each load makes its own).
type loaded struct {
	Config  Config
	Digests Digests
	Sources Sources
	Slack   any
	Discord any
	LLM     LLM
	Web     any
}

// loadAll runs every loader of the package through getenv, as serve does.
func loadAll(getenv func(string) string) (loaded, error) {
	var l loaded
	var err error
	log := slog.New(slog.DiscardHandler)
	if l.Config, err = Load(getenv); err != nil {
		return l, err
	}
	l.Config.Getenv = getenv
	if l.Digests, err = LoadDigests(getenv); err != nil {
		return l, err
	}
	if l.Sources, err = LoadSources(getenv); err != nil {
		return l, err
	}
	if l.Sources.Lease == 0 { // the poller's default over storage.Store, which renews claims
		l.Sources.Lease = sources.DefaultLease
	}
	sl, _, err := l.Config.Slack(log)
	if err != nil {
		return l, err
	}
	sl.Logger = nil
	dc, _ := l.Config.Discord(log)
	dc.Logger = nil
	if l.LLM, _, err = l.Config.LLM(); err != nil {
		return l, err
	}
	if _, err = l.Config.Naming(); err != nil {
		return l, err
	}
	w, err := l.Config.Web(log)
	w.Logger = nil
	l.Slack, l.Discord, l.Web, l.Config.Getenv = sl, dc, w, nil
	return l, err
}

// .env.example documents exactly the keys briefbot reads: none read and
// missing, none documented and ignored.
func TestEnvExampleListsEveryKeyRead(t *testing.T) {
	read := map[string]bool{}
	if _, err := loadAll(func(k string) string { read[k] = true; return "" }); err != nil {
		t.Fatal(err)
	}
	for _, k := range testOnly {
		delete(read, k)
	}
	documented := envExample(t)
	for _, k := range slices.Sorted(maps.Keys(read)) {
		if _, ok := documented[k]; !ok {
			t.Errorf("%s is read but not in .env.example", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(documented)) {
		if !read[k] {
			t.Errorf(".env.example documents %s, which nothing reads", k)
		}
	}
}

// Every value .env.example gives is the default: copying it to .env
// changes nothing. (The overview keys are parsed only with a model set,
// so both sides have one.)
func TestEnvExampleValuesAreTheDefaults(t *testing.T) {
	base := map[string]string{"BRIEFBOT_LLM_URL": "http://127.0.0.1:1/v1", "BRIEFBOT_LLM_MODEL": "m"}
	want, err := loadAll(func(k string) string { return base[k] })
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range envExample(t) {
		if v == "" || base[k] != "" {
			continue
		}
		got, err := loadAll(func(key string) string {
			if key == k {
				return v
			}
			return base[key]
		})
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf(".env.example %s=%s is not the default (err %v):\ngot  %+v\nwant %+v", k, v, err, got, want)
		}
	}
}
