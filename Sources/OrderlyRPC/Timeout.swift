// The `grpc-timeout` header: up to 8 ASCII digits followed by a unit (H, M, S, m, u, n).

/// Parses and produces `grpc-timeout` values.
public enum GRPCTimeout {
    /// The duration a `grpc-timeout` value asks for; nil when malformed.
    public static func parse(_ text: some BidirectionalCollection<UInt8>) -> Duration? {
        guard text.count >= 2, text.count <= 9, let unit = text.last else { return nil }
        var amount: Int64 = 0
        for byte in text.dropLast() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            amount = amount * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        switch unit {
        case UInt8(ascii: "H"): return .seconds(amount * 3600)
        case UInt8(ascii: "M"): return .seconds(amount * 60)
        case UInt8(ascii: "S"): return .seconds(amount)
        case UInt8(ascii: "m"): return .milliseconds(amount)
        case UInt8(ascii: "u"): return .microseconds(amount)
        case UInt8(ascii: "n"): return .nanoseconds(amount)
        default: return nil
        }
    }

    /// Parses the UTF-8 of `text`.
    public static func parse(_ text: String) -> Duration? {
        parse(Array(text.utf8))
    }

    /// Encodes `duration` in the finest unit whose amount fits 8 digits (rounding up, so a
    /// peer never sees a shorter deadline than asked for). Negative durations encode as "0n".
    public static func encode(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return "0n" }
        let maxAmount: Int64 = 99_999_999
        // Nanoseconds, saturating: beyond ~292 years the value no longer matters.
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let nanos = overflow ? Int64.max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
        let units: [(Int64, Character)] = [
            (1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"),
            (60_000_000_000, "M"), (3_600_000_000_000, "H"),
        ]
        for (size, unit) in units {
            let amount = nanos / size + (nanos % size == 0 ? 0 : 1)
            if amount <= maxAmount {
                return "\(amount)\(unit)"
            }
        }
        return "\(maxAmount)H"
    }
}
