// RFC 3339 formatting and parsing (timestamps in --json output, --from/--to arguments).
import OrderlyJSON
import Testing

@Test("formats Unix time as RFC 3339", arguments: [
    (Int64(0), Int32(0), "1970-01-01T00:00:00Z"),
    (Int64(951_782_400), Int32(0), "2000-02-29T00:00:00Z"),
    (Int64(1_764_210_946), Int32(123_000_000), "2025-11-27T02:35:46.123Z"),
    (Int64(1_764_210_946), Int32(123_456_000), "2025-11-27T02:35:46.123456Z"),
    (Int64(1_764_210_946), Int32(1), "2025-11-27T02:35:46.000000001Z"),
    (Int64(-1), Int32(0), "1969-12-31T23:59:59Z"),
    (Int64(253_402_300_799), Int32(0), "9999-12-31T23:59:59Z"),
])
func formats(seconds: Int64, nanos: Int32, expected: String) {
    #expect(RFC3339.format(seconds: seconds, nanos: nanos) == expected)
}

@Test("out-of-range timestamps have no RFC 3339 form")
func outOfRange() {
    #expect(RFC3339.format(seconds: 253_402_300_800, nanos: 0) == nil)
    #expect(RFC3339.format(seconds: 0, nanos: -1) == nil)
}

@Test("parses full timestamps and bare dates", arguments: [
    ("2025-11-27", Int64(1_764_201_600), Int32(0)),
    ("2025-11-27T02:35:46Z", Int64(1_764_210_946), Int32(0)),
    ("2025-11-27T02:35:46.5Z", Int64(1_764_210_946), Int32(500_000_000)),
    ("2025-11-27T03:35:46+01:00", Int64(1_764_210_946), Int32(0)),
    ("2025-11-26T21:35:46-05:00", Int64(1_764_210_946), Int32(0)),
    ("2024-02-29", Int64(1_709_164_800), Int32(0)),
])
func parses(text: String, seconds: Int64, nanos: Int32) {
    let parsed = RFC3339.parse(text)
    #expect(parsed?.seconds == seconds)
    #expect(parsed?.nanos == nanos)
}

@Test("rejects malformed timestamps", arguments: [
    "", "2025", "2025-13-01", "2025-02-30", "2023-02-29", "2025-11-27T25:00:00Z", "2025-11-27T02:35:46",
    "2025-11-27T02:35:46.Z", "yesterday", "2025-11-27Z", "2025-11-27T02:35:46Zjunk",
])
func rejects(text: String) {
    #expect(RFC3339.parse(text) == nil)
}
