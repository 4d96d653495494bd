// TestSupport: temporary data directories under /tmp, raw file access for damaging files on
// purpose, a countdown latch for waiting on completions, and threads for concurrency tests.
import Glibc
@testable import OrderlyDurability
import OrderlyLocks

/// A fresh directory under /tmp, removed (with its files) by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/orderly-durability-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        guard made != nil else { throw SystemError(operation: "mkdtemp", path: "/tmp", errno: errno) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { DataDirectoryLayout.path(path, name) }

    func names() throws -> [String] { try Syscall.listDirectory(path).sorted() }

    func remove() {
        for name in (try? Syscall.listDirectory(path)) ?? [] { try? Syscall.unlink(file(name)) }
        rmdir(path)
    }
}

enum RawFile {
    static func read(_ path: String) throws -> [UInt8] {
        let fd = try Syscall.open(path, O_RDONLY)
        defer { Syscall.close(fd) }
        return try Syscall.read(fd, count: Int(try Syscall.size(fd)), at: 0)
    }

    static func write(_ path: String, _ bytes: [UInt8]) throws {
        let fd = try Syscall.open(path, O_WRONLY | O_CREAT | O_TRUNC)
        defer { Syscall.close(fd) }
        try Syscall.writeAll(fd, bytes)
    }

    static func flipBit(_ path: String, at offset: Int) throws {
        var bytes = try read(path)
        bytes[offset] ^= 0x10
        try write(path, bytes)
    }

    static func truncate(_ path: String, to length: Int) throws {
        let fd = try Syscall.open(path, O_WRONLY)
        defer { Syscall.close(fd) }
        try Syscall.ftruncate(fd, length: Int64(length))
    }

    static func size(_ path: String) throws -> Int { try read(path).count }
}

/// Waits until `count` completions have arrived; collects their results in arrival order.
final class Completions: @unchecked Sendable {
    private let lock = ConditionLock()
    private var results: [Result<UInt64, DurabilityError>] = []

    func record(_ result: Result<UInt64, DurabilityError>) {
        lock.withLock {
            results.append(result)
            lock.broadcast()
        }
    }

    var callback: Journal.Completion { { [self] in record($0) } }

    /// Waits (up to ~10 s) for `count` results and returns all results so far.
    func wait(for count: Int) -> [Result<UInt64, DurabilityError>] {
        for _ in 0..<1000 {
            let done = lock.withLock { results.count >= count }
            if done { break }
            usleep(10_000)
        }
        return lock.withLock { results }
    }
}

/// Runs `body(index)` on `count` threads at once and waits for all of them.
func runConcurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let threads = (0..<count).compactMap { index in JoinableThread.start { body(index) } }
    for thread in threads { thread.join() }
}

/// Writes `count` records with payloads "record <n>" to a fresh log in `directory`, one batch
/// each (it waits for every completion before the next append), and closes it.
@discardableResult
func writeRecords(_ count: Int, in directory: String, options: JournalOptions = JournalOptions()) throws -> [UInt64] {
    let (log, _) = try Durability.open(directory: directory, options: options)
    let completions = Completions()
    var sequences: [UInt64] = []
    for index in 0..<count {
        sequences.append(try log.append(Array("record \(index)".utf8), completion: completions.callback))
        _ = completions.wait(for: index + 1)
    }
    log.close()
    return sequences
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
