// One connection's share of the load, driven on its channel's loop thread: closed loop keeps
// `concurrency` calls in flight; open loop starts calls at their intended times (a 1 ms tick)
// and measures latency from the intended time, so a stalled server shows in the figures
// instead of silently lowering the send rate (coordinated omission).
import Glibc
import OrderlyClient
import OrderlyRPC
import OrderlyTransport

/// How calls are paced.
enum LoadPacing: Sendable {
    /// Keep this many calls in flight on the connection.
    case closed(concurrency: Int)
    /// Start calls at `perSecond` on this connection, at most `maxInFlight` at once.
    case open(perSecond: Double, maxInFlight: Int)
}

/// A loop-confined load driver. Thread ownership: created on the main thread, then only used on
/// `channel.eventLoop` (the runner reads results through `loop.execute`), hence
/// `@unchecked Sendable`.
final class LoadWorker: @unchecked Sendable {
    let index: Int
    let channel: GRPCChannel
    let scenario: any LoadScenario
    let pacing: LoadPacing
    private var remaining: Int
    private var stopAt: UInt64 = .max
    private let durationNanos: UInt64?
    private var inFlight = 0
    private var started = false
    private(set) var isFinished = false
    private var onFinished: (@Sendable () -> Void)?
    /// Calls started synchronously inside one another (a failing connect completes at once).
    private var nesting = 0

    // Open loop.
    private var nextIntended: UInt64 = 0
    private var intervalNanos: UInt64 = 1

    private(set) var total = LoadStats()
    private var interval = LoadStats()
    private(set) var lastCompletion: UInt64 = 0

    init(index: Int, channel: GRPCChannel, scenario: any LoadScenario, pacing: LoadPacing,
         requests: Int?, duration: Duration?) {
        self.index = index
        self.channel = channel
        self.scenario = scenario
        self.pacing = pacing
        remaining = requests ?? .max
        durationNanos = duration.map { UInt64($0.components.seconds) * 1_000_000_000 + UInt64($0.components.attoseconds / 1_000_000_000) }
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// Starts the worker on its loop; `onFinished` runs there when it is done.
    func start(onFinished: @escaping @Sendable () -> Void) {
        channel.eventLoop.execute { [self] in
            self.onFinished = onFinished
            let begin = Self.now()
            if let durationNanos { stopAt = begin + durationNanos }
            started = true
            switch pacing {
            case .closed(let concurrency):
                for _ in 0..<max(1, concurrency) { issueClosed() }
            case .open(let perSecond, _):
                intervalNanos = max(1, UInt64(1_000_000_000 / max(perSecond, 0.001)))
                nextIntended = begin
                tick()
            }
            finishIfDone()
        }
    }

    /// Hands over and resets the figures since the last call (loop thread).
    func takeInterval() -> LoadStats {
        let taken = interval
        interval.reset()
        return taken
    }

    /// The calls this worker may start (0 when --requests left it no share).
    var requestsBudget: Int { remaining }

    private var mayStart: Bool { remaining > 0 && Self.now() < stopAt }

    /// Starts the next closed-loop call; `now` is reused from the completion that triggers it
    /// (one clock read per call instead of three).
    private func issueClosed(now: UInt64 = LoadWorker.now()) {
        guard remaining > 0, now < stopAt else { return }
        remaining -= 1
        launch(intended: now)
    }

    private func tick() {
        guard case .open(_, let maxInFlight) = pacing else { return }
        let now = Self.now()
        while remaining > 0, nextIntended < stopAt, nextIntended <= now, inFlight < maxInFlight {
            remaining -= 1
            let intended = nextIntended
            nextIntended += intervalNanos
            launch(intended: intended)
        }
        if remaining > 0 && nextIntended < stopAt {
            channel.eventLoop.scheduleTimer(after: .milliseconds(1)) { [self] in tick() }
        } else {
            finishIfDone()
        }
    }

    /// Starts one call, to be recorded against `intended` by `completed`.
    private func launch(intended: UInt64) {
        inFlight += 1
        nesting += 1
        defer { nesting -= 1 }
        scenario.issue(on: channel, worker: self, intended: intended)
    }

    /// A call started at `intended` ended with `code` (loop thread; scenarios call this from
    /// their completion). Closed loop: the next call starts right away.
    func completed(_ code: StatusCode, intended: UInt64) {
        let end = Self.now()
        lastCompletion = end
        let micros = end > intended ? (end - intended) / 1000 : 0
        total.record(microseconds: micros, code: code)
        interval.record(microseconds: micros, code: code)
        inFlight -= 1
        if case .closed = pacing {
            if nesting > 8 {
                // A call that failed at once completed inside its own start: do not recurse.
                channel.eventLoop.execute { [self] in
                    issueClosed()
                    finishIfDone()
                }
                return
            }
            issueClosed(now: end)
        }
        finishIfDone()
    }

    private func finishIfDone() {
        guard started, !isFinished, inFlight == 0 else { return }
        let openDone: Bool
        if case .open = pacing {
            openDone = remaining == 0 || nextIntended >= stopAt
        } else {
            openDone = !mayStart
        }
        guard openDone else { return }
        isFinished = true
        let callback = onFinished
        onFinished = nil
        callback?()
    }
}
