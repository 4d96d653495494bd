// Writes the Prometheus text exposition format (version 0.0.4): HELP and TYPE lines, then the
// samples, label values escaped, numbers in Go's formatting of floats.

/// A text exposition under construction.
public struct PrometheusText: Sendable {
    /// The document so far.
    public private(set) var text = ""

    /// An empty document.
    public init() {}

    /// Starts a metric family.
    public mutating func family(_ name: String, type: String, help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    /// One sample line.
    public mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{"
            text += labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",")
            text += "}"
        }
        text += " \(Self.format(value))\n"
    }

    /// One sample line with an integer value.
    public mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Int) {
        sample(name, labels, Double(value))
    }

    /// The samples of a histogram (`_bucket` with `le`, `_sum`, `_count`) under `labels`.
    public mutating func histogram(_ name: String, _ labels: [(String, String)] = [], _ histogram: Histogram) {
        let reading = histogram.snapshot()
        for (index, count) in reading.cumulative.enumerated() {
            let bound = index < histogram.bounds.count ? Self.format(histogram.bounds[index]) : "+Inf"
            sample(name + "_bucket", labels + [("le", bound)], count)
        }
        sample(name + "_sum", labels, reading.sum)
        sample(name + "_count", labels, reading.count)
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    static func escapeHelp(_ value: String) -> String {
        value.replacingBackslashes()
    }
}

extension String {
    fileprivate func replacingBackslashes() -> String {
        var out = ""
        for character in self {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
