// The connection guard's pure parts: the frame scanner (preface skipping, frame headers split
// across reads, handshake completion) and ping-strike accounting on an injected clock.
import OrderlyHTTP2
import Testing

struct FrameScannerTests {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    static func frame(type: UInt8, flags: UInt8 = 0, stream: UInt32 = 0, payload: [UInt8] = []) -> [UInt8] {
        let n = payload.count
        return [UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff), type, flags,
                UInt8(stream >> 24), UInt8(stream >> 16 & 0xff), UInt8(stream >> 8 & 0xff), UInt8(stream & 0xff)]
            + payload
    }

    static func scan(_ bytes: [UInt8], chunk: Int) -> (frames: [FrameHeader], scanner: FrameScanner) {
        var scanner = FrameScanner()
        var frames: [FrameHeader] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunk)
            Array(bytes[index..<end]).withUnsafeBytes { scanner.scan($0) { frames.append($0) } }
            index = end
        }
        return (frames, scanner)
    }

    /// The same frames are reported however the bytes are split.
    @Test(arguments: [1, 2, 7, 9, 24, 33, 1000])
    func reportsEveryFrameHeaderWhateverTheChunking(chunk: Int) {
        let bytes = Self.preface + Self.frame(type: 4, payload: [0, 3, 0, 0, 0, 100])
            + Self.frame(type: 6, payload: Array(repeating: 7, count: 8))
            + Self.frame(type: 1, flags: 5, stream: 0x8000_0003, payload: Array(repeating: 1, count: 40))
            + Self.frame(type: 8, stream: 3, payload: [0, 0, 1, 0])
        let (frames, scanner) = Self.scan(bytes, chunk: chunk)
        #expect(frames.map(\.type) == [4, 6, 1, 8])
        #expect(frames.map(\.length) == [6, 8, 40, 4])
        #expect(frames[2].flags == 5)
        #expect(frames[2].streamID == 3, "the reserved bit is cleared")
        #expect(scanner.handshakeComplete)
    }

    @Test func handshakeNeedsTheWholeFirstFrame() {
        let settings = Self.frame(type: 4, payload: [0, 3, 0, 0, 0, 100])
        #expect(!Self.scan(Array(Self.preface.prefix(20)), chunk: 5).scanner.handshakeComplete)
        #expect(!Self.scan(Self.preface, chunk: 24).scanner.handshakeComplete)
        #expect(!Self.scan(Self.preface + settings.dropLast(), chunk: 4).scanner.handshakeComplete)
        #expect(Self.scan(Self.preface + settings, chunk: 4).scanner.handshakeComplete)
        #expect(Self.scan(Self.preface + Self.frame(type: 4), chunk: 100).scanner.handshakeComplete)
    }
}

struct PingPolicyTests {
    /// Feeds pings at `offsets` (seconds from now); returns each verdict.
    static func verdicts(_ policy: inout PingPolicy, _ offsets: [Double], activityBetween: Bool = false) -> [Bool] {
        let start = ContinuousClock.now
        return offsets.map { offset in
            let verdict = policy.pingReceived(at: start + .milliseconds(Int64(offset * 1000)))
            if activityBetween { policy.activity() }
            return verdict
        }
    }

    @Test func aFloodEarnsStrikesUntilTheLimit() {
        var policy = PingPolicy(minInterval: .seconds(300), maxStrikes: 2)
        #expect(Self.verdicts(&policy, [0, 1, 2, 3]) == [true, true, true, false])
    }

    @Test func slowPingsAreNoStrikes() {
        var policy = PingPolicy(minInterval: .seconds(10), maxStrikes: 0)
        let offsets = (0..<20).map { Double($0) * 10 }
        #expect(Self.verdicts(&policy, offsets) == Array(repeating: true, count: 20))
    }

    @Test func callActivityForgivesStrikes() {
        var policy = PingPolicy(minInterval: .seconds(300), maxStrikes: 1)
        let offsets = (0..<50).map { Double($0) / 1000 }
        #expect(Self.verdicts(&policy, offsets, activityBetween: true) == Array(repeating: true, count: 50))
        #expect(Self.verdicts(&policy, [1, 2, 3]) == [true, true, false])
    }
}
