package briefing

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Config tunes an Engine. The zero value is usable.
type Config struct {
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// SyncEvery is how stale the index may get before a query first loads
	// articles stored by other processes; Ingest, which indexes its own
	// articles at once, looks for ones other writers committed late (below
	// IDs already indexed) at most this often. Default 2s.
	SyncEvery time.Duration
	Logger    *slog.Logger
	// RankDepth is how many of a topic's newest candidate articles a
	// ranked answer reads (see depth.go): 0 means DefaultRankDepth, a
	// negative value all of them.
	RankDepth int
	// Location is the time zone stories' times are shown in (Item.When);
	// UTC when nil.
	Location *time.Location
	// SourceTitle, when set, names sources for briefings (sourcename.go).
	SourceTitle SourceTitleFunc
	// QueryBudget is the most time one request's selection may take
	// before it is refused as too complex (budget.go): 0 means
	// DefaultQueryBudget, a negative value no limit.
	QueryBudget time.Duration
	// MaxRevisions is the most stored articles one Ingest corrects (see
	// revise.go); the rest wait for a later one. 0 means
	// DefaultMaxRevisions.
	MaxRevisions int
	// ReindexEvery is the least time between two re-indexings of
	// corrected articles, each a compaction of the whole index (about
	// 0.2 s at 100k articles): corrections stored in between wait, and
	// are taken in together by the first sync after it (revise.go). 0
	// means DefaultReindexEvery, a negative value no wait.
	ReindexEvery time.Duration
}

// Engine ingests, selects and briefs. It keeps an in-memory Index over the
// Store's articles and catches up with the Store (which other processes may
// write to) before answering when its view is older than SyncEvery.
type Engine struct {
	store ArticleStore
	st    *Stemmer
	index *Index
	cfg   Config
	log   *slog.Logger

	// warmStart runs once before the first sync (engine_warm.go).
	warmStart func(context.Context)
	warmOnce  sync.Once

	syncMu   sync.Mutex
	lastID   int64
	lastSync time.Time
	// lateScanned is the store's article count when syncLateAnyGap last
	// listed every ID (see sync_late.go).
	lateScanned int64
	// gen changes whenever the index does (articles added or dropped);
	// readable without syncMu, so digests never wait for a sync.
	gen atomic.Int64
	// dropping counts DropDeleted passes running: queries do not wait for
	// them (see maybeSync).
	dropping atomic.Int32
	// corrected counts the corrections the index took (revise.go).
	corrected atomic.Int64
	// revs is what syncRevisions keeps (under syncMu).
	revs revisionState

	topics topicCache // digests' per-topic work, shared between channels

	furniture *Furniture // what each source repeats around its articles
	names     sourceNames
	sigs      sigCache // event signatures of recently briefed articles
}

