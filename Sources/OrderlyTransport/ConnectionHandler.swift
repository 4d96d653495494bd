// ConnectionHandler: the seam between the transport and a protocol (HTTP/2). The transport owns
// sockets and buffers; a handler turns received bytes into output. One handler per connection.

/// Per-connection protocol logic. Every call happens on the connection's own loop thread, and
/// never re-entrantly: a handler that calls `close()` or `abort()` from inside a callback gets
/// `connectionClosed` later in the same loop turn, after that callback has returned.
public protocol ConnectionHandler: AnyObject {
    /// The connection is registered with its loop and may write.
    func connectionActive(_ connection: Connection)
    /// Bytes arrived. The buffer is valid only during the call: copy what must be kept.
    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer)
    /// The loop is about to send this connection's output: produce pending output now via
    /// `write`. Called after bytes were received, after `requestFlush`, and after back-pressure
    /// eased (outbound fell below the low-water mark).
    func connectionWillFlush(_ connection: Connection)
    /// Graceful shutdown began: stop taking new work, and `close()` when idle.
    func connectionShouldDrain(_ connection: Connection)
    /// The last call: the peer closed, an error occurred, or `close()`/`abort()` finished. The
    /// transport drops its reference to the handler afterwards.
    func connectionClosed(_ connection: Connection)
}
