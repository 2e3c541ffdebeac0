package ingest

import (
	"strings"
	"testing"
)

func TestCountItems(t *testing.T) {
	tests := []struct {
		name, doc string
		limit     int
		want      int
	}{
		{"RSS", `<rss><channel><item/><item><title>t</title></item><item/></channel></rss>`, 10, 3},
		{"RSSStopsPastLimit", `<rss><channel>` + strings.Repeat("<item/>", 50) + `</channel></rss>`, 5, 6},
		{"RSSItemInCDATA", `<rss><channel><item><description><![CDATA[<item/><item/>]]></description></item></channel></rss>`, 10, 1},
		{"RSSItemEscaped", `<rss><channel><item><description>&lt;item/&gt;</description></item></channel></rss>`, 10, 1},
		{"RSSNestedDeeper", `<rss><channel><item><x><y><item/></y></x></item></channel></rss>`, 10, 1},
		{"RDF", `<rdf:RDF xmlns:rdf="r"><channel/><item/><item/></rdf:RDF>`, 10, 2},
		{"Atom", `<feed xmlns="http://www.w3.org/2005/Atom"><entry/><entry><entry/></entry></feed>`, 10, 2},
		{"JSON", `{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[{},{"items":[1,2,3]},{}]}`, 10, 3},
		{"JSONItemsLast", `{"title":{"nested":["items"]},"items":[1,2]}`, 10, 2},
		{"JSONStopsPastLimit", `{"items":[` + strings.Repeat(`{},`, 40) + `{}]}`, 3, 4},
		{"JSONBroken", `{"items":[{},{`, 10, 1},
		{"JSONNotObject", `[1,2,3]`, 10, 0},
		{"Garbage", "\x00<<<>>>", 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readShape([]byte(tt.doc), tt.limit).items; got != tt.want {
				t.Errorf("readShape(…).items = %d, want %d", got, tt.want)
			}
		})
	}
}