// NewEngine returns an engine over store. Call Sync to load what the store
// already holds (queries do it lazily too).
func NewEngine(store ArticleStore, cfg Config) *Engine {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SyncEvery == 0 {
		cfg.SyncEvery = 2 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	st := NewStemmer()
	return &Engine{store: store, st: st, index: NewIndex(st), cfg: cfg, log: cfg.Logger, furniture: NewFurniture()}
}

// Stemmer exposes the engine's stemmer (shared caches) to callers that
// summarise or tokenise on their own.
func (e *Engine) Stemmer() *Stemmer { return e.st }

// Sync loads into the index every stored article it has not seen.
func (e *Engine) Sync(ctx context.Context) error { return e.sync(ctx, nil) }

// sync is Sync, reusing the analyses in known for articles whose stored
// title, tags and text are what was analysed (the Store stays the truth:
// anything else is analysed as read).
func (e *Engine) sync(ctx context.Context, known map[int64]analysedArticle) error {
	var pre func(Article) (docTerms, bool)
	if len(known) > 0 {
		pre = func(a Article) (docTerms, bool) {
			k, ok := known[a.ID]
			if !ok || k.article.Title != a.Title || k.article.Text != a.Text || !slices.Equal(k.article.Tags, a.Tags) {
				return docTerms{}, false
			}
			return k.terms, true
		}
	}
	e.runWarmStart(ctx)
	e.syncMu.Lock()
	defer e.syncMu.Unlock()
	return e.syncLocked(ctx, pre, known)
}

// syncLocked is sync for a caller that holds syncMu.
func (e *Engine) syncLocked(ctx context.Context, pre func(Article) (docTerms, bool), known map[int64]analysedArticle) error {
	before, lastBefore := e.index.Len(), e.lastID
	defer func() {
		if e.index.Len() != before || e.lastID != lastBefore {
			e.gen.Add(1)
		}
	}()
	// Looking for articles other writers committed late costs a read of
	// the newest IDs and a count of every stored one (sync_late.go): per
	// Ingest call that count made ingest quadratic in the archive. So
	// Ingest looks at most every SyncEvery, as a query's sync does, and
	// sets lastSync only when it looked: a query still syncs, late
	// articles included, once the last look is older than SyncEvery.
	full := known == nil || e.lastSync.IsZero() || e.cfg.Now().Sub(e.lastSync) >= e.cfg.SyncEvery
	if full {
		if err := e.syncLate(ctx, pre); err != nil {
			return fmt.Errorf("briefing: sync index: %w", err)
		}
		if err := e.syncRevisions(ctx); err != nil { // revise.go
			return fmt.Errorf("briefing: sync index: %w", err)
		}
	}
	if err := e.applyPending(ctx, false, nil); err != nil { // revise.go
		return fmt.Errorf("briefing: sync index: %w", err)
	}
	if len(known) > 0 {
		done, err := e.indexKnown(ctx, known)
		if err != nil {
			return fmt.Errorf("briefing: sync index: %w", err)
		}
		if done {
			if full {
				e.lastSync = e.cfg.Now()
			}
			return nil
		}
	}
	now := e.cfg.Now()
	err := e.store.ScanArticles(ctx, e.lastID, 2000, func(batch []Article) error {
		e.index.add(batch, pre)
		for _, a := range batch {
			e.furniture.Learn(a.Source, a.Text)
			e.revs.noteIndexed(a, now)
		}
		e.lastID = batch[len(batch)-1].ID
		return nil
	})
	if err != nil {
		return fmt.Errorf("briefing: sync index: %w", err)
	}
	if full {
		e.lastSync = e.cfg.Now()
	}
	return nil
}

// indexKnown indexes the articles Ingest just stored without reading them
// back, when they are all the store holds after lastID (their stored
// title, tags, text and date are what was analysed: SaveArticles stores
// them as given). It reports false, having done nothing, when the store
// holds others there (another writer's), which the scan then reads. The
// caller holds syncMu.
func (e *Engine) indexKnown(ctx context.Context, known map[int64]analysedArticle) (bool, error) {
	ids, err := e.store.ArticleIDs(ctx, e.lastID, math.MaxInt64)
	if err != nil {
		return false, err
	}
	batch := make([]Article, 0, len(ids))
	for _, id := range ids {
		k, ok := known[id]
		if !ok {
			return false, nil
		}
		a := k.article
		a.ID = id
		batch = append(batch, a)
	}
	if len(batch) == 0 {
		return true, nil
	}
	e.index.add(batch, func(a Article) (docTerms, bool) { return known[a.ID].terms, true })
	for _, a := range batch {
		e.furniture.Learn(a.Source, a.Text)
	}
	e.lastID = batch[len(batch)-1].ID
	return true, nil
}

// lateWindow is how far below the highest ID seen Sync looks for
// articles that became visible late. PostgreSQL draws IDs when a row is
// inserted but shows the row when its transaction commits, so a replica's
// batch that drew IDs n…n+k can appear after another's n+k+1 was synced.
// The window covers every batch in flight meanwhile (one feed fetch each,
// a few hundred rows); listing it is one primary-key range scan.
const lateWindow = 2048

// syncLate indexes the articles with IDs in the window below lastID that
// the index lacks. The caller holds syncMu.
func (e *Engine) syncLate(ctx context.Context, pre func(Article) (docTerms, bool)) error {
	if e.lastID == 0 {
		return nil
	}
	ids, err := e.store.ArticleIDs(ctx, max(0, e.lastID-lateWindow), e.lastID)
	if err != nil {
		return err
	}
	if err := e.addMissing(ctx, ids, pre); err != nil {
		return err
	}
	return e.syncLateAnyGap(ctx, pre)
}

// addMissing indexes the articles of ids the index lacks.
func (e *Engine) addMissing(ctx context.Context, ids []int64, pre func(Article) (docTerms, bool)) error {
	missing := e.index.missing(ids)
	if len(missing) == 0 {
		return nil
	}
	arts, err := e.store.Articles(ctx, missing)
	if err != nil {
		return err
	}
	e.log.Debug("index: articles committed after later ones", "count", len(arts))
	e.index.add(arts, pre)
	for _, a := range arts {
		e.furniture.Learn(a.Source, a.Text)
	}
	return nil
}

// maybeSync syncs before a query when the index is older than SyncEvery.
// A query never waits for DropDeleted: while one runs (holding syncMu), it
// answers from the index as it stands.
func (e *Engine) maybeSync(ctx context.Context) error {
	// Warming loads a snapshot under syncMu itself, so it runs first.
	e.runWarmStart(ctx)
	if !e.syncMu.TryLock() {
		if e.dropping.Load() > 0 {
			return nil
		}
		e.syncMu.Lock()
	}
	defer e.syncMu.Unlock()
	if !e.lastSync.IsZero() && e.cfg.Now().Sub(e.lastSync) < e.cfg.SyncEvery {
		return nil
	}
	return e.syncLocked(ctx, nil, nil)
}

// IngestResult reports what Ingest did.
type IngestResult struct {
	Added []Article
	// Revised are stored articles the input corrected (same key, another
	// title or text), updated in place under their IDs (revise.go).
	Revised []Article
	// Deferred counts corrections past Config.MaxRevisions, left for a
	// later Ingest.
	Deferred int
	Skipped  int // already stored, unchanged or deferred
}

// Ingest cleans articles, stores the new ones and indexes them, and
// applies corrections to stored ones (revise.go). Articles with neither
// title nor text are an EInvalid error (nothing is stored).
func (e *Engine) Ingest(ctx context.Context, articles []Article) (IngestResult, error) {
	prepared := make([]Article, 0, len(articles))
	now := e.cfg.Now().UTC()
	for _, a := range articles {
		a = Clean(a)
		if a.Title == "" && a.Text == "" {
			continue
		}
		if a.Title == "" {
			a.Title = derivedTitle(a.Text)
		}
		if a.Fetched.IsZero() {
			a.Fetched = now
		}
		prepared = append(prepared, clampFuture(a))
	}
	if len(prepared) == 0 {
		return IngestResult{}, Errorf(EInvalid, "no articles found")
	}
	// Analysis needs no IDs, so it runs on the other cores while the
	// store writes (the two biggest costs of ingest, overlapped).
	analysed := make([]docTerms, len(prepared))
	done := make(chan struct{})
	go func() {
		defer close(done)
		all := make([]int, len(prepared))
		for i := range all {
			all[i] = i
		}
		e.index.analyseInto(prepared, all, analysed, max(1, runtime.GOMAXPROCS(0)-1))
	}()
	added, err := e.store.SaveArticles(ctx, prepared)
	<-done
	if err != nil {
		for _, dt := range analysed {
			e.index.reuse.release(dt)
		}
		return IngestResult{}, fmt.Errorf("briefing: save articles: %w", err)
	}
	// added is the new part of prepared, in order, with IDs set.
	known := make(map[int64]analysedArticle, len(added))
	j := 0
	for _, a := range added {
		for j < len(prepared) && (prepared[j].Source != a.Source || prepared[j].Key() != a.Key() || prepared[j].Text != a.Text) {
			j++
		}
		if j < len(prepared) {
			known[a.ID] = analysedArticle{article: prepared[j], terms: analysed[j]}
			j++
		}
	}
	err = e.sync(ctx, known)
	var revised []Article
	deferred := 0
	if err == nil {
		revised, deferred, err = e.revise(ctx, prepared, analysed, added)
	}
	for _, dt := range analysed {
		e.index.reuse.release(dt) // indexed (or not needed): see termPools
	}
	if err != nil {
		return IngestResult{}, err
	}
	return IngestResult{Added: added, Revised: revised, Deferred: deferred, Skipped: len(prepared) - len(added) - len(revised)}, nil
}

// analysedArticle is an article as it was analysed before being stored.
type analysedArticle struct {
	article Article
	terms   docTerms
}

// derivedTitle makes a headline for untitled text: its first sentence,
// shortened at a word boundary.
func derivedTitle(text string) string {
	s := text
	if ss := Sentences(text); len(ss) > 0 {
		s = ss[0]
	}
	const maxRunes = 90
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	r := []rune(s)[:maxRunes]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > 40 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// MatchOptions limit a selection.
type MatchOptions struct {
	Limit int       // 0: no limit
	Since time.Time // zero: no lower bound on publication date
	// Depth is how many of the topic's newest candidate articles a limited
	// answer reads (see depth.go): 0 means the engine's RankDepth, a
	// negative value all of them. Without a Limit every match is read.
	Depth int
	// Judgments are the asking channel's verdicts on articles for this
	// topic (see judge.go): they reshape the selection and ranking, and an
	// article judged down is never returned.
	Judgments []Judgment
	// Explore asks for up to this many near misses (explore.go) after the
	// selection's matches, each marked Exploratory: articles the topic's
	// learned vocabulary ranks high that the selection leaves out, for the
	// channel to judge. They are not matches and are not counted.
	Explore int
}

// Match returns the articles the topic selects, best first.
func (e *Engine) Match(ctx context.Context, topic string, opt MatchOptions) ([]Match, error) {
	q, err := ParseQuery(e.st, topic)
	if err != nil {
		return nil, err
	}
	if err := e.maybeSync(ctx); err != nil {
		return nil, err
	}
	if opt.Limit <= 0 {
		opt.Depth = -1
	}
	ranked, _, _, _, err := e.selectDocs(ctx, q, opt)
	return ranked, err
}

// CountMatches returns how many stored articles the topic selects, without
// ranking them.
func (e *Engine) CountMatches(ctx context.Context, topic string) (int, error) {
	q, err := ParseQuery(e.st, topic)
	if err != nil {
		return 0, err
	}
	if err := e.maybeSync(ctx); err != nil {
		return 0, err
	}
	_, n, _, _, err := e.selectDocs(ctx, q, MatchOptions{Limit: 1, Depth: -1})
	return n, err
}

// selectDocs returns the topic's matches published at or after opt.Since,
// the best opt.Limit of them (all when 0) best first, and how many there
// are in all; deep is false when the depth left older candidates unread,
// so that total is only a lower bound. Only the matches returned are
// explained. A request over its budget is an error (budget.go).
func (e *Engine) selectDocs(ctx context.Context, q Query, opt MatchOptions) (ms []Match, total int, _ Query, deep bool, err error) {
	q, err = e.selecting(ctx, q, e.rankDepth(opt.Depth), opt.Judgments, func(ix *Index, hits []docHit, rel []relatedTerm, from uint32, mem *queryMem) bool {
		all := from == 0
		hits = ix.publishedSince(hits, opt.Since)
		if !all && len(hits) < opt.Limit {
			return false
		}
		total, deep = len(hits), all
		var near []docHit
		if opt.Explore > 0 {
			// before top: top reorders hits, and near misses are judged
			// against the whole selection
			near = ix.publishedSince(ix.explore(q, hits, rel, opt.Judgments, opt.Explore, from, mem), opt.Since)
		}
		mem.shedLists() // an unranked answer's dead lists, before its Matches
		ms = ix.explain(ix.top(hits, opt.Limit), rel, mem)
		for _, m := range ix.explain(near, rel, mem) {
			m.Exploratory = true
			ms = append(ms, m)
		}
		return true
	})
	return ms, total, q, deep, err
}

// newestDocs returns the topic's n most recently stored matches, best
// first.
func (e *Engine) newestDocs(ctx context.Context, q Query, n int, js []Judgment) (ms []Match, _ Query, err error) {
	q, err = e.selecting(ctx, q, e.rankDepth(0), js, func(ix *Index, hits []docHit, rel []relatedTerm, from uint32, mem *queryMem) bool {
		if from > 0 && len(hits) < n {
			return false
		}
		ms = ix.explain(ix.top(ix.newest(hits, n), 0), rel, mem)
		return true
	})
	return ms, q, err
}

// rankDepth resolves a request's depth (0: the engine's) to a number of
// candidates, 0 meaning all of them.
func (e *Engine) rankDepth(asked int) int {
	if asked == 0 {
		asked = e.cfg.RankDepth
	}
	switch {
	case asked < 0:
		return 0
	case asked == 0:
		return DefaultRankDepth
	}
	return asked
}

// selecting expands q and hands its selection, read to the given depth
// (0: all), to use, under the index's read lock; all tells use whether
// every candidate was read. When use finds too few matches among the
// newest candidates (it returns false), every candidate is read and use
// called again: a depth saves work, it never leaves an answer short. The
// hits live in query memory that is reused once use returns: use keeps
// only what it explains into Matches. A selection that spends the
// request's budget is an error, and use is not called (budget.go).
func (e *Engine) selecting(ctx context.Context, q Query, depth int, js []Judgment,
	use func(ix *Index, hits []docHit, rel []relatedTerm, from uint32, mem *queryMem) bool) (Query, error) {
	ix := e.index
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	q = ix.expandFamilies(ix.expandCompounds(ix.aliases.expand(q)))
	mem := ix.mems.get()
	defer ix.mems.put(mem)
	mem.startBudget(ctx, e.cfg.budget())
	from := ix.depthFloor(q, depth)
	sel := func(from uint32) ([]docHit, []relatedTerm) {
		hits, rel := ix.selectQuery(q, ix.feedback, from, mem)
		if len(js) > 0 {
			hits = ix.applyJudgments(q, hits, rel, ix.queryTermIDs(q), js, from, mem)
		}
		return hits, rel
	}
	hits, rel := sel(from)
	if err := mem.budgetErr(); err != nil {
		return q, err
	}
	if !use(ix, hits, rel, from, mem) && from > 0 {
		if hits, rel = sel(0); mem.budgetErr() != nil {
			return q, mem.budgetErr()
		}
		use(ix, hits, rel, 0, mem)
	}
	return q, nil
}

// BriefOptions shape a briefing.
type BriefOptions struct {
	Limit     int       // stories; default 5
	Since     time.Time // only articles published at or after
	Sentences int       // per story; default 2
	// Depth is how many of the topic's newest candidate articles are read
	// (see MatchOptions.Depth).
	Depth int
	// Judgments are the asking channel's verdicts for this topic (see
	// MatchOptions.Judgments).
	Judgments []Judgment
	// Offset skips the topic's first Offset stories in rank order: the
	// next page. Story order is stable as more candidates are folded, so
	// pages do not repeat stories while the index is unchanged.
	Offset int
	// Source, when set, keeps the articles of sources whose name contains
	// it (case-insensitive); see sourceScan for its bound.
	Source string
	// Hidden are sources whose articles the asker must not see (another
	// channel's private sources, see SourceScopes); same bound as Source.
	Hidden map[string]bool
	// Only, when set, keeps the articles of these sources alone
	// (Article.Source values: a watch's Sources); same bound as Source.
	Only []string
	// Explore asks the first page for up to this many exploratory stories
	// (MatchOptions.Explore), after the others, each marked
	// Item.Exploratory, for the channel to judge; they keep to the same
	// sources and are not counted in Total.
	Explore int
}

// Brief answers a topic with a dated timeline of summarised stories.
func (e *Engine) Brief(ctx context.Context, topic string, opt BriefOptions) (Briefing, error) {
	begun := time.Now()
	if opt.Limit <= 0 {
		opt.Limit = 5
	}
	if opt.Sentences <= 0 {
		opt.Sentences = 2
	}
	q, err := ParseQuery(e.st, topic)
	if err != nil {
		return Briefing{}, err
	}
	if err := e.maybeSync(ctx); err != nil {
		return Briefing{}, err
	}
	opt.Offset = max(opt.Offset, 0)
	want := storyCandidates(opt.Offset + opt.Limit)
	var matches []Match
	var total int
	var all bool
	if opt.Offset > 0 {
		opt.Explore = 0 // asked once per answer, on its first page
	}
	if opt.Source != "" || len(opt.Hidden) > 0 || len(opt.Only) > 0 {
		matches, total, q, all, err = e.fromSource(ctx, q, opt, want, sourceScan)
		if err != nil {
			return Briefing{}, err
		}
	} else {
		matches, total, q, all, err = e.selectDocs(ctx, q, MatchOptions{Since: opt.Since, Limit: want, Depth: opt.Depth,
			Judgments: opt.Judgments, Explore: opt.Explore})
		if err != nil {
			return Briefing{}, err
		}
	}
	matches, near := splitExploratory(matches)
	b := Briefing{Topic: q.Raw, GeneratedAt: e.cfg.Now().UTC(), Matches: total, MatchesAtLeast: !all, TotalAtLeast: !all}
	if total == 0 {
		if b.Suggestions, err = e.suggestFor(ctx, q, opt, begun); err != nil {
			return Briefing{}, err
		}
		return b, nil
	}
	stories, err := e.stories(ctx, matches)
	if err != nil {
		return Briefing{}, err
	}
	// Matches past the candidates were not folded: they may be copies of
	// these stories or stories of their own, so the count is of the
	// folded stories, a lower bound when any are left.
	b.Total = len(stories)
	b.TotalAtLeast = !all || total > len(matches)
	from := min(len(stories), opt.Offset)
	b.Items = e.summarise(stories[from:min(len(stories), from+opt.Limit)], queryStems(q), opt.Sentences)
	if len(near) > 0 {
		groups, err := e.stories(ctx, near)
		if err != nil {
			return Briefing{}, err
		}
		for _, it := range e.summarise(groups[:min(len(groups), opt.Explore)], queryStems(q), opt.Sentences) {
			it.Exploratory = true
			b.Items = append(b.Items, it)
		}
	}
	e.nameSources(ctx, b.Items)
	return b, nil
}

// splitExploratory parts a selection's matches from the exploratory near
// misses after them (MatchOptions.Explore).
func splitExploratory(ms []Match) (matches, near []Match) {
	for i, m := range ms {
		if m.Exploratory {
			return ms[:i], ms[i:]
		}
	}
	return ms, nil
}

// sourceScan bounds how many of a topic's best matches a briefing
// restricted to one source reads to find that source's: the index does
// not know sources, so each candidate's article is loaded.
const sourceScan = 2000

// scopedProbes: a briefing restricted to some sources probes this many
// times as many near misses as it shows (see fromSource).
const scopedProbes = 4

// fromSource returns the topic's best matches from sources whose name
// contains opt.Source and that opt.Hidden and opt.Only admit, at most want of
// them, and how many there are among the scan best matches (all is
// false when that is a lower bound).
func (e *Engine) fromSource(ctx context.Context, q Query, opt BriefOptions, want, scan int) (ms []Match, total int, _ Query, all bool, _ error) {
	// Near misses are probed before their sources are known: ask for
	// more, so that some are left when a source is out of scope.
	cand, n, q, deep, err := e.selectDocs(ctx, q, MatchOptions{Since: opt.Since, Limit: scan, Depth: opt.Depth,
		Judgments: opt.Judgments, Explore: opt.Explore * scopedProbes})
	if err != nil {
		return nil, 0, q, false, err
	}
	var near []Match // exploratory near misses of the same sources, after the matches
	name := strings.ToLower(opt.Source)
	for start := 0; start < len(cand); start += 500 {
		part := cand[start:min(start+500, len(cand))]
		ids := make([]int64, len(part))
		for i, m := range part {
			ids[i] = m.ArticleID
		}
		arts, err := e.store.Articles(ctx, ids)
		if err != nil {
			return nil, 0, q, false, fmt.Errorf("briefing: load articles: %w", err)
		}
		from := make(map[int64]bool, len(arts))
		for _, a := range arts {
			from[a.ID] = strings.Contains(strings.ToLower(a.Source), name) && (Watch{Sources: opt.Only}).Admits(a, opt.Hidden)
		}
		for _, m := range part {
			if from[m.ArticleID] && m.Exploratory {
				near = append(near, m) // after every match: cand ends with them
				continue
			}
			if from[m.ArticleID] {
				total++
				if len(ms) < want {
					ms = append(ms, m)
				}
			}
		}
	}
	return append(ms, near...), total, q, deep && n <= scan, nil
}

type storyGroup struct {
	match   Match
	members []Article // best text first
	// developmentOf is the best article of an earlier story this one
	// follows up (nil: none among the candidates).
	developmentOf *Article
}

// storyCandidates is how many of the best matches a briefing of limit
// stories loads and folds into stories: candidates beyond a few times the
// limit cannot change the top stories except by folding.
func storyCandidates(limit int) int { return limit*4 + 8 }

// stories loads the candidate matches and folds near-duplicates into
// stories, best first.
func (e *Engine) stories(ctx context.Context, cand []Match) ([]storyGroup, error) {
	ids := make([]int64, len(cand))
	for i, m := range cand {
		ids[i] = m.ArticleID
	}
	arts, err := e.store.Articles(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("briefing: load articles: %w", err)
	}
	byID := make(map[int64]Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	return foldStories(e.index, &e.sigs, cand, byID), nil
}

// foldStories groups the candidates into stories, in candidate order:
// near-copies of one text (dedup.go) and reports of one event by several
// outlets (events.go). It folds in two passes: first copies and reports one
// event with every other report of a story, then each report left alone
// joins a story with half of its reports or with them taken together
// (joinLate), so that the strong joins form each event's story before a
// weak one can place a look-alike in it. A story whose report follows up an earlier story's
// event (days later, the same names and words) is kept apart and marked as
// its development.
func foldStories(ix *Index, cache *sigCache, cand []Match, byID map[int64]Article) []storyGroup {
	arts := make([]Article, 0, len(cand))
	matches := make([]Match, 0, len(cand))
	for _, m := range cand {
		if a, ok := byID[m.ArticleID]; ok {
			arts = append(arts, a)
			matches = append(matches, m)
		}
	}
	prints := ix.articlePrints(arts, cache)
	sigs := make([]eventSig, len(arts))
	for i := range prints {
		sigs[i] = prints[i].sig
	}
	rel, cos := eventRelations(sigs) // rel[i][j], j < i
	for i := range arts {
		for j := range i {
			if rel[i][j] == sameEvent && arts[i].Source == arts[j].Source {
				// One outlet does not report one event twice at once: its
				// two articles are two stories unless they are copies
				// (a headline line and a body read from one page).
				rel[i][j] = otherEvent
			}
		}
	}
	var groups []storyGroup
	var shIx shingleIndex // the first member's shingles, per group
	for _, p := range prints {
		shIx.hint += len(p.shingles)
	}
	var members [][]int // indexes into arts, per group
	for i, a := range arts {
		s := prints[i].shingles
		over := shIx.overlaps(s)
		joined := -1
		for gi := range groups {
			// First pass: copies, and reports one event with every other
			// report of a story. A report one event with only half of
			// them, or with them only taken together, waits for the
			// second pass (joinLate), when each event's reports have
			// met: a report that restates a same-day event of its setting
			// would otherwise join that event's story when listed before
			// its own event's reports (QUALITY.md, round 9).
			if shIx.same(over, len(s), gi) ||
				joinsEvent(arts, members[gi], i, func(j int) bool { return rel[i][j] == sameEvent }, true) {
				joined = gi
				break
			}
		}
		if joined >= 0 {
			groups[joined].members = append(groups[joined].members, a)
			members[joined] = append(members[joined], i)
			continue
		}
		groups = append(groups, storyGroup{match: matches[i], members: []Article{a}})
		shIx.add(s)
		members = append(members, []int{i})
	}
	relation := func(i, j int) eventRelation {
		if j > i {
			i, j = j, i
		}
		return rel[i][j]
	}
	groups, members = joinLate(groups, members, func(i int, m []int) bool {
		return joinsEvent(arts, m, i, func(j int) bool { return relation(i, j) == sameEvent }, false) || joinsWhole(arts, sigs, cos.at, m, i)
	})
	for gi := range groups {
		sortBestText(groups[gi].members)
	}
	for gi := range groups {
		if d := developmentOf(groups, members, sigs, relation, gi); d != nil {
			earlier := *d
			groups[gi].developmentOf = &earlier
		}
	}
	return groups
}

// joinsEvent reports whether report i joins the story of reports members
// as one more report of its event: it must be one event (same(j)) with at
// least half of the story's other reports, not just with one of them, so
// that a chain of pairs that each share a little (a tariff and the
// retaliation, through one report that names both) does not merge two
// events; with every one of them when every is set (foldStories' first
// pass). A report of i's own outlet in the story counts as one that does
// not agree: one outlet does not tell one event twice at once (foldStories
// keeps two of its articles apart unless they are copies), so its report
// there says the story is another event of the same setting — a utility's
// chief quitting beside its power cuts of that day, a marathon's women's
// race beside its men's — which a report restating that event would
// otherwise join through the one report of another outlet it shares most
// with.
func joinsEvent(arts []Article, members []int, i int, same func(j int) bool, every bool) bool {
	agree, others := 0, 0
	for _, j := range members {
		others++
		if arts[j].Source == arts[i].Source {
			continue
		}
		if same(j) {
			agree++
		}
	}
	if every {
		return agree > 0 && agree == others
	}
	return agree > 0 && 2*agree >= others
}

// joinLate puts a story of one report into a story of several that it
// joins (joins: with half of its reports, or with them taken together):
// candidates come in rank order, not in order of publication, so a report
// may be placed before the other reports of its event have formed a
// story, and foldStories' first pass leaves the weaker joins to this one.
// The joined story takes the better rank of the two (the earlier place).
func joinLate(groups []storyGroup, members [][]int, joins func(i int, members []int) bool) ([]storyGroup, [][]int) {
	gone := make([]bool, len(groups))
	for gi := range groups {
		if gone[gi] || len(members[gi]) != 1 {
			continue
		}
		for gj := range groups {
			if gj == gi || gone[gj] || len(members[gj]) < 2 || !joins(members[gi][0], members[gj]) {
				continue
			}
			to, from := min(gi, gj), max(gi, gj)
			groups[to].members = append(groups[to].members, groups[from].members...)
			members[to] = append(members[to], members[from]...)
			gone[from] = true
			break
		}
	}
	var g2 []storyGroup
	var m2 [][]int
	for gi := range groups {
		if !gone[gi] {
			g2 = append(g2, groups[gi])
			m2 = append(m2, members[gi])
		}
	}
	return g2, m2
}

// developmentOf returns the best article of the story that group gi
// follows up, or nil: an earlier story whose reports relate to gi's as
// development, the latest such.
func developmentOf(groups []storyGroup, members [][]int, sigs []eventSig, relation func(i, j int) eventRelation, gi int) *Article {
	var best *Article
	var bestAt time.Time
	for gj := range groups {
		if gj == gi {
			continue
		}
		for _, i := range members[gi] {
			for _, j := range members[gj] {
				if relation(i, j) == development && sigs[j].published.Before(sigs[i].published) &&
					(best == nil || sigs[j].published.After(bestAt)) {
					best, bestAt = &groups[gj].members[0], sigs[j].published
				}
			}
		}
	}
	return best
}

// sortBestText puts the most complete text first: whole articles before
// fragments, then longer before shorter, then earlier.
func sortBestText(as []Article) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Fragment != as[j].Fragment {
			return !as[i].Fragment
		}
		return len(as[i].Text) > len(as[j].Text)
	})
}

