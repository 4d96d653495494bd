// Syscalls: the one door to the kernel for this module. Every open, write, fsync, rename, unlink,
// flock, directory listing and truncate goes through these thin wrappers, so EINTR is retried in
// one place (`retryingInterrupts`) and every failure becomes a `SystemError` naming the path.
#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor together with the path it was opened from (for error messages).
/// A plain value: whoever opened it closes it, once, with ``close()``.
struct FileDescriptor: Sendable {
    let rawValue: Int32
    let path: String
}

/// `flock` the function; the name alone resolves to the `struct flock` from Swift.
private let cFlock: @convention(c) (Int32, Int32) -> Int32 = flock

/// Thin wrappers over the syscalls the durability layer uses.
enum Syscall {
    /// Runs `call` until it returns something other than -1/EINTR; -1 with another errno throws.
    @discardableResult
    static func retryingInterrupts<R: BinaryInteger>(
        _ operation: String, _ path: String, _ call: () -> R
    ) throws(SystemError) -> R {
        while true {
            let result = call()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemError(operation: operation, path: path, errno: code)
        }
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemError) -> FileDescriptor {
        let fd = try retryingInterrupts("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(rawValue: fd, path: path)
    }

    /// Closes `fd`. EINTR is not retried: on Linux the descriptor is gone either way.
    static func close(_ fd: FileDescriptor) {
        _ = Glibc.close(fd.rawValue)
    }

    /// Writes all of `bytes`, looping over short writes.
    static func writeAll(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = try retryingInterrupts("write", fd.path) {
                Glibc.write(fd.rawValue, base + offset, bytes.count - offset)
            }
            if written == 0 { throw SystemError(operation: "write", path: fd.path, errno: EIO) }
            offset += written
        }
    }

    /// Writes all of the array `bytes`.
    static func writeAll(_ fd: FileDescriptor, _ bytes: [UInt8]) throws(SystemError) {
        let failure: SystemError? = bytes.withUnsafeBytes { raw in
            do throws(SystemError) { try writeAll(fd, raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Writes all of the array `bytes` at `offset`.
    /// Writes `bytes` to a new file at `path` (replacing one) and fsyncs it.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(SystemError) {
        let fd = try open(path, O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(fd) }
        try writeAll(fd, bytes)
        try fsync(fd)
    }

    static func pwriteAll(_ fd: FileDescriptor, _ bytes: [UInt8], at offset: Int64) throws(SystemError) {
        let failure: SystemError? = bytes.withUnsafeBytes { raw in
            do throws(SystemError) { try pwriteAll(fd, raw, at: offset) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Writes all of `bytes` at `offset` without moving the file position.
    static func pwriteAll(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = try retryingInterrupts("pwrite", fd.path) {
                Glibc.pwrite(fd.rawValue, base + done, bytes.count - done, off_t(offset) + off_t(done))
            }
            if written == 0 { throw SystemError(operation: "pwrite", path: fd.path, errno: EIO) }
            done += written
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (0 at end of file).
    static func pread(_ fd: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(SystemError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return try retryingInterrupts("pread", fd.path) {
            Glibc.pread(fd.rawValue, base, buffer.count, off_t(offset))
        }
    }

    /// Reads up to `count` bytes at `offset` (fewer only at end of file), looping over short reads.
    static func read(_ fd: FileDescriptor, count: Int, at offset: Int64) throws(SystemError) -> [UInt8] {
        var failure: SystemError?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialized in
            initialized = 0
            while initialized < buffer.count {
                let rest = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[initialized...]))
                do throws(SystemError) {
                    let got = try pread(fd, into: rest, at: offset + Int64(initialized))
                    if got == 0 { return }
                    initialized += got
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        return bytes
    }

    static func fsync(_ fd: FileDescriptor) throws(SystemError) {
        try retryingInterrupts("fsync", fd.path) { Glibc.fsync(fd.rawValue) }
    }

    static func fdatasync(_ fd: FileDescriptor) throws(SystemError) {
        try retryingInterrupts("fdatasync", fd.path) { Glibc.fdatasync(fd.rawValue) }
    }

    static func ftruncate(_ fd: FileDescriptor, length: Int64) throws(SystemError) {
        try retryingInterrupts("ftruncate", fd.path) { Glibc.ftruncate(fd.rawValue, off_t(length)) }
    }

    /// The size of the open file in bytes.
    static func size(_ fd: FileDescriptor) throws(SystemError) -> Int64 {
        var info = stat()
        try retryingInterrupts("fstat", fd.path) { Glibc.fstat(fd.rawValue, &info) }
        return Int64(info.st_size)
    }

    /// `flock(LOCK_EX | LOCK_NB)`: true when the lock was taken, false when someone else holds it.
    static func tryLockExclusive(_ fd: FileDescriptor) throws(SystemError) -> Bool {
        while true {
            if cFlock(fd.rawValue, LOCK_EX | LOCK_NB) == 0 { return true }
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { return false }
            throw SystemError(operation: "flock", path: fd.path, errno: code)
        }
    }

    static func rename(_ from: String, _ to: String) throws(SystemError) {
        try retryingInterrupts("rename", "\(from) -> \(to)") { Glibc.rename(from, to) }
    }

    static func unlink(_ path: String) throws(SystemError) {
        try retryingInterrupts("unlink", path) { Glibc.unlink(path) }
    }

    /// Creates `path` as a directory; an existing directory is fine.
    static func makeDirectory(_ path: String) throws(SystemError) {
        if Glibc.mkdir(path, 0o755) == 0 { return }
        let code = Glibc.errno
        if code == EEXIST && isDirectory(path) { return }
        throw SystemError(operation: "mkdir", path: path, errno: code)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// fsyncs a directory so that creations, renames and unlinks in it are durable.
    static func syncDirectory(_ path: String) throws(SystemError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd)
    }

    /// The names in directory `path` (without "." and ".."), via opendir/readdir.
    static func listDirectory(_ path: String) throws(SystemError) -> [String] {
        guard let dir = Glibc.opendir(path) else {
            throw SystemError(operation: "opendir", path: path, errno: Glibc.errno)
        }
        defer { Glibc.closedir(dir) }
        var names: [String] = []
        while true {
            Glibc.errno = 0
            guard let entry = Glibc.readdir(dir) else {
                if Glibc.errno != 0 { throw SystemError(operation: "readdir", path: path, errno: Glibc.errno) }
                return names
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}
