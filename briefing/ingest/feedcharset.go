package ingest

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// xmlDecl matches an XML declaration's encoding attribute.
var xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']`)

// declaredEncoding returns the encoding an XML declaration names,
// lowercased, or "" when there is none.
func declaredEncoding(b []byte) string {
	m := xmlDecl.FindSubmatch(bytes.TrimPrefix(b[:min(len(b), 512)], []byte("\ufeff")))
	if m == nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(string(m[1])))
}

// feedBytes returns a feed's bytes as the feed parser can read them. A
// feed that is not valid UTF-8 and whose XML names no other encoding
// (none, or a wrong "UTF-8") is decoded by the server's charset, else by
// the guess pages get: the XML parser refused it as "invalid UTF-8" while
// the Content-Type said what it was. A feed naming its encoding is left to
// the parser, which honours it.
func feedBytes(b []byte, contentType string) []byte {
	if utf8.Valid(b) {
		return b
	}
	switch declaredEncoding(b) {
	case "", "utf-8", "utf8":
		return decode(b, contentType)
	}
	return b
}

// fromUTF16 turns a document that starts with a UTF-16 byte-order mark
// into UTF-8, with its XML declaration saying so; other input passes
// unchanged. (UTF-16 is full of NUL bytes, which would make it "binary".)
func fromUTF16(b []byte) []byte {
	if !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return b
	}
	e, _, _ := charset.DetermineEncoding(b, "")
	d, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return b
	}
	d = bytes.TrimPrefix(d, []byte("\ufeff"))
	if m := xmlDecl.FindSubmatchIndex(d); m != nil {
		d = append(append(append([]byte(nil), d[:m[2]]...), "UTF-8"...), d[m[3]:]...)
	}
	return d
}

// ReadInputMeta is ReadFeedMeta of an input's bytes decoded as Parse
// decodes them for items (UTF-16, a charset only the server names), so
// that the feed's title reads as its items do. For an HTML page it reads
// the site name instead, decoded as the page's text is.
func ReadInputMeta(in Input) FeedMeta {
	data := fromUTF16(in.Data)
	if Detect(data, in.ContentType) == KindHTML {
		return FeedMeta{SiteName: readHead(decode(data, in.ContentType)).siteName()}
	}
	return ReadFeedMeta(feedBytes(data, in.ContentType))
}
