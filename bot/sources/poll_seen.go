package sources

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// recentWindow is how many of a source's stored articles a check compares
// new items with; feeds list far fewer at a time.
const recentWindow = 500

// remember stores a check's articles and returns how many are new
// stories. Before the source is primed, all but the newest Backfill items
// are stored as backfill; after, an item is backfill when it is a re-keyed
// copy of a stored one (see markRekeyed).
func (p *Poller) remember(ctx context.Context, src Source, arts []briefing.Article, now time.Time) (int, error) {
	if len(arts) == 0 {
		return 0, nil
	}
	for i := range arts {
		// Cleaned here so markRekeyed compares the text as it is stored;
		// Ingest cleans again, which is idempotent and cheap beside the
		// fetch.
		arts[i] = briefing.Clean(arts[i])
		arts[i].Source, arts[i].Fetched = briefing.RedactURL(src.URL), now.UTC()
	}
	if !src.State.Primed {
		markBackfill(arts, p.cfg.Backfill)
	}
	if err := p.markRekeyed(ctx, src, arts); err != nil {
		return 0, err
	}
	res, err := p.cfg.Ingester.Ingest(ctx, arts)
	if err != nil {
		return 0, err
	}
	fresh := 0
	for _, a := range res.Added {
		if !a.Backfill {
			fresh++
		}
	}
	return fresh, nil
}

// markBackfill marks all but the newest keep articles (by publication
// date; undated ones count as oldest, feed order breaks ties).
func markBackfill(arts []briefing.Article, keep int) {
	idx := make([]int, len(arts))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return arts[idx[a]].Published.After(arts[idx[b]].Published) })
	for rank, i := range idx {
		arts[i].Backfill = rank >= keep
	}
}

// seen indexes a source's stored articles by what survives a GUID or
// title change: the link, the text, and the text's word shingles.
type seen struct {
	keys, urls, texts map[string]bool
	shingles          []map[uint64]struct{}
}

// markRekeyed marks as backfill every new item (a key not stored yet) that
// is a stored article under a new GUID or title: same link (unless
// several items share it, as feeds that link every item to their home page
// do), same text, or nearly the same text.
func (p *Poller) markRekeyed(ctx context.Context, src Source, arts []briefing.Article) error {
	stored, err := p.cfg.Sources.SourceArticles(ctx, briefing.RedactURL(src.URL), max(recentWindow, 2*len(arts)))
	if err != nil || len(stored) == 0 {
		return err
	}
	s := seen{keys: map[string]bool{}, urls: map[string]bool{}, texts: map[string]bool{}}
	for _, a := range stored {
		s.keys[a.Key()] = true
		s.urls[a.URL] = true
		if h := textHash(a.Text); h != "" {
			s.texts[h] = true
		}
	}
	linkCount := map[string]int{}
	for _, a := range arts {
		linkCount[a.URL]++
	}
	for i, a := range arts {
		if a.Backfill || s.keys[a.Key()] {
			continue
		}
		sameLink := a.URL != "" && a.URL != src.URL && a.URL != src.SiteURL && linkCount[a.URL] == 1 && s.urls[a.URL]
		arts[i].Backfill = sameLink || s.texts[textHash(a.Text)] || p.nearlySeen(&s, stored, a.Text)
	}
	return nil
}

// nearlySeen compares text with the stored texts by word 3-shingles
// (the same test that folds near-duplicate stories), shingling the stored
// texts only when first needed.
func (p *Poller) nearlySeen(s *seen, stored []briefing.Article, text string) bool {
	sh := p.st.Shingles(text)
	if len(sh) == 0 {
		return false
	}
	if s.shingles == nil {
		s.shingles = make([]map[uint64]struct{}, len(stored))
		for i, a := range stored {
			s.shingles[i] = p.st.Shingles(a.Text)
		}
	}
	for _, o := range s.shingles {
		if briefing.SameStory(sh, o) {
			return true
		}
	}
	return false
}

// textHash fingerprints a text of at least a few words, whitespace and
// case aside; "" for text too short to identify an article.
func textHash(text string) string {
	words := strings.Fields(strings.ToLower(text))
	if len(words) < 8 {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.Join(words, " ")))
	return hex.EncodeToString(sum[:])
}
