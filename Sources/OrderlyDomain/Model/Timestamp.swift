// Timestamp and the injectable clock: the domain never reads the wall clock directly, so tests
// drive time with `ManualClock` and stay deterministic.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OrderlyLocks

/// An instant as nanoseconds since the Unix epoch (UTC).
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanos: Int64

    /// The epoch itself; also what an unset protobuf Timestamp maps to.
    public static let zero = Timestamp(nanos: 0)

    /// Creates a timestamp from nanoseconds since the epoch.
    public init(nanos: Int64) { self.nanos = nanos }

    /// Creates a timestamp from protobuf-style seconds and nanos; saturates instead of trapping.
    public init(seconds: Int64, nanos: Int32 = 0) {
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            self.nanos = seconds < 0 ? .min : .max
        } else {
            self.nanos = scaled.addingReportingOverflow(Int64(nanos)).overflow
                ? .max : scaled + Int64(nanos)
        }
    }

    /// Whole seconds since the epoch (floor).
    public var seconds: Int64 { nanos >= 0 ? nanos / 1_000_000_000 : (nanos + 1) / 1_000_000_000 - 1 }

    /// The nanosecond part, always in `0..<1_000_000_000`. Wrapping arithmetic: near
    /// `Int64.min` the intermediate product leaves the range although the result does not.
    public var subsecondNanos: Int32 { Int32(truncatingIfNeeded: nanos &- seconds &* 1_000_000_000) }

    /// Hours from `self` to `other` as a floating value (used by reports).
    public func hours(until other: Timestamp) -> Double {
        Double(other.nanos - nanos) / 3_600_000_000_000
    }

    /// A timestamp moved by `seconds` (may be negative).
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(nanos: nanos &+ seconds &* 1_000_000_000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanos < rhs.nanos }
}

/// Where the store takes "now" from.
public protocol DomainClock: Sendable {
    /// The current instant.
    func now() -> Timestamp
}

/// The real wall clock (CLOCK_REALTIME).
public struct SystemClock: DomainClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanos: Int32(spec.tv_nsec))
    }
}

/// A clock that only moves when told to; for deterministic tests and replays.
public final class ManualClock: DomainClock {
    private let current: Locked<Timestamp>

    /// Creates a clock frozen at `start`.
    public init(_ start: Timestamp = Timestamp(seconds: 1_700_000_000)) {
        current = Locked(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(seconds: Int64) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    /// Sets the clock to `time`.
    public func set(_ time: Timestamp) {
        current.withLock { $0 = time }
    }
}
