// Latency and outcome counts of a load run: HdrHistogram of microseconds plus errors by status.
// Each worker keeps its own (no locks on the hot path); the runner merges copies.
import Histogram
import OrderlyRPC

/// What a set of calls did.
struct LoadStats: Sendable {
    /// Latencies in microseconds, up to 10 minutes, 3 significant digits.
    var latency = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000,
                                    numberOfSignificantValueDigits: .three)
    var requests = 0
    var errors: [StatusCode: Int] = [:]

    var errorCount: Int { errors.values.reduce(0, +) }

    mutating func record(microseconds: UInt64, code: StatusCode) {
        requests += 1
        latency.record(min(microseconds, 600_000_000))
        if code != .ok { errors[code, default: 0] += 1 }
    }

    mutating func add(_ other: LoadStats) {
        requests += other.requests
        latency.add(other.latency)
        for (code, count) in other.errors { errors[code, default: 0] += count }
    }

    mutating func reset() {
        self = LoadStats()
    }

    /// The latency at `percentile` (0–100) in microseconds; 0 when nothing was recorded.
    func percentile(_ percentile: Double) -> UInt64 {
        requests == 0 ? 0 : latency.valueAtPercentile(percentile)
    }

    var maxMicroseconds: UInt64 { requests == 0 ? 0 : latency.max }
}

/// Formats microseconds for people: "812us", "3.41ms", "1.20s".
func formatLatency(_ microseconds: UInt64) -> String {
    if microseconds < 1000 { return "\(microseconds)us" }
    if microseconds < 1_000_000 { return fixed(Double(microseconds) / 1000, 2) + "ms" }
    return fixed(Double(microseconds) / 1_000_000, 2) + "s"
}

/// `value` with `digits` decimals, without Foundation.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
    if digits > 0 {
        let digitsText = String(fraction)
        text += "." + String(repeating: "0", count: max(0, digits - digitsText.count)) + digitsText
    }
    return text
}
