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
// elements with type="rss", text, xmlUrl and htmlUrl, nested in folder
// outlines (an outline with children and no URL). A web page is an
// outline with type="link" and url.

type opmlDoc struct {
	XMLName xml.Name       `xml:"opml"`
	Version string         `xml:"version,attr"`
	Title   string         `xml:"head>title"`
	Created string         `xml:"head>dateCreated,omitempty"`
	Items   []*opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Type     string         `xml:"type,attr,omitempty"`
	Text     string         `xml:"text,attr"`
	Title    string         `xml:"title,attr,omitempty"`
	XMLURL   string         `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string         `xml:"htmlUrl,attr,omitempty"`
	URL      string         `xml:"url,attr,omitempty"`
	Children []*opmlOutline `xml:"outline"`
}

// WriteOPML writes the sources as an OPML 2.0 subscription list: feeds as
// type="rss" with xmlUrl, web pages as type="link" with url, each inside
// the folder outlines it was imported under. Channel-private sources are
// left out, and a comment at the top says how many: OPML cannot say
// whose they are, so a re-import (here or elsewhere) would make them
// shared, and an export is shared, like the credentials it redacts.
func WriteOPML(w io.Writer, srcs []Source, now time.Time) error {
	doc := opmlDoc{Version: "2.0", Title: "briefbot sources", Created: now.UTC().Format(time.RFC1123Z)}
	folders := map[string]*opmlOutline{} // path → folder outline
	var folder func(path string) *[]*opmlOutline
	folder = func(path string) *[]*opmlOutline {
		if path == "" {
			return &doc.Items
		}
		if f, ok := folders[path]; ok {
			return &f.Children
		}
		parent, name := "", path
		if i := strings.LastIndex(path, "/"); i >= 0 {
			parent, name = path[:i], path[i+1:]
		}
		f := &opmlOutline{Text: name, Title: name}
		folders[path] = f
		siblings := folder(parent)
		*siblings = append(*siblings, f)
		return &f.Children
	}
	private := 0
	for _, s := range srcs {
		if s.Private {
			private++
			continue
		}
		// Credentials stay in the database: an export is shared.
		xmlURL := briefing.RedactURL(s.URL)
		text := s.Title
		if text == "" {
			text = xmlURL
		}
		o := &opmlOutline{Type: "rss", Text: text, Title: s.Title, XMLURL: xmlURL, HTMLURL: briefing.RedactURL(s.SiteURL)}
		if s.Kind == SourcePage {
			o = &opmlOutline{Type: "link", Text: text, Title: s.Title, URL: xmlURL}
		}
		list := folder(s.Folder)
		*list = append(*list, o)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	if private > 0 {
		c := fmt.Sprintf("<!-- %d channel-private %s left out: they belong to one channel each; "+
			"/source add URL for this channel adds one again -->\n", private, map[bool]string{true: "source", false: "sources"}[private == 1])
		if _, err := io.WriteString(w, c); err != nil {
			return err
		}
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// ReadOPML returns the sources of an OPML file: every outline with an
// xmlUrl (a feed), or type="link" with a url (a web page), at any depth,
// each with the path of the folder outlines around it. Attribute names
// are matched case-insensitively, as exporters differ. An entry whose
// URL is not http(s) is reported in bad, naming its line, and left out:
// one bad entry does not stop the others. err is set only when the file
// is not OPML at all.
func ReadOPML(r io.Reader) (srcs []Source, bad []string, err error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	root := ""
	var path []string // folder names; "" for outlines that are entries
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("not an OPML file: %w", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = el.Name.Local
			}
			if !strings.EqualFold(el.Name.Local, "outline") {
				continue
			}
			s, name, isEntry := outlineSource(el)
			if !isEntry {
				path = append(path, name)
				continue
			}
			path = append(path, "")
			s.Folder = folderPath(path[:len(path)-1])
			if _, err := NormalizeURL(s.URL); err != nil {
				line, _ := d.InputPos()
				bad = append(bad, fmt.Sprintf("line %d: %s", line, briefing.ErrorMessage(err)))
				continue
			}
			srcs = append(srcs, s)
		case xml.EndElement:
			if strings.EqualFold(el.Name.Local, "outline") && len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	if !strings.EqualFold(root, "opml") {
		return nil, nil, errors.New("not an OPML file: the document is not <opml>")
	}
	return srcs, bad, nil
}

// folderPath joins the names of the folders around an entry ("News/Tech");
// slashes inside a name become "-" so the path splits back the same.
func folderPath(names []string) string {
	var parts []string
	for _, n := range names {
		if n = strings.TrimSpace(strings.ReplaceAll(n, "/", "-")); n != "" {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "/")
}

// outlineSource reads one outline: a feed (xmlUrl), a web page
// (type="link" with url), or else a folder, named by its text.
func outlineSource(el xml.StartElement) (s Source, folder string, isEntry bool) {
	text, typ, pageURL := "", "", ""
	for _, a := range el.Attr {
		v := strings.TrimSpace(a.Value)
		switch strings.ToLower(a.Name.Local) {
		case "xmlurl":
			s.URL = v
		case "htmlurl":
			s.SiteURL = v
		case "url":
			pageURL = v
		case "type":
			typ = strings.ToLower(v)
		case "title":
			s.Title = v
		case "text":
			text = v
		}
	}
	switch {
	case s.URL != "":
		s.Kind = SourceFeed
	case typ == "link" && pageURL != "":
		s.URL, s.Kind, s.SiteURL = pageURL, SourcePage, ""
	default:
		if text == "" {
			text = s.Title
		}
		return Source{}, text, false
	}
	if s.Title == "" && text != s.URL {
		s.Title = text
	}
	return s, "", true
}
