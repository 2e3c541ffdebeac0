package briefing_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// A made-up local paper whose pages carry the same furniture around every
// article: a line above the story, a sentence glued onto the story's first
// paragraph (as scrapers leave it), and a share bar below. Nothing in the
// engine names these phrases; it learns them because they repeat.
var gazetteNews = []struct{ title, lead, body string }{
	{"Ferry timetable changes", "The island ferry will sail twice an hour from Monday, the operator announced.",
		"Extra crossings were added after complaints about queues at the pier. The operator hired four more deck hands for the summer."},
	{"School roof repaired", "Builders finished repairing the roof of Hillside Primary School on Tuesday.",
		"Storm damage had closed two classrooms since March. Pupils return to the rooms after the holiday."},
	{"Market moves indoors", "The Saturday farmers' market will move into the old corn exchange for the winter.",
		"Traders voted for the move after a wet autumn emptied the square. Rent for stalls stays the same."},
	{"Library extends hours", "The central library will open until eight in the evening on weekdays from next month.",
		"Volunteers will staff the late shifts under a two-year trial. Council members approved the plan without a vote."},
	{"Cycle lane opens", "A protected cycle lane along the river road opened to riders on Wednesday.",
		"The lane links the station with the university campus. Cyclists had asked for it for a decade."},
	{"Bakery wins award", "A family bakery in Quay Street won the regional prize for its rye loaf.",
		"Judges tasted more than ninety breads over two days. The owners plan to hire an apprentice."},
	{"Water main burst", "A burst water main flooded part of Mill Lane early on Thursday morning.",
		"Engineers shut the supply to sixty homes while they replaced the pipe. Bottled water was handed out at the chapel."},
	{"Choir records album", "The town choir has recorded its first album in the church of St Anne.",
		"Sales will pay for new robes and a trip to the national festival. The recording took three evenings."},
	{"Harbour dredging starts", "Dredging of the inner harbour began on Friday to let larger boats moor.",
		"The work will remove silt that built up over twenty years. Fishing boats will use the outer berths meanwhile."},
	{"Parking fees frozen", "Parking fees in council car parks will not rise this year, the finance committee said.",
		"Shop owners had warned that higher fees would keep visitors away. The freeze costs the council a small sum."},
	{"Museum gets telescope", "The maritime museum received a brass telescope once used by a lighthouse keeper.",
		"A great-grandson of the keeper donated it after clearing an attic. It goes on show in the spring."},
	{"Allotments expanded", "Twenty new allotment plots were marked out beside the cemetery on Saturday.",
		"The waiting list had grown to over a hundred names. Plots go to those who have waited longest."},
}

const (
	furnitureAbove = "Listen to this article"
	furnitureGlued = "Watch the clip below"
	furnitureShare = "Get the Gazette's morning newsletter in your inbox"
)

func gazetteArticle(i int, published time.Time) briefing.Article {
	n := gazetteNews[i]
	text := furnitureAbove + "\n\n" + n.lead + " " + furnitureGlued + " " + n.body + "\n\n" + furnitureShare
	return briefing.Article{Source: "https://gazette.example/feed", GUID: n.title, Title: n.title, Text: text, Published: published}
}

func TestFurnitureRepeatedAcrossASourceIsLearned(t *testing.T) {
	fur := briefing.NewFurniture()
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range gazetteNews {
		fur.Learn("gazette", briefing.Clean(gazetteArticle(i, day)).Text)
	}
	fs := fur.Of("gazette")
	a := briefing.Clean(gazetteArticle(0, day))
	stripped := briefing.StripFurniture(a.Text, fs)
	if strings.Contains(stripped, furnitureAbove) || strings.Contains(stripped, furnitureShare) {
		t.Errorf("furniture lines kept:\n%s", stripped)
	}
	if !strings.Contains(stripped, gazetteNews[0].lead) || !strings.Contains(stripped, "deck hands") {
		t.Errorf("news lost:\n%s", stripped)
	}
	// Another source that never carried these lines learns nothing from
	// the gazette, and one repeated line of one article is its own furniture.
	if other := briefing.StripFurniture(a.Text, fur.Of("elsewhere")); !strings.Contains(other, furnitureAbove) {
		t.Errorf("another source's furniture used:\n%s", other)
	}
	twice := "Tap to enlarge\n\nThe pier reopened on Monday after repairs to its deck.\n\nTap to enlarge"
	if got := briefing.StripFurniture(twice, nil); got != "The pier reopened on Monday after repairs to its deck." {
		t.Errorf("a line repeated in one article: %q", got)
	}
	// With only three articles seen, nothing repeats often enough yet.
	few := briefing.NewFurniture()
	for i := range 3 {
		few.Learn("gazette", briefing.Clean(gazetteArticle(i, day)).Text)
	}
	if got := briefing.StripFurniture(a.Text, few.Of("gazette")); !strings.Contains(got, furnitureAbove) {
		t.Errorf("furniture learned from three articles:\n%s", got)
	}
}

func TestSummariesNeverShowLearnedFurniture(t *testing.T) {
	ctx := context.Background()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var arts []briefing.Article
	for i := range gazetteNews {
		arts = append(arts, gazetteArticle(i, day.Add(time.Duration(i)*time.Hour)))
	}
	if _, err := eng.Ingest(ctx, arts); err != nil {
		t.Fatal(err)
	}
	b, err := eng.Brief(ctx, "harbour dredging", briefing.BriefOptions{Sentences: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) == 0 {
		t.Fatal("no story for harbour dredging")
	}
	for _, it := range b.Items {
		for _, s := range it.Summary {
			if strings.Contains(s, furnitureGlued) || strings.Contains(s, furnitureAbove) || strings.Contains(s, furnitureShare) {
				t.Errorf("furniture in the summary of %q: %q", it.Title, s)
			}
		}
	}
}
