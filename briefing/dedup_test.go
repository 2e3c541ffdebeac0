package briefing_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// readStory reads testdata/stories/name: title on the first line, text after.
func readStory(t *testing.T, name, source string, published time.Time) briefing.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "stories", name))
	if err != nil {
		t.Fatal(err)
	}
	title, text, _ := strings.Cut(string(b), "\n")
	return briefing.Article{Source: source, URL: source + "/" + name, Title: title, Text: text, Published: published}
}

func TestSameStoryFromTwoFeedsIsOneItem(t *testing.T) {
	ctx := context.Background()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	day := time.Date(2024, 5, 6, 8, 0, 0, 0, time.UTC)
	arts := []briefing.Article{
		readStory(t, "bridge-feed-a.txt", "https://a.example/feed", day.Add(time.Hour)),
		readStory(t, "bridge-feed-b.txt", "https://b.example/rss", day.Add(2*time.Hour)),
		readStory(t, "bridge-vote.txt", "https://a.example/feed", day.Add(72*time.Hour)),
	}
	if _, err := eng.Ingest(ctx, arts); err != nil {
		t.Fatal(err)
	}
	b, err := eng.Brief(ctx, "harbour bridge", briefing.BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 2 {
		t.Fatalf("want the reopening and the vote as 2 items, got %d: %+v", len(b.Items), b.Items)
	}
	reopen, vote := b.Items[0], b.Items[1]
	if len(reopen.Sources) != 2 || reopen.Sources[0].Source == reopen.Sources[1].Source {
		t.Errorf("reopening: want 2 sources from 2 feeds, got %+v", reopen.Sources)
	}
	if !reopen.Published.Equal(day.Add(time.Hour)) {
		t.Errorf("a story dates from its first report: %v", reopen.Published)
	}
	if len(vote.Sources) != 1 || !strings.Contains(vote.Title, "votes") {
		t.Errorf("vote story: %+v", vote)
	}
}

func TestTeaserFoldsIntoFullArticleAndIsNeverSummarised(t *testing.T) {
	ctx := context.Background()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	day := time.Date(2024, 5, 6, 8, 0, 0, 0, time.UTC)
	teaser := readStory(t, "bridge-teaser.txt", "https://c.example/atom", day)
	res, err := eng.Ingest(ctx, []briefing.Article{teaser})
	if err != nil || !res.Added[0].Fragment {
		t.Fatalf("teaser not marked as a fragment: %+v %v", res.Added, err)
	}
	b, err := eng.Brief(ctx, "harbour bridge", briefing.BriefOptions{Sentences: 3})
	if err != nil || len(b.Items) != 1 {
		t.Fatalf("brief: %+v %v", b, err)
	}
	for _, s := range b.Items[0].Summary {
		if strings.HasSuffix(s, "under the") {
			t.Errorf("the cut sentence was summarised as if whole: %q", s)
		}
	}
	if _, err := eng.Ingest(ctx, []briefing.Article{readStory(t, "bridge-feed-a.txt", "https://a.example/feed", day.Add(time.Hour))}); err != nil {
		t.Fatal(err)
	}
	b, err = eng.Brief(ctx, "harbour bridge", briefing.BriefOptions{})
	if err != nil || len(b.Items) != 1 {
		t.Fatalf("teaser and article: want 1 item, got %+v %v", b.Items, err)
	}
	it := b.Items[0]
	if it.Fragment || len(it.Sources) != 2 || it.Title != "Harbour bridge reopens after six weeks of cable repairs" {
		t.Errorf("the full article should lead the story: %+v", it)
	}
}

func TestFragmentsAreNotWholeSentences(t *testing.T) {
	st := briefing.NewStemmer()
	text := "said in English that all was fine inside. The embassy staff were tied up by the raiders. Two cars sped away from the building with the"
	got := st.Summarize(text, true, briefing.SummaryOptions{Sentences: 3})
	if len(got) != 1 || got[0] != "The embassy staff were tied up by the raiders." {
		t.Errorf("got %q, want only the whole middle sentence", got)
	}
	got = st.Summarize("said in English that all was fine inside the", true, briefing.SummaryOptions{Sentences: 2})
	if len(got) != 1 || !strings.HasPrefix(got[0], "… ") || !strings.HasSuffix(got[0], " …") {
		t.Errorf("a lone fragment must be marked as cut at both ends, got %q", got)
	}
}
