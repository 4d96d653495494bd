// EventLoop: one thread, one epoll instance, the connections it owns, its timers and a task
// queue other threads can feed. A loop turn is: wait for events (timeout = nearest timer), read
// and accept, fire due timers, run queued tasks, then the flush phase (connectionWillFlush and
// one send per connection with output). Connection I/O lives in EventLoop+IO.swift.
import CTransportShims
import Glibc

/// Which loop, if any, runs on the current thread (compared by identity in `inEventLoop`).
private let currentLoopKey: pthread_key_t = {
    var key = pthread_key_t()
    _ = pthread_key_create(&key, nil)
    return key
}()

/// A single-threaded event loop over epoll.
///
/// Thread ownership: `tasks` is guarded by its own lock and `wakeFD`/`epollFD` are immutable, so
/// `execute` and `inEventLoop` are safe from any thread. Every other stored property is owned by
/// the loop thread once it runs (set before the thread starts, which publishes them); that
/// confinement is why this is `@unchecked Sendable`.
public final class EventLoop: @unchecked Sendable {
    /// Water marks and limits for this loop's connections.
    struct Configuration: Sendable {
        var outboundHighWater = 1024 * 1024
        var outboundLowWater = 256 * 1024
        var readBufferSize = 64 * 1024
        /// Reads per connection per readiness event, so one busy peer cannot starve the rest.
        var maxReadsPerEvent = 4
        /// How long a closed connection waits for the peer's end of stream before it resets.
        var lingerNanoseconds: UInt64 = 2_000_000_000
        /// How long close() may take to get buffered output to a peer that does not read.
        var closeTimeoutNanoseconds: UInt64 = 10_000_000_000
    }

    static let wakeKey = UInt64.max
    static let listenerKey = UInt64.max - 1

    let configuration: Configuration
    let name: String
    let epollFD: FileDescriptor
    let wakeFD: FileDescriptor
    let tasks = TaskQueue()

    // Loop-thread state. The hot parts are `@exclusivity(unchecked)`: one thread, never
    // accessed reentrantly, so the run-time check (a call per access) would find nothing.
    var listener: Listener?
    @exclusivity(unchecked) var timers = TimerHeap()
    /// Connections indexed by descriptor number.
    @exclusivity(unchecked) var connections: [Connection?] = []
    var connectionCount = 0
    var nextGeneration: UInt32 = 1
    /// Connections with output or callbacks due in this turn's flush phase.
    @exclusivity(unchecked) var flushQueue: [Connection] = []
    @exclusivity(unchecked) var flushBatch: [Connection] = []
    @exclusivity(unchecked) var taskBatch: [@Sendable () -> Void] = []
    let readBuffer: UnsafeMutableRawBufferPointer
    let events: UnsafeMutableBufferPointer<epoll_event>
    var running = true
    var draining = false
    /// Called once when draining and the last connection has closed.
    var onIdle: (@Sendable () -> Void)?

    init(name: String, configuration: Configuration) throws(TransportError) {
        self.name = name
        self.configuration = configuration
        let epollFD = try Syscall.epollCreate()
        let wakeFD: FileDescriptor
        do {
            wakeFD = try Syscall.eventFD()
            try Syscall.epollControl(epollFD, EPOLL_CTL_ADD, wakeFD, events: EPOLLIN.rawValue, data: Self.wakeKey)
        } catch {
            Syscall.close(epollFD)
            throw error
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        readBuffer = .allocate(byteCount: configuration.readBufferSize, alignment: 16)
        events = .allocate(capacity: 256)
    }

    deinit {
        if let listener { Syscall.close(listener.fd) }
        Syscall.close(wakeFD)
        Syscall.close(epollFD)
        readBuffer.deallocate()
        events.deallocate()
    }

    /// Whether the calling thread is this loop's thread. Safe from any thread.
    public var inEventLoop: Bool {
        pthread_getspecific(currentLoopKey) == Unmanaged.passUnretained(self).toOpaque()
    }

    /// Runs `task` on the loop thread in a later turn. Safe from any thread; tasks run in the
    /// order they were submitted. Tasks submitted after the loop stopped never run.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        if tasks.enqueue(task) {
            Syscall.signalEventFD(wakeFD)
        }
    }

    /// Runs `body` on the loop thread after `delay` (loop thread only). Timers with the same
    /// deadline fire in the order they were scheduled.
    @discardableResult
    public func scheduleTimer(after delay: Duration, _ body: @escaping () -> Void) -> TimerID {
        assert(inEventLoop, "EventLoop.scheduleTimer must be called on the loop thread")
        // Saturates at ~292 years, so adding the current time cannot overflow either.
        return timers.schedule(at: Syscall.monotonicNanoseconds() + delay.saturatingNanoseconds, body)
    }

    /// Cancels a timer that has not fired yet (loop thread only).
    public func cancelTimer(_ id: TimerID) {
        assert(inEventLoop, "EventLoop.cancelTimer must be called on the loop thread")
        timers.cancel(id)
    }

    /// Starts the loop on a new thread.
    func start() throws(TransportError) -> LoopThread {
        try LoopThread(name: name) { [self] in run() }
    }

    /// The loop body: turns until stopped, then closes every connection it still owns.
    private func run() {
        _ = pthread_setspecific(currentLoopKey, Unmanaged.passUnretained(self).toOpaque())
        while running {
            turn()
        }
        for case let connection? in connections {
            tearDown(connection)
        }
        while !flushQueue.isEmpty {
            runFlushPhase()
        }
        _ = pthread_setspecific(currentLoopKey, nil)
    }

    private func turn() {
        var timeout: Int32 = -1
        if let deadline = timers.nextDeadline() {
            let now = Syscall.monotonicNanoseconds()
            let remaining = deadline > now ? (deadline - now + 999_999) / 1_000_000 : 0
            timeout = Int32(clamping: remaining)
        }
        if !flushQueue.isEmpty {
            timeout = 0  // the last flush phase left work for this turn
        }
        if timeout != 0 && !tasks.prepareToSleep() {
            timeout = 0
        }
        let count = (try? Syscall.epollWait(epollFD, into: events, timeoutMilliseconds: timeout)) ?? 0
        tasks.takeAll(into: &taskBatch)
        for index in 0..<count {
            dispatch(events[index])
        }
        runDueTimers()
        runTasks()
        runFlushPhase()
    }

    private func dispatch(_ event: epoll_event) {
        let key = event.data.u64
        if key == Self.wakeKey {
            Syscall.drainEventFD(wakeFD)
            tasks.wakeConsumed()
        } else if key == Self.listenerKey {
            acceptConnections()
        } else {
            let index = Int(UInt32(truncatingIfNeeded: key))
            guard index < connections.count, let connection = connections[index], connection.key == key else {
                return
            }
            handle(connection, events: event.events)
        }
    }

    private func runDueTimers() {
        // Bounded by the timers that existed at the start, so a body that reschedules itself
        // with no delay cannot keep the loop here.
        var budget = timers.count
        guard budget > 0 else { return }
        let now = Syscall.monotonicNanoseconds()
        while budget > 0, let body = timers.popDue(now: now) {
            budget -= 1
            body()
        }
    }

    private func runTasks() {
        guard !taskBatch.isEmpty else { return }
        for task in taskBatch {
            task()
        }
        taskBatch.removeAll(keepingCapacity: true)
    }

    /// Stops the loop after this turn; connections still open are aborted.
    func stop() {
        running = false
    }
}
