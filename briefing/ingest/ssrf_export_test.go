package ingest

// ControlPublic is the dialer's last check, exported for tests.
var ControlPublic = controlPublic
