// FileDescriptor: a typed wrapper around a raw POSIX descriptor, so a socket can never be
// confused with a count or a port. It does not own the descriptor: whoever created it closes it.
import Glibc

/// A raw POSIX file descriptor. Closing is explicit (`Syscall.close`); the owner of the value
/// (a connection, listener or event loop) is the one place that closes it.
struct FileDescriptor: Hashable, Sendable {
    /// The kernel's descriptor number.
    let rawValue: Int32

    init(rawValue: Int32) {
        self.rawValue = rawValue
    }
}