func (e *Engine) summarise(groups []storyGroup, query map[string]bool, n int) []Item {
	items := make([]Item, 0, len(groups))
	var used []map[string]bool
	for _, g := range groups {
		best := g.members[0]
		sum := e.st.Summarize(best.Text, best.Fragment, SummaryOptions{Sentences: n, Query: query, Avoid: used,
			Furniture: e.furniture.Of(best.Source)})
		for _, s := range sum {
			used = append(used, e.st.TermSet(s))
		}
		it := makeItem(g, best, boundSummary(sum))
		it.When = FormatItemWhen(it, e.cfg.Location)
		items = append(items, it)
	}
	// Oldest first; an undated story takes its place by when it was
	// stored, the best guess of when it happened.
	sort.SliceStable(items, func(i, j int) bool { return items[i].timelineAt().Before(items[j].timelineAt()) })
	return items
}

func makeItem(g storyGroup, best Article, sum []string) Item {
	it := Item{ID: best.ID, Title: best.Title, URL: SafeLink(best.URL), Published: best.Published, Source: RedactURL(best.Source),
		Author: best.Author, Tags: best.Tags, Summary: sum, Score: g.match.Score, Why: g.match.Why,
		Fragment: best.Fragment, Updated: best.Updated}
	it.DateClamped, it.DayOnly = best.DateClamped, best.DayOnly
	outlets := map[string]bool{}
	for _, m := range g.members {
		if it.Published.IsZero() || (!m.Published.IsZero() && m.Published.Before(it.Published)) {
			it.Published = m.Published // a story dates from its first report
			it.DateClamped, it.DayOnly = m.DateClamped, m.DayOnly
		}
		it.Sources = append(it.Sources, SourceRef{ID: m.ID, Source: RedactURL(m.Source), URL: SafeLink(m.URL), Published: m.Published,
			DayOnly: m.DayOnly})
		outlets[m.Source] = true
		if it.Stored.IsZero() || (!m.Fetched.IsZero() && m.Fetched.Before(it.Stored)) {
			it.Stored = m.Fetched
		}
	}
	it.Outlets = len(outlets)
	if d := g.developmentOf; d != nil {
		it.DevelopmentOf = &StoryRef{ID: d.ID, Title: d.Title, URL: SafeLink(d.URL), Published: d.Published, DayOnly: d.DayOnly}
	}
	return it
}

