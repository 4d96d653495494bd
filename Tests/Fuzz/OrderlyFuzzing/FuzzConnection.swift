// FuzzConnection: a socket-free connection and loop for the HTTP/2 fuzz target. Everything runs
// on the fuzzing thread, which plays the loop thread; output is counted and dropped.
import OrderlyHTTP2
import OrderlyLocks

/// A loop whose queued tasks and deadlines run only when the fuzz target says so. Tasks may be
/// queued from handler threads, hence the lock.
final class FuzzLoop: HTTP2EventLoop {
    private struct State {
        var tasks: [@Sendable () -> Void] = []
        var deadlines: [Int: @Sendable () -> Void] = [:]
        var nextDeadline = 0
    }
    private let state = Locked(State())

    var inEventLoop: Bool { true }

    func execute(_ task: @escaping @Sendable () -> Void) {
        state.withLock { $0.tasks.append(task) }
    }

    func scheduleDeadline(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> any Sendable {
        state.withLock { state in
            state.nextDeadline += 1
            state.deadlines[state.nextDeadline] = body
            return state.nextDeadline
        }
    }

    func cancelDeadline(_ token: any Sendable) {
        guard let id = token as? Int else { return }
        _ = state.withLock { $0.deadlines.removeValue(forKey: id) }
    }

    /// Runs the queued tasks (and those they queue, up to a bound); returns how many ran.
    @discardableResult
    func runTasks() -> Int {
        var ran = 0
        for _ in 0..<16 {
            let batch = state.withLock { state in
                defer { state.tasks = [] }
                return state.tasks
            }
            if batch.isEmpty { break }
            batch.forEach { $0() }
            ran += batch.count
        }
        return ran
    }

    /// Lets every pending deadline expire now.
    func fireDeadlines() {
        let all = state.withLock { state in
            defer { state.deadlines = [:] }
            return state.deadlines.sorted { $0.key < $1.key }.map(\.value)
        }
        all.forEach { $0() }
    }
}

/// The session's view of the connection: writes are counted, flushes run when pumped.
final class FuzzConnection: HTTP2ConnectionIO {
    let loop = FuzzLoop()
    private(set) var writtenBytes = 0
    private(set) var closed = false
    private var flushRequested = false

    var http2EventLoop: any HTTP2EventLoop { loop }
    var peerDescription: String { "fuzz:0" }
    var isWritable: Bool { true }
    func write(_ bytes: UnsafeRawBufferPointer) { writtenBytes += bytes.count }
    func requestFlush() { flushRequested = true }
    func close() { closed = true }

    /// One loop turn: queued tasks, then the flush they asked for.
    func pump(_ session: HTTP2ServerSession) {
        for _ in 0..<4 {
            let ran = loop.runTasks()
            guard flushRequested else {
                if ran == 0 { return }
                continue
            }
            flushRequested = false
            session.flush()
        }
    }
}
