// Package httpjson writes the JSON answers of briefbot's HTTP faces (the
// API, the Slack and Discord endpoints) and of the fakes (Slack, model
// server), so they all answer alike: a status, then UTF-8 JSON.
package httpjson

import (
	"encoding/json"
	"net/http"
)

// Write answers with status and v as compact JSON (what platforms read).
// An encoding error is not reported: the status line is already sent,
// and v is always one of our own plain types.
func Write(w http.ResponseWriter, status int, v any) { write(w, status, v, "") }

// WriteIndented is Write indented by two spaces, for answers people read
// too (the HTTP API, with curl).
func WriteIndented(w http.ResponseWriter, status int, v any) { write(w, status, v, "  ") }

func write(w http.ResponseWriter, status int, v any, indent string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", indent)
	_ = enc.Encode(v)
}
