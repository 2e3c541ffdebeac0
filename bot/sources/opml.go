package sources

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/briefbot/briefbot/briefing"
)

// OPML 2.0 (opml.org/spec2.opml): subscription lists are <outline>
// elements with type="rss", text, xmlUrl and htmlUrl, possibly nested in
// category outlines.

type opmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Created string        `xml:"head>dateCreated,omitempty"`
	Items   []opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Type    string `xml:"type,attr"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr,omitempty"`
	XMLURL  string `xml:"xmlUrl,attr"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
}

// WriteOPML writes the sources as an OPML 2.0 subscription list.
func WriteOPML(w io.Writer, srcs []Source, now time.Time) error {
	doc := opmlDoc{Version: "2.0", Title: "briefbot sources", Created: now.UTC().Format(time.RFC1123Z)}
	for _, s := range srcs {
		text := s.Title
		if text == "" {
			text = s.URL
		}
		doc.Items = append(doc.Items, opmlOutline{Type: "rss", Text: text, Title: s.Title, XMLURL: s.URL, HTMLURL: s.SiteURL})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// ReadOPML returns the feeds of an OPML file: every outline with an
// xmlUrl, at any depth (attribute names are matched case-insensitively,
// as exporters differ). Entries whose URL is not http(s) are errors, each
// naming its line; nothing is returned unless all are valid.
func ReadOPML(r io.Reader) ([]Source, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var out []Source
	var bad []string
	root := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("not an OPML file: %w", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = el.Name.Local
		}
		if !strings.EqualFold(el.Name.Local, "outline") {
			continue
		}
		if s, ok := outlineSource(el); ok {
			if _, err := NormalizeURL(s.URL); err != nil {
				line, _ := d.InputPos()
				bad = append(bad, fmt.Sprintf("line %d: %s", line, briefing.ErrorMessage(err)))
				continue
			}
			out = append(out, s)
		}
	}
	if !strings.EqualFold(root, "opml") {
		return nil, errors.New("not an OPML file: the document is not <opml>")
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("nothing imported: %d bad entries:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
	return out, nil
}

func outlineSource(el xml.StartElement) (Source, bool) {
	var s Source
	text := ""
	for _, a := range el.Attr {
		v := strings.TrimSpace(a.Value)
		switch strings.ToLower(a.Name.Local) {
		case "xmlurl":
			s.URL = v
		case "htmlurl":
			s.SiteURL = v
		case "title":
			s.Title = v
		case "text":
			text = v
		}
	}
	if s.Title == "" && text != s.URL {
		s.Title = text
	}
	return s, s.URL != ""
}
