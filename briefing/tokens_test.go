package briefing

import (
	"reflect"
	"testing"
)

func surfaces(st *Stemmer, text string) []string {
	var out []string
	for _, w := range st.words(text) {
		out = append(out, w.surface)
	}
	return out
}

func TestWords(t *testing.T) {
	st := NewStemmer()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"possessive", "Korea's pact", []string{"korea", "pact"}},
		{"hyphenated name", "Moon Jae-in met", []string{"moon", "jaein", "met"}},
		{"decimal", "Growth was 3.5 percent.", []string{"growth", "was", "3.5", "percent"}},
		{"thousands", "It cost 1,250,000 dlrs", []string{"it", "cost", "1250000", "dlrs"}},
		{"list commas stay apart", "rounds 1, 2 and 3", []string{"rounds", "1", "2", "and", "3"}},
		{"dotted acronym", "The U.S. Navy and the U.K.", []string{"the", "US", "navy", "and", "the", "uk"}},
		{"function words as acronyms", "Give us the US data, said the WHO; who knows if IT does it", []string{"give", "us", "the", "US", "data", "said", "the", "WHO", "who", "knows", "if", "IT", "does", "it"}},
		{"sentence-initial pronoun", "Us? It was the U.S.", []string{"us", "it", "was", "the", "US"}},
		{"sentence end after number", "It rose 5. Then", []string{"it", "rose", "5", "then"}},
		{"non-ASCII", "Café Zürich", []string{"café", "zürich"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := surfaces(st, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStemsMeetInflections(t *testing.T) {
	st := NewStemmer()
	for _, pair := range [][2]string{{"sanction", "sanctions"}, {"ship", "shipping"}, {"rate", "rates"}, {"earnings", "earned"}} {
		if a, b := st.Stem(pair[0]), st.Stem(pair[1]); a != b {
			t.Errorf("%q -> %q but %q -> %q", pair[0], a, pair[1], b)
		}
	}
}
