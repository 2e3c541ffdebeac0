package briefing_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/briefing/briefingtest"
)

// literalEngine stores hand-written articles, one per text, with GUIDs
// "a0", "a1", ... and returns the engine and a GUID lookup.
func literalEngine(t *testing.T, texts ...[2]string) (*briefing.Engine, map[int64]string) {
	t.Helper()
	eng := briefing.NewEngine(briefingtest.NewMemStore(), briefing.Config{})
	var arts []briefing.Article
	day := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, tt := range texts {
		arts = append(arts, briefing.Article{Source: "test", GUID: "a" + string(rune('0'+i)), Title: tt[0], Text: tt[1],
			Published: day.Add(time.Duration(i) * time.Hour)})
	}
	res, err := eng.Ingest(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	guid := map[int64]string{}
	for _, a := range res.Added {
		guid[a.ID] = a.GUID
	}
	return eng, guid
}

func matchGUIDs(t *testing.T, eng *briefing.Engine, guid map[int64]string, topic string, opt briefing.MatchOptions) []string {
	t.Helper()
	ms, err := eng.Match(context.Background(), topic, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, guid[m.ArticleID])
	}
	slices.Sort(out)
	return out
}

func TestHyphenatedCompoundCountsForItsParts(t *testing.T) {
	eng, guid := literalEngine(t,
		[2]string{"Canada slaps 25% counter-tariffs on steel", "Ottawa answered the levies within a day."},
		[2]string{"Orchard growers count the cost of a late frost", "Apples and pears were hit hardest."},
	)
	if got := matchGUIDs(t, eng, guid, "tariffs", briefing.MatchOptions{}); !slices.Equal(got, []string{"a0"}) {
		t.Fatalf("tariffs: %v, want the counter-tariffs story", got)
	}
	ms, _ := eng.Match(context.Background(), "tariffs", briefing.MatchOptions{Limit: 1})
	if len(ms) != 1 || ms[0].Why == "" || !strings.Contains(ms[0].Why, "title") {
		t.Errorf("the compound in the headline is a title hit: %+v", ms)
	}
}

func TestDottedAcronymMeetsPlainSpelling(t *testing.T) {
	eng, guid := literalEngine(t,
		[2]string{"U.S. lawmakers pass the harbour bill", "The vote was close."},
		[2]string{"US lawmakers debate rail funding", "A second vote is due."},
		[2]string{"Lawmakers in Lisbon debate rail funding", "No vote yet."},
	)
	for _, topic := range []string{"u.s.", "US", "U.S. lawmakers"} {
		if got := matchGUIDs(t, eng, guid, topic, briefing.MatchOptions{}); !slices.Equal(got, []string{"a0", "a1"}) {
			t.Errorf("%q: %v, want both US stories", topic, got)
		}
	}
}

// TestFunctionWordAcronymsAreNotTheWords: "US" is not the pronoun "us",
// and "WHO" and "IT" (stop words when lower-cased) can be searched for.
func TestFunctionWordAcronymsAreNotTheWords(t *testing.T) {
	eng, guid := literalEngine(t,
		[2]string{"Harbour master asks visitors for views", "Give us a call, she said. Let us know what you think of the timetable."},
		[2]string{"US sets steel tariffs", "The US government announced duties on imported steel."},
		[2]string{"Outbreak over, says WHO", "The WHO declared the outbreak over on Friday, and officials who worked on it were relieved."},
		[2]string{"Council upgrades IT systems", "The IT budget doubles next year."},
		[2]string{"Ferry timetable changes", "Who runs the late boat? It is the harbour board."},
	)
	for topic, want := range map[string][]string{
		"US": {"a1"}, "us": {"a1"}, "U.S.": {"a1"}, "US tariffs": {"a1"},
		"WHO": {"a2"}, `"WHO"`: {"a2"}, "IT": {"a3"}, "IT budget": {"a3"},
	} {
		if got := matchGUIDs(t, eng, guid, topic, briefing.MatchOptions{}); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", topic, got, want)
		}
	}
	for _, topic := range []string{"who", "it"} {
		if _, err := eng.Match(context.Background(), topic, briefing.MatchOptions{}); briefing.ErrorCode(err) != briefing.EInvalid {
			t.Errorf("%q: %v, want the stop-word error", topic, err)
		}
	}
	for in, want := range map[string]string{"WHO": "WHO", "IT budget": "IT budget", "US Tariffs": "us tariffs", `"WHO" OR Ebola`: `"WHO" OR ebola`} {
		if got := briefing.NormalizeTopic(in); got != want {
			t.Errorf("NormalizeTopic(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhraseHitIsSelectedEvenInPassing(t *testing.T) {
	eng, guid := literalEngine(t,
		[2]string{"Turnout figures released", "Officials counted ballots all night. Turnout was the highest in a presidential election since 1996, they said, and queues formed early."},
		[2]string{"Mayor opens new library", "The building has three floors and a cafe."},
	)
	if got := matchGUIDs(t, eng, guid, `"presidential election"`, briefing.MatchOptions{}); !slices.Equal(got, []string{"a0"}) {
		t.Fatalf(`"presidential election": %v`, got)
	}
	if got := matchGUIDs(t, eng, guid, "presidential election", briefing.MatchOptions{}); !slices.Equal(got, []string{"a0"}) {
		t.Fatalf("presidential election: %v", got)
	}
}

func TestJoinedCompoundCountsForItsPhrase(t *testing.T) {
	eng, guid := literalEngine(t,
		[2]string{"Exporters ship more sunflowerseed to the Black Sea ports", "Crushers bought the seed forward."},
		[2]string{"Sunflower seeds sell well at the farm show", "Growers sold out by noon."},
		[2]string{"Seeds of doubt at the flower market", "A sunny week did not lift sales."},
		[2]string{"Foreign-exchange dealers brace for a quiet week", "Volumes fell before the holiday."},
	)
	for _, topic := range []string{"sunflower seeds", `"sunflower seeds"`} {
		if got := matchGUIDs(t, eng, guid, topic, briefing.MatchOptions{}); !slices.Equal(got, []string{"a0", "a1"}) {
			t.Errorf("%s: %v, want the joined and the spaced spelling", topic, got)
		}
	}
	if got := matchGUIDs(t, eng, guid, "foreign exchange", briefing.MatchOptions{}); !slices.Equal(got, []string{"a3"}) {
		t.Errorf("foreign exchange: %v, want the hyphenated spelling", got)
	}
	// Short words joined are not taken for a compound: "po rt" is not port.
	eng, guid = literalEngine(t, [2]string{"Port reopens", "Ships docked."})
	if got := matchGUIDs(t, eng, guid, "po rt", briefing.MatchOptions{}); len(got) != 0 {
		t.Errorf("po rt: %v, want nothing", got)
	}
}
