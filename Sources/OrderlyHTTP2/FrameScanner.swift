// A light pass over the client's bytes before nghttp2 sees them: skips the 24-byte connection
// preface and reports each frame header (type, flags, length, stream), so the connection guard
// can enforce its policies (handshake deadline, ping strikes, idleness) without touching nghttp2.
// It never rejects anything itself: malformed framing is nghttp2's to answer.

/// One HTTP/2 frame header as it arrived (RFC 9113 §4.1).
public struct FrameHeader: Sendable, Hashable {
    /// Payload length (24 bits).
    public var length: Int
    /// Frame type (DATA 0, HEADERS 1, ..., PING 6, GOAWAY 7, WINDOW_UPDATE 8, CONTINUATION 9).
    public var type: UInt8
    /// Flags.
    public var flags: UInt8
    /// Stream identifier (reserved bit cleared).
    public var streamID: UInt32
}

/// Incremental frame-boundary tracker over a byte stream. A value: tests drive it directly.
public struct FrameScanner: Sendable {
    private var prefaceRemaining = 24
    private var header: [UInt8] = []
    private var payloadRemaining = 0
    private var pendingFirstFrame = true
    /// True once the preface and the whole first frame (the client's SETTINGS) have arrived.
    public private(set) var handshakeComplete = false

    /// A scanner at the start of a connection.
    public init() {}

    /// Scans `bytes`, calling `onFrame` once per frame header as soon as its 9 bytes are in.
    public mutating func scan(_ bytes: UnsafeRawBufferPointer, onFrame: (FrameHeader) -> Void) {
        var index = 0
        let count = bytes.count
        while index < count {
            if prefaceRemaining > 0 {
                let step = min(prefaceRemaining, count - index)
                prefaceRemaining -= step
                index += step
                continue
            }
            if payloadRemaining > 0 {
                let step = min(payloadRemaining, count - index)
                payloadRemaining -= step
                index += step
                if payloadRemaining == 0 { frameDone() }
                continue
            }
            let frame: FrameHeader
            if header.isEmpty, count - index >= 9 {
                // The usual case: the whole header is in this read; no byte-wise copying.
                frame = Self.parse(bytes, at: index)
                index += 9
            } else {
                header.append(bytes[index])
                index += 1
                guard header.count == 9 else { continue }
                frame = header.withUnsafeBytes { Self.parse($0, at: 0) }
                header.removeAll(keepingCapacity: true)
            }
            payloadRemaining = frame.length
            onFrame(frame)
            if payloadRemaining == 0 { frameDone() }
        }
    }

    /// The frame header in the 9 bytes at `offset`.
    @inline(__always)
    private static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> FrameHeader {
        FrameHeader(
            length: Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]),
            type: bytes[offset + 3], flags: bytes[offset + 4],
            streamID: (UInt32(bytes[offset + 5]) << 24 | UInt32(bytes[offset + 6]) << 16
                | UInt32(bytes[offset + 7]) << 8 | UInt32(bytes[offset + 8])) & 0x7fff_ffff)
    }

    private mutating func frameDone() {
        if pendingFirstFrame {
            pendingFirstFrame = false
            handshakeComplete = true
        }
    }
}
