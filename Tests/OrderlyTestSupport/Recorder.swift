// What several test targets share: a lock-protected recorder for values seen on loop threads,
// polling with a deadline, and a failure error with a message.
import Glibc
import OrderlyLocks

/// A test failure with a human-readable reason.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// Values written on loop threads and read by the test thread.
public final class Recorder<Value: Sendable>: Sendable {
    private let value: Locked<Value>

    public init(_ initial: Value) {
        value = Locked(initial)
    }

    /// Changes the value under the lock.
    public func update<R: Sendable>(_ body: (inout Value) -> R) -> R {
        value.withLock { body(&$0) }
    }

    /// The value now.
    public var current: Value { value.withLock { $0 } }
}

/// Polls `condition` every millisecond until it holds or `timeout` passes.
public func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if condition() { return true }
        usleep(1000)
    }
    return condition()
}
