package briefing_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

func story(src, title, body string) briefing.Article {
	return briefing.Article{Source: src, Title: title, Text: body, Published: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}
}

const (
	pactText = "South Korea said on Friday it would end the GSOMIA intelligence-sharing pact with Japan, " +
		"a deal signed in 2016 to share military secrets about North Korean missiles. " +
		"Officials in Seoul blamed Tokyo's export curbs for the decision, which Washington criticised."
	oilText = "Crude oil prices rose sharply on Monday after producers agreed to extend output cuts into next year. " +
		"Brent futures climbed above eighty dollars a barrel, the highest level in three months, traders said."
)

func newDigestEngine(t *testing.T, arts ...briefing.Article) (*briefing.Engine, []briefing.Article) {
	t.Helper()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	res, err := eng.Ingest(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	return eng, res.Added
}

func seenOf(ids map[int64]bool) func(context.Context, []int64) (map[int64]bool, error) {
	return func(_ context.Context, q []int64) (map[int64]bool, error) {
		out := map[int64]bool{}
		for _, id := range q {
			out[id] = ids[id]
		}
		return out, nil
	}
}

func TestDigestFoldsCopiesAndSkipsWhatWasSent(t *testing.T) {
	eng, added := newDigestEngine(t,
		story("wire-a", "Seoul ends GSOMIA pact with Japan", pactText),
		story("wire-b", "South Korea quits GSOMIA", pactText+" Japan said it regretted the move."),
		story("wire-a", "Oil jumps on output cuts", oilText),
	)
	ctx := context.Background()
	d, err := eng.Digest(ctx, briefing.DigestOptions{Topics: []string{"gsomia", "crude oil"}, Seen: seenOf(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sections) != 2 || d.Sections[0].Topic != "gsomia" || d.Sections[1].Topic != "crude oil" {
		t.Fatalf("sections = %+v", d.Sections)
	}
	if items := d.Sections[0].Items; len(items) != 1 || len(items[0].Sources) != 2 {
		t.Fatalf("the two GSOMIA copies are not one story: %+v", items)
	}
	if d.Total != 2 || d.Shown() != 2 || len(d.Covered) != 3 {
		t.Fatalf("total %d shown %d covered %v", d.Total, d.Shown(), d.Covered)
	}
	// Once one copy was sent, the story is old news, and so is the other copy.
	d, _ = eng.Digest(ctx, briefing.DigestOptions{Topics: []string{"gsomia", "crude oil"}, Seen: seenOf(map[int64]bool{added[1].ID: true})})
	if len(d.Sections) != 1 || d.Sections[0].Topic != "crude oil" {
		t.Fatalf("after sending one copy: %+v", d.Sections)
	}
	if fmt.Sprint(d.Covered) != fmt.Sprint([]int64{added[0].ID, added[2].ID}) {
		t.Fatalf("covered = %v: the unsent copy and the oil story", d.Covered)
	}
}

func TestDigestSkipsBackfillAndRepeatsAcrossTopics(t *testing.T) {
	old := story("feed", "Old oil story", oilText)
	old.Backfill = true
	eng, _ := newDigestEngine(t, old, story("feed", "Seoul ends GSOMIA pact", pactText))
	d, err := eng.Digest(context.Background(), briefing.DigestOptions{Topics: []string{"oil", "crude oil", "gsomia", "japan"}, Seen: seenOf(nil)})
	if err != nil {
		t.Fatal(err)
	}
	// The backfilled oil article is never news; the GSOMIA story shows
	// once, under the first topic that selects it.
	if len(d.Sections) != 1 || d.Sections[0].Topic != "gsomia" || d.Total != 1 {
		t.Fatalf("sections = %+v", d.Sections)
	}
}

// rankedTariffStories are six tariff stories stored most relevant first
// (the topic in the title and throughout the text) down to a passing
// mention, so that storage order and relevance disagree.
func rankedTariffStories() []briefing.Article {
	var arts []briefing.Article
	for i := range 6 {
		mentions := 6 - i
		title := fmt.Sprintf("Harbour report %d", i)
		if i < 3 {
			title = fmt.Sprintf("Tariffs report %d", i)
		}
		body := fmt.Sprintf("Report %d from desk %d on port traffic and shipping lanes near terminal %d.", i, i*7, i*13)
		for m := range mentions {
			body += fmt.Sprintf(" Note %d: tariffs on item %d were discussed by official %d.", m, i*31+m, i*5+m)
		}
		arts = append(arts, story("feed", title, body))
	}
	return arts
}

func TestDigestCapKeepsTheMostRelevantAndCarriesTheRest(t *testing.T) {
	arts := append(rankedTariffStories(), story("feed", "Oil jumps", oilText))
	eng, added := newDigestEngine(t, arts...)
	ctx := context.Background()
	ranked, err := eng.Match(ctx, "tariffs", briefing.MatchOptions{})
	if err != nil || len(ranked) != 6 {
		t.Fatalf("match = %d, %v", len(ranked), err)
	}
	best := map[int64]bool{ranked[0].ArticleID: true, ranked[1].ArticleID: true}
	if best[added[5].ID] || best[added[4].ID] {
		t.Fatalf("the test stories do not rank as written: %+v", ranked)
	}
	d, err := eng.Digest(ctx, briefing.DigestOptions{Topics: []string{"tariffs", "oil"}, MaxItems: 3, Seen: seenOf(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if d.Shown() != 3 || d.Total != 7 || len(d.Sections) != 2 || d.Sections[0].More != 4 || len(d.Sections[1].Items) != 1 {
		t.Fatalf("cap: shown %d total %d sections %+v", d.Shown(), d.Total, d.Sections)
	}
	if strings.Join(d.MoreTopics, ",") != "tariffs" {
		t.Fatalf("more topics = %v", d.MoreTopics)
	}
	for _, it := range d.Sections[0].Items {
		if !best[it.ID] {
			t.Fatalf("tariff story %q shown, want the two best ranked %v", it.Title, best)
		}
	}
	if d.Carrying != 4 || len(d.Carry) != 4 || d.Dropped != 0 || len(d.Covered) != 3 {
		t.Fatalf("carry %v (%d stories) covered %v dropped %d: the 4 cut stories must be carried, not covered",
			d.Carry, d.Carrying, d.Covered, d.Dropped)
	}
	// The next digest: what was sent is seen, what was cut is carried.
	seen := map[int64]bool{}
	for _, id := range d.Covered {
		seen[id] = true
	}
	carried := map[int64]bool{}
	for _, id := range d.Carry {
		carried[id] = true
	}
	next, err := eng.Digest(ctx, briefing.DigestOptions{Topics: []string{"tariffs", "oil"}, MaxItems: 3,
		Seen: seenOf(seen), Carried: seenOf(carried)})
	if err != nil {
		t.Fatal(err)
	}
	if next.Shown() != 3 || len(next.Sections[0].Carried) != 3 || next.Dropped != 1 || next.Carrying != 0 {
		t.Fatalf("next: shown %d sections %+v dropped %d carrying %d", next.Shown(), next.Sections, next.Dropped, next.Carrying)
	}
	for _, it := range next.Sections[0].Items {
		if seen[it.ID] || !carried[it.ID] {
			t.Fatalf("story %q repeated or not carried", it.Title)
		}
	}
	// The story cut twice is covered: a third digest has nothing.
	for _, id := range next.Covered {
		seen[id] = true
	}
	third, err := eng.Digest(ctx, briefing.DigestOptions{Topics: []string{"tariffs", "oil"}, MaxItems: 3,
		Seen: seenOf(seen), Carried: seenOf(carried)})
	if err != nil || third.Total != 0 || len(seen) != len(added) {
		t.Fatalf("third digest total %d (seen %d of %d): %v", third.Total, len(seen), len(added), err)
	}
}

// TestDigestFollowUps: with FollowUps, another outlet's copy of a story the
// channel had is listed as a follow-up of the copies it had (and is not
// covered); the same outlet's copy stays covered; without FollowUps both
// are covered, as before.
func TestDigestFollowUps(t *testing.T) {
	eng, added := newDigestEngine(t,
		story("wire-a", "Seoul ends GSOMIA pact with Japan", pactText),
		story("wire-b", "South Korea quits GSOMIA", pactText+" Japan said it regretted the move."),
		story("wire-a", "Seoul ends GSOMIA pact with Japan (update)", pactText+" The ministry confirmed it."),
	)
	ctx := context.Background()
	had := seenOf(map[int64]bool{added[0].ID: true})
	d, err := eng.Digest(ctx, briefing.DigestOptions{Topics: []string{"gsomia"}, Seen: had, FollowUps: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Shown() != 0 || len(d.FollowUps) != 1 {
		t.Fatalf("shown %d, follow-ups %+v: want no new story and one follow-up", d.Shown(), d.FollowUps)
	}
	fu := d.FollowUps[0]
	if fmt.Sprint(fu.Of) != fmt.Sprint([]int64{added[0].ID}) || fu.Item.ID != added[1].ID || fu.Topic != "gsomia" ||
		len(fu.IDs) != 2 || len(fu.Item.Sources) != 1 {
		t.Fatalf("follow-up = of %v, ids %v, item %d with %d sources; want of the first, item the other outlet's",
			fu.Of, fu.IDs, fu.Item.ID, len(fu.Item.Sources))
	}
	for _, id := range d.Covered {
		if id == added[1].ID || id == added[2].ID {
			t.Fatalf("covered %v holds a follow-up's article", d.Covered)
		}
	}
	d, err = eng.Digest(ctx, briefing.DigestOptions{Topics: []string{"gsomia"}, Seen: had})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.FollowUps) != 0 || len(d.Covered) != 2 {
		t.Fatalf("without FollowUps: follow-ups %v, covered %v; want both new copies covered", d.FollowUps, d.Covered)
	}
}
