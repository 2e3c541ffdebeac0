package briefing

import "encoding/json"

// JSON for API and ask --json consumers: an unknown date is null (Item,
// SourceRef and StoryRef do it in briefing.go) and an empty
// list is [] (not null). Decoding the result back gives the same values:
// null leaves a time.Time zero.

// MarshalJSON writes the briefing with "articles": [] when there are
// none, and each item's summary and sources as lists even when empty.
func (b Briefing) MarshalJSON() ([]byte, error) {
	type plain Briefing
	items := make([]Item, len(b.Items))
	for i, it := range b.Items {
		if it.Summary == nil {
			it.Summary = []string{}
		}
		if it.Sources == nil {
			it.Sources = []SourceRef{}
		}
		items[i] = it
	}
	return json.Marshal(struct {
		plain
		Items []Item `json:"articles"`
	}{plain(b), items})
}
