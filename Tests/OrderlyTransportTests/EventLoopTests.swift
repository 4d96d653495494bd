// EventLoopTests: timers (order, cancellation, not early), execute() from other threads, and
// client connections made with connect() on an EventLoopGroup.
import OrderlyTestSupport
import Glibc
import Testing

@testable import OrderlyTransport

/// A client-side handler that sends a greeting once connected and records what comes back.
final class GreetingClient: ConnectionHandler {
    let greeting: [UInt8]
    let log: Recorder<(received: [UInt8], events: [String])>

    init(greeting: String, log: Recorder<(received: [UInt8], events: [String])>) {
        self.greeting = Array(greeting.utf8)
        self.log = log
    }

    func connectionActive(_ connection: Connection) {
        let onLoop = connection.eventLoop.inEventLoop
        log.update { $0.events.append(onLoop ? "active" : "active-off-loop") }
        greeting.withUnsafeBytes { connection.write($0) }
    }

    func connection(_ connection: Connection, received bytes: UnsafeRawBufferPointer) {
        log.update { $0.received += bytes }
        if log.current.received.count >= greeting.count { connection.close() }
    }

    func connectionWillFlush(_ connection: Connection) {}
    func connectionShouldDrain(_ connection: Connection) {}

    func connectionClosed(_ connection: Connection) {
        log.update { $0.events.append("closed") }
    }
}

@Suite struct EventLoopTests {
    @Test("timers fire in deadline order, ties in scheduling order, cancelled ones never")
    func timersFireInOrder() throws {
        let group = EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Recorder<[String]>([])
        let start = ContinuousClock.now
        let elapsedAtFirst = Recorder<Duration?>(nil)
        loop.execute {
            loop.scheduleTimer(after: .milliseconds(60)) { fired.update { $0.append("60") } }
            loop.scheduleTimer(after: .milliseconds(20)) {
                elapsedAtFirst.update { $0 = ContinuousClock.now - start }
                fired.update { $0.append("20") }
            }
            loop.scheduleTimer(after: .milliseconds(40)) { fired.update { $0.append("40a") } }
            let cancelled = loop.scheduleTimer(after: .milliseconds(30)) { fired.update { $0.append("30") } }
            loop.scheduleTimer(after: .milliseconds(40)) { fired.update { $0.append("40b") } }
            loop.cancelTimer(cancelled)
        }
        #expect(waitUntil { fired.current.count == 4 })
        usleep(50_000)
        #expect(fired.current == ["20", "40a", "40b", "60"])
        #expect((elapsedAtFirst.current ?? .zero) >= .milliseconds(20))
    }

    @Test("a timer with an enormous delay neither traps nor blocks the others")
    func hugeTimerDelay() throws {
        let group = EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Recorder<[String]>([])
        loop.execute {
            loop.scheduleTimer(after: .seconds(Int64.max)) { fired.update { $0.append("never") } }
            loop.scheduleTimer(after: .seconds(360_000_000_000)) { fired.update { $0.append("never") } }
            loop.scheduleTimer(after: .milliseconds(10)) { fired.update { $0.append("soon") } }
        }
        #expect(waitUntil { !fired.current.isEmpty })
        usleep(30_000)
        #expect(fired.current == ["soon"])
    }

    @Test("a timer can cancel a later one and schedule a new one from its body")
    func timerBodiesCanScheduleAndCancel() throws {
        let group = EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Recorder<[String]>([])
        loop.execute {
            let later = loop.scheduleTimer(after: .milliseconds(30)) { fired.update { $0.append("later") } }
            loop.scheduleTimer(after: .milliseconds(10)) {
                loop.cancelTimer(later)
                loop.scheduleTimer(after: .zero) { fired.update { $0.append("chained") } }
            }
        }
        #expect(waitUntil { fired.current.count == 1 })
        usleep(60_000)
        #expect(fired.current == ["chained"])
    }

    @Test("execute() from many threads runs every task on the loop, in order per thread")
    func executeFromOtherThreads() throws {
        let group = EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let threads = 4
        let perThread = 2000
        let log = Recorder<(count: Int, offLoop: Int, lastSeen: [Int])>((0, 0, Array(repeating: -1, count: 4)))
        let outOfOrder = Recorder(0)
        #expect(!loop.inEventLoop)
        let senders = try (0..<threads).map { thread in
            try LoopThread(name: "test-exec-\(thread)") {
                for index in 0..<perThread {
                    loop.execute {
                        let onLoop = loop.inEventLoop
                        log.update { state in
                            state.count += 1
                            if !onLoop { state.offLoop += 1 }
                            if state.lastSeen[thread] != index - 1 { outOfOrder.update { $0 += 1 } }
                            state.lastSeen[thread] = index
                        }
                    }
                    if index % 500 == 0 { usleep(1000) }
                }
            }
        }
        senders.forEach { $0.join() }
        #expect(waitUntil { log.current.count == threads * perThread })
        #expect(log.current.offLoop == 0)
        #expect(outOfOrder.current == 0)
    }

    @Test("connect() opens a client connection that exchanges bytes with a server")
    func clientConnect() throws {
        let (server, port) = try startEchoServer(threads: 1)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let group = EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let log = Recorder<(received: [UInt8], events: [String])>(([], []))
        let failure = Recorder<String?>(nil)
        loop.execute {
            do {
                _ = try loop.connect(host: "127.0.0.1", port: port, handler: GreetingClient(greeting: "hello, server", log: log))
            } catch {
                failure.update { $0 = "\(error)" }
            }
        }
        #expect(waitUntil { log.current.events.contains("closed") })
        #expect(failure.current == nil)
        #expect(log.current.events == ["active", "closed"])
        #expect(log.current.received == Array("hello, server".utf8))
    }

    @Test("connect() to a port nobody listens on ends in connectionClosed, not a crash")
    func clientConnectRefused() throws {
        // Bind and close a listener to find a port that is (very likely) free.
        let (server, port) = try startEchoServer(threads: 1)
        server.shutdown(gracePeriod: .zero)
        let group = EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let log = Recorder<(received: [UInt8], events: [String])>(([], []))
        let thrown = Recorder<TransportError?>(nil)
        loop.execute {
            do {
                _ = try loop.connect(host: "127.0.0.1", port: port, handler: GreetingClient(greeting: "x", log: log))
            } catch let error as TransportError {
                thrown.update { $0 = error }
            } catch {}
        }
        #expect(waitUntil { log.current.events.contains("closed") || thrown.current != nil })
        #expect(!log.current.events.contains("active"))
        if let error = thrown.current {
            #expect(error.errno == ECONNREFUSED)
        }
    }
}
