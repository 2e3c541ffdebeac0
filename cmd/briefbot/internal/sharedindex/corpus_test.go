package sharedindex

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage"
)

// A hand-written generator of news-like articles: a few topics, each with
// its own vocabulary, mixed with shared filler, so that topics have
// thousands of candidates and rankings depend on the whole index.

type genTopic struct {
	query   string
	subject []string
	verbs   []string
	detail  []string
}

var genTopics = []genTopic{
	{"harbour strike", []string{"Dock workers", "The harbour union", "Port crane operators", "Stevedores"},
		[]string{"extended the harbour strike", "voted to continue the strike at the harbour", "rejected the harbour operator's offer"},
		[]string{"Container ships queued outside the harbour.", "Shipping lines diverted cargo to other ports.", "The strike entered its %d day."}},
	{"vaccine trial", []string{"Researchers", "The health ministry", "A university hospital", "The drug maker"},
		[]string{"reported results of the vaccine trial", "enrolled %d volunteers in a vaccine trial", "paused the vaccine trial"},
		[]string{"The trial measured antibody levels after two doses.", "Regulators will review the vaccine data.", "Side effects were mild in most volunteers."}},
	{"chip export", []string{"The trade ministry", "Chip makers", "Customs officials", "The commerce department"},
		[]string{"tightened chip export rules", "granted %d chip export licences", "announced new controls on chip exports"},
		[]string{"Semiconductor shares fell on the news.", "The export controls cover advanced chips.", "Buyers stockpiled chips ahead of the rules."}},
	{"river flood", []string{"Emergency crews", "The mayor", "Residents", "The weather service"},
		[]string{"evacuated homes as the river flooded", "warned the river would crest at %d metres", "built sandbag walls against the flood"},
		[]string{"Roads near the river were closed.", "The flood damaged farmland downstream.", "Rain is forecast for %d more days."}},
	{"rail tender", []string{"The transport agency", "Two rail consortia", "The rail operator", "Auditors"},
		[]string{"opened bids in the rail tender", "cancelled the rail tender", "shortlisted %d bidders for the rail tender"},
		[]string{"The contract covers new trains and signalling.", "Losing bidders may appeal the tender.", "The line carries %d passengers a day."}},
	{"solar tariff", []string{"Importers", "The energy regulator", "Panel makers", "Installers"},
		[]string{"protested the solar tariff", "set the solar tariff at %d percent", "asked for exemptions from the solar tariff"},
		[]string{"Panel prices rose after the tariff.", "Rooftop installations slowed this quarter.", "Domestic factories expanded output."}},
}

var genFiller = []string{
	"Officials declined to comment further.", "The figures were published on %d pages of documents.",
	"Analysts expect more details next week.", "Opposition lawmakers called for an inquiry.",
	"Markets were little changed on the day.", "A spokesperson said talks would continue.",
}

var genSources = []string{"https://wire-a.example/feed", "https://daily-b.example/rss", "https://metro-c.example/atom"}

func fill(rng *rand.Rand, s string) string {
	if strings.Contains(s, "%d") {
		return fmt.Sprintf(s, 2+rng.IntN(400))
	}
	return s
}

var syllables = []string{"ka", "lo", "mi", "re", "tan", "vos", "el", "dra", "qu", "ny", "sor", "pe", "li", "bam", "ort", "ge", "hu", "wix", "zen", "ab"}

// proseParagraph is 60 to 140 words drawn, Zipf-like, from some 8,000
// made-up words, so the index has a term dictionary and posting lists of
// a realistic shape (real news has a long tail of rare words).
func proseParagraph(rng *rand.Rand) string {
	z := rand.NewZipf(rng, 1.1, 2, uint64(len(syllables)*len(syllables)*len(syllables)-1))
	var words []string
	for k, n := 0, 60+rng.IntN(80); k < n; k++ {
		v := int(z.Uint64())
		w := syllables[v%20] + syllables[v/20%20]
		if v >= 400 {
			w += syllables[v/400]
		}
		if k%12 == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		if k%12 == 11 || k == n-1 {
			w += "."
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}

// genArticle is article i of the corpus seeded by seed: the same i and
// seed give the same article.
func genArticle(seed uint64, i int) briefing.Article {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	tp := genTopics[rng.IntN(len(genTopics))]
	lead := tp.subject[rng.IntN(len(tp.subject))] + " " + fill(rng, tp.verbs[rng.IntN(len(tp.verbs))])
	var paras []string
	paras = append(paras, lead+" on "+[]string{"Monday", "Tuesday", "Friday"}[rng.IntN(3)]+". "+fill(rng, tp.detail[rng.IntN(len(tp.detail))]))
	for p := 0; p < 2+rng.IntN(3); p++ {
		paras = append(paras, fill(rng, tp.detail[rng.IntN(len(tp.detail))])+" "+fill(rng, genFiller[rng.IntN(len(genFiller))]))
	}
	paras = append(paras, proseParagraph(rng))
	src := genSources[rng.IntN(len(genSources))]
	pub := time.Date(2026, 9, 1, 6, 0, 0, 0, time.UTC).Add(time.Duration(i) * 17 * time.Minute)
	return briefing.Article{
		Source: src, GUID: fmt.Sprintf("%s#%d-%d", src, seed, i), URL: fmt.Sprintf("%s/story/%d/%d", strings.TrimSuffix(src, "/feed"), seed, i),
		Title: fmt.Sprintf("%s (%d)", lead, i), Published: pub, Text: strings.Join(paras, "\n\n"), Fetched: pub.Add(time.Minute),
	}
}

// storeArticles saves articles from..to-1 of the corpus.
func storeArticles(tb testing.TB, s *storage.Store, seed uint64, from, to int) {
	tb.Helper()
	for lo := from; lo < to; lo += 1000 {
		var batch []briefing.Article
		for i := lo; i < min(lo+1000, to); i++ {
			batch = append(batch, genArticle(seed, i))
		}
		if _, err := s.SaveArticles(context.Background(), batch); err != nil {
			tb.Fatal(err)
		}
	}
}
