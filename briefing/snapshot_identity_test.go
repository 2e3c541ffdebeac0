package briefing_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefing"
	"github.com/briefbot/briefbot/storage/storagetest"
)

// identityCorpus is n articles; the one at position odd says "zanzibarite"
// when rare is true and something else otherwise.
func identityCorpus(n, odd int, rare bool) []briefing.Article {
	var arts []briefing.Article
	for i := range n {
		a := briefing.Article{Source: "wire", GUID: fmt.Sprintf("g%d", i), Title: fmt.Sprintf("Harbour report %d", i),
			Text:      fmt.Sprintf("The harbour master filed report %d on berth %d and crane %d today.", i, i*3, i*7),
			Published: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)}
		if i == odd {
			a.Title, a.Text = "Mineral survey", "Geologists logged quartz and feldspar on the cliff."
			if rare {
				a.Text = "Geologists found zanzibarite, a rare mineral, on the cliff."
			}
		}
		arts = append(arts, a)
	}
	return arts
}

// Issue 17 finding 4: an index file built from one database is refused by
// another with the same number of articles whose sampled articles agree
// (they differ in one article only), so /brief never answers from the
// foreign index; the same database still loads it.
func TestForeignIndexFileIsRefused(t *testing.T) {
	ctx := context.Background()
	const n, odd = 40, 21
	storeA := storagetest.Open(t, storagetest.SQLiteURL(t))
	storeB := storagetest.Open(t, storagetest.SQLiteURL(t))
	engA := briefing.NewEngine(storeA, briefing.Config{})
	ingestAll(t, engA, identityCorpus(n, odd, true))
	ingestAll(t, briefing.NewEngine(storeB, briefing.Config{}), identityCorpus(n, odd, false))
	var snap bytes.Buffer
	if _, err := engA.SaveIndex(ctx, &snap); err != nil {
		t.Fatal(err)
	}

	engB := briefing.NewEngine(storeB, briefing.Config{})
	_, err := engB.LoadIndex(ctx, bytes.NewReader(snap.Bytes()))
	if err == nil {
		t.Error("another database's index file was loaded")
	}
	b, err := engB.Brief(ctx, "zanzibarite", briefing.BriefOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range b.Items {
		t.Errorf("/brief zanzibarite on the database without it answered %q", it.Title)
	}

	again := briefing.NewEngine(storeA, briefing.Config{})
	if got, err := again.LoadIndex(ctx, bytes.NewReader(snap.Bytes())); err != nil || got != n {
		t.Fatalf("the same database refused its own index file: %d, %v", got, err)
	}
	if b, err := again.Brief(ctx, "zanzibarite", briefing.BriefOptions{}); err != nil || len(b.Items) != 1 ||
		!strings.Contains(b.Items[0].Title, "Mineral") {
		t.Fatalf("brief from the loaded index: %+v, %v", b.Items, err)
	}
}
