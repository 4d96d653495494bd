// Back-pressure for streaming requests: counts the request bytes a handler has been given but
// not yet read, so the transport can hold back HTTP/2 flow-control credit (and so slow the
// client down) instead of buffering without limit while a handler is busy.
import OrderlyLocks
import Synchronization

/// Request bytes queued for a streaming handler, with a high-water mark. Thread-safe.
public final class RequestBuffering: Sendable {
    /// Above this many unread bytes the transport should stop granting the client credit.
    public let highWater: Int
    private let buffered = Atomic<Int>(0)
    private let resume = Locked<(@Sendable () -> Void)?>(nil)

    /// Creates a counter with the given high-water mark.
    public init(highWater: Int) {
        self.highWater = highWater
    }

    /// Unread bytes now.
    public var bufferedBytes: Int { buffered.load(ordering: .acquiring) }

    /// True while the handler has more unread bytes than `highWater`.
    public var isAboveHighWater: Bool { bufferedBytes > highWater }

    /// Transport side: call `resume` once (from the reading thread) when the unread bytes fall
    /// to the high-water mark or below. Replaces an earlier registration.
    public func notifyWhenDrained(_ resume: @escaping @Sendable () -> Void) {
        self.resume.withLock { $0 = resume }
        if !isAboveHighWater { fireResume() }
    }

    /// `count` more bytes are waiting to be read.
    public func added(_ count: Int) {
        buffered.add(count, ordering: .acquiringAndReleasing)
    }

    /// `count` bytes were read.
    public func taken(_ count: Int) {
        let now = buffered.subtract(count, ordering: .acquiringAndReleasing).newValue
        if now <= highWater { fireResume() }
    }

    private func fireResume() {
        let body = resume.withLock { resume -> (@Sendable () -> Void)? in
            defer { resume = nil }
            return resume
        }
        body?()
    }
}
