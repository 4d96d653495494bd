// DataDirectoryLock: one process per data directory. `flock(LOCK_EX|LOCK_NB)` on `<dir>/LOCK`
// fails fast when another process, or another open in this process (flock locks belong to the
// open file description), holds it. The kernel drops the lock when the process dies, so a
// crash never leaves a stale lock behind; the file's contents (our pid) are only informative.
#if canImport(Glibc)
import Glibc
#endif
import OrderlyLocks

/// An exclusive lock on a data directory, held until ``release()`` or deinit.
public final class DataDirectoryLock: @unchecked Sendable {
    /// The locked directory.
    public let directory: String
    private let lock = ConditionLock()
    private var fd: FileDescriptor?

    /// Takes the lock; throws ``DurabilityError/directoryLocked(directory:)`` if it is held.
    public init(directory: String) throws(DurabilityError) {
        self.directory = directory
        let path = DataDirectoryLayout.path(directory, DataDirectoryLayout.lockFileName)
        let fd: FileDescriptor
        do { fd = try Syscall.open(path, O_RDWR | O_CREAT) } catch { throw .system(error) }
        do {
            guard try Syscall.tryLockExclusive(fd) else {
                Syscall.close(fd)
                throw DurabilityError.directoryLocked(directory: directory)
            }
            try Syscall.ftruncate(fd, length: 0)
            try Syscall.pwriteAll(fd, Array("\(getpid())\n".utf8), at: 0)
        } catch let error as DurabilityError {
            throw error
        } catch {
            Syscall.close(fd)
            throw .system(error as? SystemError ?? SystemError(operation: "flock", path: path, errno: EIO))
        }
        self.fd = fd
    }

    /// Releases the lock (closing the descriptor drops it). Safe to call twice.
    public func release() {
        let held: FileDescriptor? = lock.withLock {
            defer { fd = nil }
            return fd
        }
        held.map(Syscall.close)
    }

    deinit {
        fd.map(Syscall.close)
    }
}
