// ConnectionCodec: the one hook for a layer that re-encodes a connection's bytes (TLS). The
// codec is installed as the connection's handler (wrapping the protocol's handler) and, through
// `Connection.codec`, also sees that inner handler's `write`s and `close()`, so the protocol
// above keeps writing plaintext to the same `Connection` and never learns it is encrypted.

/// A byte layer between a connection's handler and its socket. Loop thread only.
public protocol ConnectionCodec: AnyObject {
    /// The handler wrote `bytes` (plaintext). The codec encodes them, now or at its next flush,
    /// and passes the result to `Connection.writeEncoded`.
    func connection(_ connection: Connection, encode bytes: UnsafeRawBufferPointer)
    /// `close()` was called on an active connection: last chance to write (e.g. TLS
    /// close_notify) before the connection stops taking output.
    func connectionWillClose(_ connection: Connection)
}
