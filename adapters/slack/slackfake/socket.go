package slackfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// pingEvery is how often the fake pings a Socket Mode client; clients
// reconnect when pings stop.
const pingEvery = 100 * time.Millisecond

// conn is one Socket Mode websocket. gorilla allows one writer at a
// time, hence wmu.
type conn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex
	done chan struct{}
	once sync.Once
}

func (c *conn) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

func (c *conn) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

func (c *conn) pings() {
	t := time.NewTicker(pingEvery)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			c.wmu.Lock()
			err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			c.wmu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

// Slack's client sends Origin: https://api.slack.com, which gorilla's
// default origin check refuses.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &conn{ws: ws, done: make(chan struct{})}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	s.dialed++
	n := len(s.conns)
	s.notify()
	s.mu.Unlock()
	defer s.forget(c)
	if c.write(map[string]any{"type": "hello", "num_connections": n,
		"connection_info": map[string]any{"app_id": "A0FAKE"}}) != nil {
		return
	}
	go c.pings()
	for {
		_, raw, err := ws.ReadMessage()
		if err != nil {
			return
		}
		s.recordAck(raw)
	}
}

func (s *Server) forget(c *conn) {
	c.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			break
		}
	}
	s.notify()
}

func (s *Server) recordAck(raw []byte) {
	var a struct {
		EnvelopeID string         `json:"envelope_id"`
		Payload    map[string]any `json:"payload"`
	}
	_ = json.Unmarshal(raw, &a)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	s.acks = append(s.acks, Ack{Seq: s.seq, EnvelopeID: a.EnvelopeID, Payload: a.Payload, Raw: raw})
	s.notify()
}

// Opened is how many times apps.connections.open succeeded.
func (s *Server) Opened() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened
}

// Dialed is how many Socket Mode websockets were ever accepted.
func (s *Server) Dialed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dialed
}

// Connected is how many Socket Mode websockets are open.
func (s *Server) Connected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Push sends an envelope of type typ ("slash_commands", "events_api",
// "interactive") over the newest socket and returns its envelope_id.
func (s *Server) Push(typ string, payload any) (string, error) {
	s.mu.Lock()
	if len(s.conns) == 0 {
		s.mu.Unlock()
		return "", errors.New("slackfake: no Socket Mode connection")
	}
	c := s.conns[len(s.conns)-1]
	s.ids++
	id := fmt.Sprintf("env-%d", s.ids)
	s.mu.Unlock()
	return id, c.write(map[string]any{"envelope_id": id, "type": typ, "payload": payload,
		"accepts_response_payload": typ == "slash_commands", "retry_attempt": 0, "retry_reason": ""})
}

// PushSlashCommand pushes a slash command given as its form fields (see
// CommandForm), as Slack does in Socket Mode.
func (s *Server) PushSlashCommand(form url.Values) (string, error) {
	p := map[string]any{}
	for k := range form {
		p[k] = form.Get(k)
	}
	return s.Push("slash_commands", p)
}

// PushEvent pushes an Events API event callback (see EventCallback).
func (s *Server) PushEvent(eventID string, event map[string]any) (string, error) {
	var outer map[string]any
	if err := json.Unmarshal(EventCallback(eventID, event), &outer); err != nil {
		return "", err
	}
	return s.Push("events_api", outer)
}

// Disconnect asks the newest client to reconnect, as Slack does before
// it rotates a connection.
func (s *Server) Disconnect() error {
	s.mu.Lock()
	if len(s.conns) == 0 {
		s.mu.Unlock()
		return errors.New("slackfake: no Socket Mode connection")
	}
	c := s.conns[len(s.conns)-1]
	s.mu.Unlock()
	return c.write(map[string]any{"type": "disconnect", "reason": "refresh_requested"})
}

// DropConnections closes every socket abruptly, like a network failure.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := append([]*conn(nil), s.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
}