// Summarize returns an extractive summary of free text, focused on topic
// when one is given.
func (e *Engine) Summarize(text string, sentences int, topic string) []string {
	var query map[string]bool
	if q, err := ParseQuery(e.st, topic); err == nil {
		query = queryStems(q)
	}
	a := Clean(Article{Text: text})
	return e.st.Summarize(a.Text, a.Fragment, SummaryOptions{Sentences: sentences, Query: query})
}

// SummarizeArticle summarises one article the way a briefing does: its
// cleaned text, with its title as context, focused on topic when one is
// given.
func (e *Engine) SummarizeArticle(a Article, sentences int, topic string) []string {
	var query map[string]bool
	if q, err := ParseQuery(e.st, topic); err == nil {
		query = queryStems(q)
	}
	a = Clean(a)
	return e.st.Summarize(a.Text, a.Fragment, SummaryOptions{Sentences: sentences, Query: query,
		Furniture: e.furniture.Of(a.Source)})
}

// LearnFurniture shows the engine one article of a source without storing
// it, so that what the source repeats around its articles (see
// furniture.go) is known to SummarizeArticle. Stored articles are learned
// from as they are indexed.
func (e *Engine) LearnFurniture(a Article) {
	a = Clean(a)
	e.furniture.Learn(a.Source, a.Text)
}
