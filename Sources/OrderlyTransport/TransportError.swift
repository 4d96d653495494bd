// TransportError: the one error type of the transport layer. A failed system call becomes this
// value, carrying errno and the name of the call, so callers can log or match on it.
import Glibc

/// A failed system call (or address lookup) in the transport layer.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The errno value the call failed with (EINVAL for an address that cannot be parsed).
    public let errno: Int32
    /// Which call failed, e.g. "bind" or "epoll_ctl".
    public let syscall: String

    /// Creates an error for `syscall` failing with `errno`.
    public init(errno: Int32, syscall: String) {
        self.errno = errno
        self.syscall = syscall
    }

    /// A human-readable form, e.g. "bind: Address already in use (errno 98)".
    public var description: String {
        let message = strerror(errno).map { String(cString: $0) } ?? "unknown error"
        return "\(syscall): \(message) (errno \(errno))"
    }
}
