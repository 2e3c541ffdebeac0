package digest

import (
	"time"

	"github.com/briefbot/briefbot/briefing"
)

// DeliveryStatus is where a digest delivery is in its lifecycle:
//
//	pending ──build──▶ sending ──Send ok──▶ sent
//	   │                  │ └──Send failed, nothing posted──▶ failed ──retry due──▶ pending
//	   │                  │ └──Send failed after posting part──▶ partial
//	   │                  └──lease expired (crash mid-send)──▶ unknown
//	   ├──nothing new──▶ empty
//	   ├──lease expired (crash before sending)──▶ pending (taken over)
//	   └──shutdown──▶ failed (released, due at once)
//
// sent, partial, empty, unknown and abandoned are final: such a period is
// never sent again. unknown is the deliberate answer to a send whose
// outcome nobody knows (the process died between posting and recording);
// resending could post the digest twice, so it is left alone and logged
// until an operator requeues it.
type DeliveryStatus string

const (
	DeliveryPending   DeliveryStatus = "pending"   // claimed; the digest is being built
	DeliverySending   DeliveryStatus = "sending"   // articles reserved; the platform is being called
	DeliverySent      DeliveryStatus = "sent"      // posted; MessageIDs says where
	DeliveryPartial   DeliveryStatus = "partial"   // some messages posted, then the send failed
	DeliveryEmpty     DeliveryStatus = "empty"     // nothing new: nothing posted
	DeliveryFailed    DeliveryStatus = "failed"    // nothing posted; retried at NextAttempt
	DeliveryUnknown   DeliveryStatus = "unknown"   // died mid-send: may or may not be posted
	DeliveryAbandoned DeliveryStatus = "abandoned" // gave up after the last retry
)

// Final reports whether a delivery in this status is settled.
func (s DeliveryStatus) Final() bool {
	switch s {
	case DeliverySent, DeliveryPartial, DeliveryEmpty, DeliveryUnknown, DeliveryAbandoned:
		return true
	}
	return false
}

// Delivery is one row of the delivery ledger: one digest for one channel
// and one period. (briefing.Channel, Period) is unique.
type Delivery struct {
	ID      int64            `json:"id"`
	Channel briefing.Channel `json:"channel"`
	Period  string           `json:"period"` // "2026-12-01 09:00 Asia/Seoul" for a scheduled digest, "now:…" for /digest now
	Status  DeliveryStatus   `json:"status"`
	// Owner is the process working on a pending or sending delivery;
	// LeaseUntil is when others may assume it died.
	Owner       string    `json:"owner,omitempty"`
	LeaseUntil  time.Time `json:"lease_until"`
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	MessageIDs  []string  `json:"message_ids,omitempty"`
	Error       string    `json:"error,omitempty"`
	Stories     int       `json:"stories"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Outcome is what became of a delivery, recorded by FinishDelivery.
type Outcome struct {
	Status      DeliveryStatus // sent, partial, empty, failed or abandoned
	MessageIDs  []string
	Error       string
	NextAttempt time.Time // for failed
	Stories     int
}
