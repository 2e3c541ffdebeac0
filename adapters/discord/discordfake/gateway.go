package discordfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gorilla/websocket"
)

// Session is one gateway handshake the fake completed: an IDENTIFY (op 2)
// answered with READY, or a RESUME (op 6) answered with RESUMED.
type Session struct {
	Op        int
	Token     string
	Intents   int
	SessionID string // for a RESUME, the session it resumes
	Path      string // the URL path the client connected to: "/gw/" or ResumePath
}

// ResumePath is where READY's resume_gateway_url points; Discord gives a
// resume URL that differs from the one GET /gateway returns, and a client
// must resume there.
const ResumePath = "/gw-resume/"

// gateway is the fake's websocket gateway at /gw/. Its state is guarded
// by the server's mutex.
type gateway struct {
	server     *Server
	heartbeat  int // milliseconds, sent in HELLO
	conns      []*gwConn
	current    *gwConn // the connection Dispatch writes to
	seq        int64
	sessions   []Session
	heartbeats int
}

type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

type gwConn struct {
	c   *websocket.Conn
	wmu chan struct{} // a one-slot lock: gorilla allows one writer at a time
}

func (c *gwConn) write(v any) error {
	c.wmu <- struct{}{}
	defer func() { <-c.wmu }()
	return c.c.WriteJSON(v)
}

func (g *gateway) serve(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn := &gwConn{c: c, wmu: make(chan struct{}, 1)}
	g.add(conn)
	defer g.remove(conn)
	if conn.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": g.heartbeat}}) != nil {
		return
	}
	var first frame
	if err := c.ReadJSON(&first); err != nil {
		return
	}
	if err := g.handshake(conn, first, r.URL.Path); err != nil {
		_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4002, err.Error()))
		return
	}
	for {
		var f frame
		if err := c.ReadJSON(&f); err != nil {
			return
		}
		if f.Op == 1 {
			g.countHeartbeat()
			if conn.write(map[string]any{"op": 11}) != nil {
				return
			}
		}
	}
}

// handshake answers IDENTIFY with READY and RESUME with RESUMED.
func (g *gateway) handshake(conn *gwConn, f frame, path string) error {
	var d struct {
		Token     string `json:"token"`
		Intents   int    `json:"intents"`
		SessionID string `json:"session_id"`
	}
	if err := json.Unmarshal(f.D, &d); err != nil {
		return fmt.Errorf("decode op %d: %w", f.Op, err)
	}
	sess := Session{Op: f.Op, Token: d.Token, Intents: d.Intents, SessionID: d.SessionID, Path: path}
	var t string
	var data any
	switch f.Op {
	case 2:
		t, sess.SessionID = "READY", fmt.Sprintf("fake-session-%d", len(g.server.Sessions())+1)
		data = map[string]any{"v": 9, "session_id": sess.SessionID, "guilds": []any{},
			"resume_gateway_url": "ws" + strings.TrimPrefix(g.server.URL, "http") + strings.TrimSuffix(ResumePath, "/"),
			"user":               map[string]any{"id": "100", "username": "briefbot", "discriminator": "0", "bot": true},
			"application":        map[string]any{"id": "200", "flags": 0}}
	case 6:
		t, data = "RESUMED", map[string]any{}
	default:
		return errors.New("expected IDENTIFY (op 2) or RESUME (op 6)")
	}
	g.server.mu.Lock()
	g.seq++
	err := conn.write(map[string]any{"op": 0, "s": g.seq, "t": t, "d": data})
	if err == nil {
		g.current = conn
		g.sessions = append(g.sessions, sess)
		g.server.notify()
	}
	g.server.mu.Unlock()
	return err
}

func (g *gateway) add(c *gwConn) {
	g.server.mu.Lock()
	defer g.server.mu.Unlock()
	g.conns = append(g.conns, c)
}

func (g *gateway) remove(c *gwConn) {
	g.server.mu.Lock()
	defer g.server.mu.Unlock()
	for i, x := range g.conns {
		if x == c {
			g.conns = append(g.conns[:i], g.conns[i+1:]...)
			break
		}
	}
	if g.current == c {
		g.current = nil
	}
	_ = c.c.Close()
	g.server.notify()
}

func (g *gateway) countHeartbeat() {
	g.server.mu.Lock()
	defer g.server.mu.Unlock()
	g.heartbeats++
	g.server.notify()
}

func (g *gateway) closeAll() {
	g.server.mu.Lock()
	conns := append([]*gwConn(nil), g.conns...)
	g.server.mu.Unlock()
	for _, c := range conns {
		_ = c.c.Close()
	}
}

// Sessions returns the handshakes completed so far, in order.
func (s *Server) Sessions() []Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Session(nil), s.gw.sessions...)
}

// Connected reports whether a client holds a live, handshaken gateway
// connection.
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.current != nil
}

// Heartbeats returns how many heartbeats (op 1) the fake acknowledged.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.heartbeats
}

// Dispatch sends an event (op 0) with the next sequence number on the
// current gateway connection.
func (s *Server) Dispatch(t string, d any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gw.current == nil {
		return errors.New("discordfake: no gateway connection")
	}
	s.gw.seq++
	return s.gw.current.write(map[string]any{"op": 0, "s": s.gw.seq, "t": t, "d": d})
}

// Drop cuts the current gateway connection without a close frame, as a
// network failure would.
func (s *Server) Drop() {
	s.mu.Lock()
	c := s.gw.current
	s.gw.current = nil
	s.mu.Unlock()
	if c != nil {
		_ = c.c.Close()
	}
}

// Reconnect sends op 7 (RECONNECT) on the current connection, as Discord
// does before it moves a session: the client must close and resume on
// resume_gateway_url.
func (s *Server) Reconnect() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gw.current == nil {
		return errors.New("discordfake: no gateway connection")
	}
	return s.gw.current.write(map[string]any{"op": 7, "d": nil})
}
