// Socket-free plumbing for the HTTP/2 tests: a fake loop (tasks queued from other threads run
// when the test pumps; deadlines fire when the test says so), a fake connection that records
// output, and a harness that shuttles bytes between an H2TestClient and the server session.
import Foundation
import OrderlyHTTP2
import OrderlyLocks
import OrderlyRPC

final class FakeLoop: HTTP2EventLoop {
    /// The thread currently pumping the harness plays the loop thread.
    private let owner = Locked<pthread_t?>(nil)
    private let tasks = Locked<[@Sendable () -> Void]>([])
    private let timers = Locked<[Int: @Sendable () -> Void]>([:])
    private let nextTimer = Locked(0)

    var inEventLoop: Bool {
        owner.withLock { owner in owner.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    /// Makes the calling thread the loop thread until `leave`.
    func enter() { owner.withLock { $0 = pthread_self() } }
    func leave() { owner.withLock { $0 = nil } }

    func execute(_ task: @escaping @Sendable () -> Void) {
        tasks.withLock { $0.append(task) }
    }

    func scheduleDeadline(after delay: Duration, _ body: @escaping @Sendable () -> Void) -> any Sendable {
        let id = nextTimer.withLock { value -> Int in
            value += 1
            return value
        }
        timers.withLock { $0[id] = body }
        return id
    }

    func cancelDeadline(_ token: any Sendable) {
        guard let id = token as? Int else { return }
        _ = timers.withLock { $0.removeValue(forKey: id) }
    }

    var pendingTimers: Int { timers.withLock { $0.count } }

    /// Runs queued tasks; returns how many ran.
    @discardableResult
    func runTasks() -> Int {
        let batch = tasks.withLock { tasks -> [@Sendable () -> Void] in
            defer { tasks = [] }
            return tasks
        }
        batch.forEach { $0() }
        return batch.count
    }

    func fireAllTimers() {
        let all = timers.withLock { timers -> [@Sendable () -> Void] in
            defer { timers = [:] }
            return Array(timers.values)
        }
        all.forEach { $0() }
    }
}

final class FakeConnection: HTTP2ConnectionIO {
    let loop = FakeLoop()
    var written: [UInt8] = []
    var flushRequested = false
    var closed = false
    var isWritable = true

    var http2EventLoop: any HTTP2EventLoop { loop }
    var peerDescription: String { "127.0.0.1:9" }
    func write(_ bytes: UnsafeRawBufferPointer) { written.append(contentsOf: bytes) }
    func requestFlush() { flushRequested = true }
    func close() { closed = true }
}

/// A server session wired to a test client through memory.
final class Harness {
    let connection = FakeConnection()
    let server: HTTP2ServerSession
    let client = H2TestClient()

    init(router: RPCRouter, configuration: HTTP2ServerConfiguration = HTTP2ServerConfiguration()) {
        server = HTTP2ServerSession(io: connection, router: router, configuration: configuration)
        connection.loop.enter()
        server.start()
        connection.loop.leave()
    }

    /// Moves bytes both ways until nothing moves (and queued loop tasks have run).
    func exchange(rounds: Int = 50) {
        connection.loop.enter()
        defer { connection.loop.leave() }
        for _ in 0..<rounds {
            var moved = false
            let out = client.outgoing()
            if !out.isEmpty {
                moved = true
                out.withUnsafeBytes { server.receive($0) }
            }
            if connection.loop.runTasks() > 0 { moved = true }
            if connection.flushRequested {
                connection.flushRequested = false
                server.flush()
            }
            if !connection.written.isEmpty {
                moved = true
                let bytes = connection.written
                connection.written = []
                client.receive(bytes)
            }
            if !moved { return }
        }
    }

    /// Pumps until `condition` holds or about five seconds pass. Async, so that handlers'
    /// Tasks get cooperative threads while the test waits.
    func exchange(until condition: () -> Bool) async {
        for _ in 0..<1000 {
            exchange()
            if condition() { return }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    func response(_ id: Int32) -> H2TestClient.Response { client.responses[id] ?? H2TestClient.Response() }
}
