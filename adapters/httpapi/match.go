package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/briefbot/briefbot/adapters/internal/httpjson"
	"github.com/briefbot/briefbot/briefing"
)

// Articles loads stored articles by id, in the order asked, leaving out
// the missing; the database handed to New provides it (storage.Store).
type Articles interface {
	Articles(ctx context.Context, ids []int64) ([]briefing.Article, error)
}

// Match limits: /api/v1/match returns up to defaultMatchLimit matches
// unless limit says otherwise, never more than maxMatchLimit; total says
// how many there are in all.
const (
	defaultMatchLimit = 50
	maxMatchLimit     = 1000
)

// MatchRow is one match as /api/v1/match and `briefbot match --json`
// show it: the match with its article's title, source and link.
type MatchRow struct {
	briefing.Match
	// Published shadows Match.Published so that an unknown publication
	// time is null, as in briefings, not the zero time's year 1.
	Published *time.Time `json:"published"`
	// DayOnly: the source gave a day without a time of day (Published
	// is that day's midnight UTC), as in briefings.
	DayOnly bool   `json:"day_only,omitempty"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	URL     string `json:"url,omitempty"`
}

// NewMatchRow joins a match with its article (the zero Article when it is
// no longer stored). Source credentials and unsafe links never show.
func NewMatchRow(m briefing.Match, a briefing.Article) MatchRow {
	return MatchRow{Match: m, Published: timeOrNull(m.Published), DayOnly: a.DayOnly && !m.Published.IsZero(), Title: a.Title,
		Source: briefing.RedactURL(a.Source), URL: briefing.SafeLink(a.URL)}
}

// articleBody is a stored article as /api/v1/articles/{id} shows it, with
// an unknown publication time as null (see MatchRow).
type articleBody struct {
	briefing.Article
	Published *time.Time `json:"published"`
}

func timeOrNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

type matchBody struct {
	Topic   string     `json:"topic"`
	Total   int        `json:"total"` // every stored article the topic selects
	Limit   int        `json:"limit"`
	Matches []MatchRow `json:"matches"`
}

// match answers GET /api/v1/match?topic=&limit=&depth= with the rows
// `briefbot match --json` prints, plus the total and the limit applied.
func (h *Handler) match(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := defaultMatchLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxMatchLimit {
			h.fail(w, briefing.Errorf(briefing.EInvalid, "limit must be a whole number from 1 to %d", maxMatchLimit))
			return
		}
		limit = n
	}
	depth, err := parseDepth(q.Get("depth"))
	if err != nil {
		h.fail(w, err)
		return
	}
	topic := q.Get("topic")
	hidden, err := h.hidden(r.Context())
	if err != nil {
		h.fail(w, err)
		return
	}
	ms, err := h.eng.Match(r.Context(), topic, briefing.MatchOptions{Limit: limit, Depth: depth})
	if err != nil {
		h.fail(w, err)
		return
	}
	total, err := h.total(r.Context(), topic, hidden)
	if err != nil {
		h.fail(w, err)
		return
	}
	rows, err := h.rows(r.Context(), ms, hidden)
	if err != nil {
		h.fail(w, err)
		return
	}
	httpjson.WriteIndented(w, http.StatusOK, matchBody{Topic: topic, Total: max(total, len(rows)), Limit: limit, Matches: rows})
}

// total counts the topic's matches among the sources the request may
// read.
func (h *Handler) total(ctx context.Context, topic string, hidden map[string]bool) (int, error) {
	if len(hidden) == 0 {
		return h.eng.CountMatches(ctx, topic)
	}
	n, _, err := h.eng.CountScoped(ctx, topic, hidden, nil)
	return n, err
}

// rows adds each match's title, source and URL, leaving out the matches
// of hidden sources (a page may then hold fewer rows than its limit).
func (h *Handler) rows(ctx context.Context, ms []briefing.Match, hidden map[string]bool) ([]MatchRow, error) {
	rows := make([]MatchRow, len(ms))
	store, ok := h.db.(Articles)
	if !ok || len(ms) == 0 {
		for i, m := range ms {
			rows[i] = NewMatchRow(m, briefing.Article{})
		}
		return rows, nil
	}
	if len(hidden) == 0 {
		return MatchRows(ctx, store, ms)
	}
	arts, err := articlesByID(ctx, store, ms)
	if err != nil {
		return nil, err
	}
	rows = rows[:0]
	for _, m := range ms {
		if a := arts[m.ArticleID]; !hidden[a.Source] {
			rows = append(rows, NewMatchRow(m, a))
		}
	}
	return rows, nil
}

func articlesByID(ctx context.Context, store Articles, ms []briefing.Match) (map[int64]briefing.Article, error) {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ArticleID
	}
	arts, err := store.Articles(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]briefing.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	return byID, nil
}

// MatchRows joins the matches with their stored articles, as
// /api/v1/match and `briefbot match --json` show them (an article deleted
// meanwhile leaves its row untitled).
func MatchRows(ctx context.Context, store Articles, ms []briefing.Match) ([]MatchRow, error) {
	byID, err := articlesByID(ctx, store, ms)
	if err != nil {
		return nil, err
	}
	rows := make([]MatchRow, len(ms))
	for i, m := range ms {
		rows[i] = NewMatchRow(m, byID[m.ArticleID])
	}
	return rows, nil
}

// article answers GET /api/v1/articles/{id} with the stored article: the
// ids /api/v1/match and /api/v1/brief return become articles.
func (h *Handler) article(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		h.fail(w, briefing.Errorf(briefing.EInvalid, "an article id is a positive whole number"))
		return
	}
	store, ok := h.db.(Articles)
	if !ok {
		h.fail(w, briefing.Errorf(briefing.ENotFound, "this server cannot look articles up"))
		return
	}
	arts, err := store.Articles(r.Context(), []int64{id})
	if err != nil {
		h.fail(w, err)
		return
	}
	hidden, err := h.hidden(r.Context())
	if err != nil {
		h.fail(w, err)
		return
	}
	if len(arts) == 0 || hidden[arts[0].Source] {
		// another channel's private article answers as a missing one
		h.fail(w, briefing.Errorf(briefing.ENotFound, "no article %d", id))
		return
	}
	httpjson.WriteIndented(w, http.StatusOK, articleBody{arts[0], timeOrNull(arts[0].Published)})
}
