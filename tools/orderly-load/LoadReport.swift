// The end-of-run report: a readable block, or the one JSON document CLI.md specifies
// (`scenario`, `requests`, `errors` by status name, `duration_s`, `throughput_rps`,
// `latency_us` p50/p90/p99/p999/max, plus connection settings and scenario extras).
import Glibc

/// A finished run, ready to print.
struct LoadReport {
    let scenario: String
    let connections: Int
    let concurrency: Int
    let rate: Double?
    let result: LoadResult
    /// Extra JSON members (name, already-encoded value).
    let extra: [(String, String)]

    private var throughput: Double {
        result.seconds > 0 ? Double(result.stats.requests) / result.seconds : 0
    }

    private var sortedErrors: [(String, Int)] {
        result.stats.errors.map { ($0.key.name, $0.value) }.sorted { $0.0 < $1.0 }
    }

    func text() -> String {
        let stats = result.stats
        var out = "scenario      \(scenario)\n"
        out += "connections   \(connections) × \(rate == nil ? "concurrency" : "in-flight cap") \(concurrency)"
        out += rate.map { ", open loop at \(fixed($0, 1)) req/s" } ?? ", closed loop"
        out += "\n"
        out += "requests      \(stats.requests) in \(fixed(result.seconds, 2)) s\n"
        out += "throughput    \(fixed(throughput, 1)) req/s\n"
        out += "latency       p50 \(formatLatency(stats.percentile(50)))  p90 \(formatLatency(stats.percentile(90)))"
        out += "  p99 \(formatLatency(stats.percentile(99)))  p99.9 \(formatLatency(stats.percentile(99.9)))"
        out += "  max \(formatLatency(stats.maxMicroseconds))\n"
        out += "errors        \(stats.errorCount)"
        out += sortedErrors.isEmpty ? "" : " (" + sortedErrors.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")"
        out += "\n"
        for (name, value) in extra {
            out += String(name.map { $0 == "_" ? " " : $0 }) + "  " + value + "\n"
        }
        return out
    }

    func json() -> String {
        let stats = result.stats
        var members: [(String, String)] = [
            ("scenario", Output.jsonString(scenario)),
            ("requests", String(stats.requests)),
            ("errors", "{" + sortedErrors.map { "\(Output.jsonString($0.0)): \($0.1)" }.joined(separator: ", ") + "}"),
            ("duration_s", fixed(result.seconds, 3)),
            ("throughput_rps", fixed(throughput, 1)),
            ("latency_us", "{\"p50\": \(stats.percentile(50)), \"p90\": \(stats.percentile(90)), "
                + "\"p99\": \(stats.percentile(99)), \"p999\": \(stats.percentile(99.9)), \"max\": \(stats.maxMicroseconds)}"),
            ("connections", String(connections)),
            ("concurrency", String(concurrency)),
            ("mode", Output.jsonString(rate == nil ? "closed" : "open")),
        ]
        if let rate { members.append(("rate", fixed(rate, 3))) }
        members += extra
        return "{" + members.map { "\(Output.jsonString($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// Writing to the standard streams and JSON text, without Foundation.
enum Output {
    static func stdout(_ text: String) { write(1, text) }
    static func stderr(_ text: String) { write(2, text) }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func jsonArray(_ items: [String]) -> String {
        "[" + items.map(jsonString).joined(separator: ", ") + "]"
    }
}
