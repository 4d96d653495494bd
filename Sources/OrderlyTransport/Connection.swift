// Connection: one TCP socket owned by one event loop. It buffers output (sent once per loop
// turn), applies back-pressure with high/low water marks, and closes in one of two ways: close()
// sends what is buffered first, abort() drops it. The I/O steps live in EventLoop+IO.swift.
import Glibc

/// A TCP connection owned by one `EventLoop`.
///
/// Thread ownership: `eventLoop` and `peerDescription` are immutable and safe on any thread.
/// Everything else is owned by `eventLoop`'s thread and must only be touched there (use
/// `eventLoop.execute` from other threads); that confinement is why this is `@unchecked Sendable`.
public final class Connection: @unchecked Sendable {
    /// The loop that owns this connection.
    public let eventLoop: EventLoop
    /// The peer's address, e.g. "127.0.0.1:53211".
    public let peerDescription: String

    enum State {
        /// Client side: connect() is in progress.
        case connecting
        /// Reading and writing.
        case active
        /// close() was called: sending what is buffered, no longer delivering input.
        case closing
        /// Output sent and write side shut down; reading and discarding until the peer closes
        /// (so unread input does not make the kernel reset the connection and lose our output).
        case lingering
        /// The socket is closed; `connectionClosed` is due or done.
        case closed
    }

    let fd: FileDescriptor
    /// The epoll user data: generation in the high half, descriptor in the low half, so an
    /// event for a closed descriptor whose number was reused is recognised as stale.
    let key: UInt64
    // The loop-thread state below is `@exclusivity(unchecked)`: confined to one thread and never
    // accessed reentrantly, so the run-time check (a call per access, several per write) finds
    // nothing.
    @exclusivity(unchecked) var handler: (any ConnectionHandler)?
    @exclusivity(unchecked) var state: State
    @exclusivity(unchecked) var outbound = OutboundBuffer()
    /// Events currently registered with epoll.
    @exclusivity(unchecked) var interest: UInt32
    /// A send was partial or would block: wait for EPOLLOUT before sending again.
    @exclusivity(unchecked) var awaitingWritable = false
    /// Output is above the high-water mark (until it falls to the low-water mark).
    @exclusivity(unchecked) var backPressured = false
    /// The peer sent end of stream; nothing more to read.
    @exclusivity(unchecked) var readEOF = false
    /// `connectionWillFlush` is due in this turn's flush phase.
    @exclusivity(unchecked) var wantsFlushCallback = false
    /// Queued in the loop's flush list this turn.
    @exclusivity(unchecked) var isQueuedForFlush = false
    /// `connectionClosed` was delivered.
    @exclusivity(unchecked) var closeNotified = false
    /// The timer that resets the connection if closing takes too long (output not drained
    /// within the close timeout, or the peer not finishing while lingering).
    var closeTimer: TimerID?
    /// The server-wide connection count this connection holds a place in (server side only).
    var budget: ConnectionBudget?
    /// The byte layer (TLS) that `write` and `close` go through, if any. Set and cleared by the
    /// codec itself (which also clears it in `connectionClosed`, breaking the reference cycle).
    @exclusivity(unchecked) public var codec: (any ConnectionCodec)?

    init(eventLoop: EventLoop, fd: FileDescriptor, key: UInt64, peer: String, state: State, interest: UInt32) {
        self.eventLoop = eventLoop
        self.fd = fd
        self.key = key
        self.peerDescription = peer
        self.state = state
        self.interest = interest
    }

    /// Copies `bytes` into the outbound buffer; they are sent at the end of this loop turn.
    /// Writing after `close()` or `abort()` does nothing. With a `codec`, the bytes go through it.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        assert(eventLoop.inEventLoop, "Connection.write must be called on its loop thread")
        if let codec {
            guard state == .active || state == .connecting else { return }
            codec.connection(self, encode: bytes)
            return
        }
        writeEncoded(bytes)
    }

    /// Copies already-encoded `bytes` into the outbound buffer, bypassing the `codec` (for the
    /// codec's own output). Writing after `close()` or `abort()` does nothing.
    public func writeEncoded(_ bytes: UnsafeRawBufferPointer) {
        assert(eventLoop.inEventLoop, "Connection.writeEncoded must be called on its loop thread")
        switch state {
        case .connecting, .active:
            outbound.append(bytes)
            if !backPressured && outbound.count > eventLoop.configuration.outboundHighWater {
                backPressured = true
            }
            eventLoop.queueForFlush(self)
        case .closing, .lingering, .closed:
            return
        }
    }

    /// Bytes buffered and not yet accepted by the kernel.
    public var outboundByteCount: Int { outbound.count }

    /// False while buffered output is above the high-water mark (and until it falls below the
    /// low-water mark); reading is paused meanwhile. Producers should stop writing when false and
    /// resume in `connectionWillFlush`.
    public var isWritable: Bool { !backPressured }

    /// Whether the connection can still send and receive (not closing or closed).
    public var isActive: Bool { state == .active }

    /// Ensures `connectionWillFlush` is called in this loop turn (or the next, if the flush
    /// phase is already over).
    public func requestFlush() {
        assert(eventLoop.inEventLoop, "Connection.requestFlush must be called on its loop thread")
        guard state == .active || state == .connecting else { return }
        wantsFlushCallback = true
        eventLoop.queueForFlush(self)
    }

    /// Sends what is buffered, then closes. `connectionClosed` follows.
    public func close() {
        assert(eventLoop.inEventLoop, "Connection.close must be called on its loop thread")
        switch state {
        case .active:
            codec?.connectionWillClose(self)
            guard state == .active else { return }
            state = .closing
            wantsFlushCallback = false
            eventLoop.armCloseTimer(self, after: eventLoop.configuration.closeTimeoutNanoseconds)
            eventLoop.queueForFlush(self)
        case .connecting:
            abort()
        case .closing, .lingering, .closed:
            return
        }
    }

    /// Closes now, dropping buffered output. `connectionClosed` follows in this loop turn.
    public func abort() {
        assert(eventLoop.inEventLoop, "Connection.abort must be called on its loop thread")
        eventLoop.tearDown(self)
    }
}
