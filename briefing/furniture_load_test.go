package briefing_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// TestLoadedIndexKnowsFurniture: a source's furniture (a line it puts
// in every article) is learned while syncing; an engine that loaded a
// snapshot instead must know it too, or its summaries would quote the
// furniture where a rebuilt engine's do not.
func TestLoadedIndexKnowsFurniture(t *testing.T) {
	ctx := context.Background()
	store := briefingtest.NewMemStore()
	var arts []briefing.Article
	for i := range 120 {
		src := []string{"wire-a", "wire-b"}[i%2]
		arts = append(arts, briefing.Article{Source: src, GUID: fmt.Sprint(i),
			Title:     fmt.Sprintf("Canal lock repairs delayed again (%d)", i),
			Published: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
			Text: fmt.Sprintf("Engineers said the canal lock repairs would take %d more weeks.\n\n", 2+i%9) +
				"Sign up for the " + src + " newsletter and follow us for daily updates.\n\n" +
				"Barges are queuing at the canal lock while the repairs go on."})
	}
	writer := briefing.NewEngine(store, briefing.Config{})
	ingestAll(t, writer, arts)
	var snap bytes.Buffer
	if _, err := writer.SaveIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	loaded := briefing.NewEngine(store, briefing.Config{})
	if _, err := loaded.LoadIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}
	rebuilt := briefing.NewEngine(store, briefing.Config{})
	opt := briefing.BriefOptions{Sentences: 3, Limit: 3}
	want, err := rebuilt.Brief(ctx, "canal lock repairs", opt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.Brief(ctx, "canal lock repairs", opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Items) == 0 {
		t.Fatal("the topic selects nothing")
	}
	for _, it := range want.Items {
		if strings.Contains(strings.Join(it.Summary, " "), "newsletter") {
			t.Fatalf("the rebuilt engine quotes the furniture line; the test proves nothing: %q", it.Summary)
		}
	}
	got.GeneratedAt = want.GeneratedAt
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the loaded engine briefs differently:\n%+v\n%+v", got.Items, want.Items)
	}
}
