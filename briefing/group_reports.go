package briefing

// GroupReports folds a set of reports into stories as a briefing folds
// its candidates (near-copies of one text, and one event's reports from
// several outlets: foldStories), taking them in the given order (a
// briefing's is its ranking; nil: as listed), and returns each report's
// story number (by index into arts; numbers are arbitrary but equal
// within a story). The reports are indexed on their own, as a store
// holding only them would be: their IDs are replaced by 1..n. It is what
// `briefbot eval events` scores against labelled event sets.
func GroupReports(arts []Article, order []int) []int {
	ix, cleaned := reportIndex(arts)
	groups := foldReports(ix, cleaned, order)
	storyOf := make(map[int64]int, len(arts))
	for g, gr := range groups {
		for _, m := range gr.members {
			storyOf[m.ID] = g
		}
	}
	out := make([]int, len(cleaned))
	for i, a := range cleaned {
		out[i] = storyOf[a.ID]
	}
	return out
}

// reportIndex cleans the reports as ingest would and indexes them alone,
// with IDs 1..n in the given order.
func reportIndex(arts []Article) (*Index, []Article) {
	ix := NewIndex(NewStemmer())
	cleaned := make([]Article, len(arts))
	for i, a := range arts {
		cleaned[i] = Clean(a)
		cleaned[i].ID = int64(i + 1)
	}
	ix.add(cleaned, nil)
	return ix, cleaned
}

// foldReports folds indexed reports as a briefing's candidates in the
// given order (nil: as listed).
func foldReports(ix *Index, arts []Article, order []int) []storyGroup {
	if order == nil {
		order = make([]int, len(arts))
		for i := range order {
			order[i] = i
		}
	}
	cand := make([]Match, 0, len(order))
	byID := make(map[int64]Article, len(arts))
	for _, i := range order {
		cand = append(cand, Match{ArticleID: arts[i].ID, Published: arts[i].Published})
		byID[arts[i].ID] = arts[i]
	}
	return foldStories(ix, nil, cand, byID)
}
