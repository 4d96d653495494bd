// Runs the workers: starts them all, samples their figures once a second for the live line on
// stderr, and merges their totals when the last one finishes.
import OrderlyClient
import OrderlyTransport
import Synchronization

/// The outcome of a run.
struct LoadResult: Sendable {
    var stats: LoadStats
    var seconds: Double
}

/// Drives one LoadWorker per channel.
struct LoadRunner {
    let workers: [LoadWorker]

    init(channels: [GRPCChannel], scenario: any LoadScenario, pacing: LoadPacing, requests: Int?, duration: Duration?) {
        let count = channels.count
        workers = channels.enumerated().map { index, channel in
            // --requests is a total: spread it, the first workers taking the remainder.
            let share = requests.map { $0 / count + (index < $0 % count ? 1 : 0) }
            return LoadWorker(index: index, channel: channel, scenario: scenario, pacing: pacing,
                              requests: share, duration: duration)
        }
    }

    func run() async -> LoadResult {
        let finished = Atomic<Int>(0)
        let begin = LoadWorker.now()
        // Read before any worker starts: afterwards their state belongs to their loops.
        let starting = workers.filter { $0.requestsBudget > 0 }
        let active = starting.count
        for worker in starting {
            worker.start { finished.add(1, ordering: .releasing) }
        }
        var lastSample = begin
        var second = 0
        while finished.load(ordering: .acquiring) < active {
            try? await Task.sleep(for: .milliseconds(20))
            let now = LoadWorker.now()
            guard now - lastSample >= 1_000_000_000 else { continue }
            var interval = LoadStats()
            for worker in workers {
                interval.add(await Self.onLoop(worker) { $0.takeInterval() })
            }
            let elapsed = Double(now - lastSample) / 1e9
            lastSample = now
            second += 1
            Output.stderr(
                "[\(second)s] \(fixed(Double(interval.requests) / elapsed, 0)) req/s, errors \(interval.errorCount), "
                    + "p50 \(formatLatency(interval.percentile(50))), p99 \(formatLatency(interval.percentile(99)))\n")
        }
        var total = LoadStats()
        var last = begin
        for worker in workers {
            let (stats, completion) = await Self.onLoop(worker) { ($0.total, $0.lastCompletion) }
            total.add(stats)
            last = max(last, completion)
        }
        return LoadResult(stats: total, seconds: Double(last - begin) / 1e9)
    }

    private static func onLoop<T: Sendable>(_ worker: LoadWorker, _ body: @escaping @Sendable (LoadWorker) -> T) async -> T {
        await withCheckedContinuation { continuation in
            worker.channel.eventLoop.execute { continuation.resume(returning: body(worker)) }
        }
    }
}
