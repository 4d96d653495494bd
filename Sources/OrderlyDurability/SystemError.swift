// SystemError: a failed syscall, carrying the operation, the path it touched and errno, so a
// log line alone says what went wrong where (e.g. "fdatasync(/data/journal-…log): No space left").
#if canImport(Glibc)
import Glibc
#endif

/// A syscall that failed: which call, on which path, with which `errno`.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The syscall name, e.g. `"open"` or `"fdatasync"`.
    public var operation: String
    /// The file or directory the call was about.
    public var path: String
    /// The `errno` value the kernel returned.
    public var errno: Int32

    /// Creates an error for `operation` on `path` that failed with `errno`.
    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// The human-readable message `strerror` gives for ``errno``.
    public var message: String {
        guard let text = strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }

    /// A one-line message for logs.
    public var description: String {
        "\(operation)(\(path)): \(message) (errno \(errno))"
    }
}
