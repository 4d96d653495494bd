// EventLoopGroup: event loops without a listener, for client connections (tests, load tools,
// an outbound gRPC client). Round-robin `next()`, and a shutdown that aborts what is left.
import OrderlyLocks
import Synchronization

/// A set of running event loops with no listening socket.
///
/// Thread ownership: `loops` and `threads` are immutable after init; the cursor is atomic and
/// the shut-down flag is locked, so every member is safe from any thread.
public final class EventLoopGroup: Sendable {
    /// The group's loops, in creation order.
    public let loops: [EventLoop]
    private let threads: [LoopThread]
    private let cursor = Atomic<Int>(0)
    private let isShutDown = Locked(false)

    /// Starts `threads` loops (at least one). Creating a loop only fails when the process is out
    /// of descriptors or threads at start-up; that stops the program with the error.
    public convenience init(threads: Int) {
        do {
            try self.init(threads: threads, outboundHighWater: 1024 * 1024, outboundLowWater: 256 * 1024)
        } catch {
            fatalError("EventLoopGroup: cannot start event loops: \(error)")
        }
    }

    /// Starts `threads` loops with the given output water marks for their connections.
    public init(threads: Int, outboundHighWater: Int, outboundLowWater: Int) throws {
        var configuration = EventLoop.Configuration()
        configuration.outboundHighWater = max(1, outboundHighWater)
        configuration.outboundLowWater = min(max(0, outboundLowWater), configuration.outboundHighWater)
        var loops: [EventLoop] = []
        var started: [LoopThread] = []
        do {
            for index in 0..<max(1, threads) {
                let loop = try EventLoop(name: "orderly-client-\(index)", configuration: configuration)
                loops.append(loop)
                started.append(try loop.start())
            }
        } catch {
            for loop in loops { loop.execute { loop.stop() } }
            for thread in started { thread.join() }
            throw error
        }
        self.loops = loops
        self.threads = started
    }

    /// The next loop, round robin. Safe from any thread.
    public func next() -> EventLoop {
        let index = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[Int(UInt(bitPattern: index) % UInt(loops.count))]
    }

    /// Stops every loop (aborting their connections, which get `connectionClosed`) and joins
    /// the threads. Idempotent. Must not be called from one of the group's loops.
    public func shutdown() {
        let first = isShutDown.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        for loop in loops {
            loop.execute { loop.stop() }
        }
        for thread in threads {
            thread.join()
        }
    }
}
