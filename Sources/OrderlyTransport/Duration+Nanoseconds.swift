// Duration+Nanoseconds: one saturating conversion from Duration to the loop's nanosecond clock,
// so a huge delay (a grpc-timeout of 99999999H is legal) cannot overflow and trap.

extension Duration {
    /// Whole nanoseconds, 0 for negative durations, UInt64.max-ish when too large to represent.
    var saturatingNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return UInt64.max / 2 }
        let total = whole.addingReportingOverflow(UInt64(max(0, attoseconds / 1_000_000_000)))
        return total.overflow ? UInt64.max / 2 : min(total.partialValue, UInt64.max / 2)
    }
}
