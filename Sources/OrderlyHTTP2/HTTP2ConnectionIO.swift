// What the HTTP/2 layer needs from the transport: a connection to write to and the event loop
// that owns it. Kept as our own small protocols so the layer can be driven without sockets in
// tests; the transport's Connection and EventLoop conform in HTTP2Transport+Adapters.swift.

/// The event loop that owns a connection: every nghttp2 call happens on it.
public protocol HTTP2EventLoop: AnyObject, Sendable {
    /// True on the loop's own thread.
    var inEventLoop: Bool { get }
    /// Runs `task` on the loop thread soon; callable from any thread.
    func execute(_ task: @escaping @Sendable () -> Void)
    /// Runs `body` on the loop thread after `delay`; returns a token for `cancelDeadline`.
    /// Only called on the loop thread.
    func scheduleDeadline(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> any Sendable
    /// Cancels a pending deadline given its token (no effect if it already ran). Only called on
    /// the loop thread.
    func cancelDeadline(_ token: any Sendable)
}

/// One accepted connection, as seen from the HTTP/2 session. Only used on the loop thread.
public protocol HTTP2ConnectionIO: AnyObject {
    /// The loop this connection belongs to.
    var http2EventLoop: any HTTP2EventLoop { get }
    /// The peer's address, for contexts and logs.
    var peerDescription: String { get }
    /// False while the connection's output is above its high-water mark: stop producing until
    /// the next `flush()`.
    var isWritable: Bool { get }
    /// Queues bytes for sending (copied); they go out once per loop turn.
    func write(_ bytes: UnsafeRawBufferPointer)
    /// Asks the transport to call `HTTP2ServerSession.flush()` this loop turn.
    func requestFlush()
    /// Closes the connection after the queued bytes are written.
    func close()
}
