package httpapi

import (
	"context"
	"net/http"
	"strconv"

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

// matchRow is one match as `briefbot match --json` prints it.
type matchRow struct {
	briefing.Match
	Title  string `json:"title"`
	Source string `json:"source"`
	URL    string `json:"url,omitempty"`
}

type matchBody struct {
	Topic   string     `json:"topic"`
	Total   int        `json:"total"` // every stored article the topic selects
	Limit   int        `json:"limit"`
	Matches []matchRow `json:"matches"`
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
	ms, err := h.eng.Match(r.Context(), topic, briefing.MatchOptions{Limit: limit, Depth: depth})
	if err != nil {
		h.fail(w, err)
		return
	}
	total, err := h.eng.CountMatches(r.Context(), topic)
	if err != nil {
		h.fail(w, err)
		return
	}
	rows, err := h.rows(r.Context(), ms)
	if err != nil {
		h.fail(w, err)
		return
	}
	httpjson.WriteIndented(w, http.StatusOK, matchBody{Topic: topic, Total: max(total, len(rows)), Limit: limit, Matches: rows})
}

// rows adds each match's title, source and URL.
func (h *Handler) rows(ctx context.Context, ms []briefing.Match) ([]matchRow, error) {
	rows := make([]matchRow, len(ms))
	for i, m := range ms {
		rows[i].Match = m
	}
	store, ok := h.db.(Articles)
	if !ok || len(ms) == 0 {
		return rows, nil
	}
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
	for i := range rows {
		if a, ok := byID[rows[i].ArticleID]; ok {
			rows[i].Title, rows[i].Source, rows[i].URL = a.Title, a.Source, a.URL
		}
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
	if len(arts) == 0 {
		h.fail(w, briefing.Errorf(briefing.ENotFound, "no article %d", id))
		return
	}
	httpjson.WriteIndented(w, http.StatusOK, arts[0])
}
