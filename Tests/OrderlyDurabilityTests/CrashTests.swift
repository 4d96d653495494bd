// CrashTests: the durability promise end to end. A child process (tools/journal-tool) appends from
// several threads and prints every acknowledged sequence; the test SIGKILLs it mid-stream and
// checks that recovery holds every acknowledged record. SIGKILL keeps the page cache, so this
// proves the protocol (ack only after write, contiguous recovery, torn tails), not power-loss
// safety, which needs fsync and cannot be shown without pulling the plug.
import Glibc
import Testing
@testable import OrderlyDurability

@Suite(.serialized)
struct CrashTests {
    /// The journal-tool binary, built next to the test binary by SwiftPM (the test target depends
    /// on it). `ORDERLY_JOURNAL_TOOL` overrides the location.
    static func journalTool() -> String? {
        if let override = getenv("ORDERLY_JOURNAL_TOOL") { return String(cString: override) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        var directory = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        while let slash = directory.lastIndex(of: "/"), !directory.isEmpty {
            directory = String(directory[..<slash])
            let candidate = directory + "/journal-tool"
            if access(candidate, X_OK) == 0 { return candidate }
            if directory.hasSuffix("/.build") { break }
        }
        return nil
    }

    /// Starts `arguments` with stdout on a pipe; returns the pid and the pipe's read end.
    static func spawn(_ arguments: [String]) throws -> (pid_t, Int32) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw SystemError(operation: "pipe", path: "-", errno: errno) }
        // Close-on-exec: another test's child must not inherit this pipe and hold it open.
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        close(pipeEnds[1])
        guard result == 0 else {
            close(pipeEnds[0])
            throw SystemError(operation: "posix_spawn", path: arguments[0], errno: result)
        }
        return (pid, pipeEnds[0])
    }

    /// Reads from `fd` until `stop(text so far)` or end of file or a 20 s silence.
    static func read(_ fd: Int32, until stop: (String) -> Bool) -> String {
        var text = ""
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !stop(text) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20_000) > 0 else { break }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            text += String(decoding: chunk[0..<count], as: UTF8.self)
        }
        return text
    }

    @Test(arguments: FsyncPolicy.allCases)
    func everyAcknowledgedRecordSurvivesSIGKILL(policy: FsyncPolicy) throws {
        let tool = try #require(Self.journalTool(), "journal-tool not found next to the test binary")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (pid, output) = try Self.spawn([tool, "append", dir.path, policy.rawValue, "8"])
        defer { close(output) }
        var text = Self.read(output) { $0.split(separator: "\n").count >= 1000 }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        text += Self.read(output) { _ in false }
        // Only complete lines count: the last one may have been cut by the kill.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
        let acknowledged = lines.compactMap { line in line.hasPrefix("ack ") ? UInt64(line.dropFirst(4)) : nil }
        #expect(acknowledged.count >= 1000, "the child acknowledged \(acknowledged.count) records before the kill")
        let (log, state) = try Durability.open(directory: dir.path)
        log.close()
        let highest = acknowledged.max() ?? 0
        #expect(state.lastSequence >= highest, "acknowledged up to \(highest), recovered up to \(state.lastSequence)")
        #expect(UInt64(state.records.count) == state.lastSequence)
        #expect(state.records.map(\.sequence) == (0..<state.records.count).map { UInt64($0) + 1 })
        #expect(state.records.allSatisfy { $0.payload.text.hasPrefix("thread ") })
    }
}
