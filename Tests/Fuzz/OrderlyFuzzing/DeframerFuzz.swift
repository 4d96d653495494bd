// DeframerFuzz: feeds MessageDeframer an arbitrary byte stream in arbitrary chunks and checks it
// against a whole-stream reference parser: same messages, same error, same leftover; after an
// error it stays silent; and the messages survive a MessageFramer round trip.
import OrderlyRPC

/// The deframer fuzz target. Input layout: byte 0 picks the size limit, byte 1 the number of
/// chunk sizes that follow (0-7, one byte each, cycled); the rest is the stream.
public enum DeframerFuzz {
    static let limits = [0, 1, 5, 16, 300, 70_000, MessageDeframer.defaultMaxMessageSize]

    /// What parsing a whole stream at once yields.
    struct Parse: Equatable {
        var messages: [[UInt8]] = []
        var error: StatusCode?
        var hasPartial = false
    }

    /// Checks one input.
    public static func check(_ input: UnsafeRawBufferPointer) throws {
        let bytes = [UInt8](input)
        guard bytes.count >= 2 else { return }
        let limit = limits[Int(bytes[0]) % limits.count]
        let sizeCount = Int(bytes[1] % 8)
        guard bytes.count >= 2 + sizeCount else { return }
        let sizes = bytes[2..<(2 + sizeCount)].map(Int.init)
        let stream = Array(bytes[(2 + sizeCount)...])

        let expected = reference(stream, limit: limit)
        let chunked = deframe(stream, chunkSizes: sizes, limit: limit)
        guard chunked == expected else {
            throw FuzzViolation("limit \(limit), chunks \(sizes): deframer \(chunked) != reference \(expected)")
        }
        if expected.error == nil {
            try roundTrip(expected.messages)
        }
    }

    /// Seeds: well-formed streams in awkward chunkings, plus each kind of framing error.
    public static func seeds() -> [(name: String, bytes: [UInt8])] {
        let two = MessageFramer.frame(bytes: [1, 2, 3]) + MessageFramer.frame(bytes: [])
        return [
            ("two-messages-one-chunk", [6, 0] + two),
            ("two-messages-byte-chunks", [6, 1, 1] + two),
            ("split-header", [6, 3, 2, 4, 0] + two + MessageFramer.frame(bytes: [UInt8](repeating: 7, count: 40))),
            ("partial-at-end", [6, 0] + two + [0, 0, 0]),
            ("oversized", [2, 2, 3, 1] + MessageFramer.frame(bytes: [UInt8](repeating: 9, count: 20))),
            ("compressed-flag", [6, 0, 1, 0, 0, 0, 1, 42]),
        ]
    }

    /// The reference: walks the whole stream at once.
    static func reference(_ stream: [UInt8], limit: Int) -> Parse {
        var result = Parse()
        var position = 0
        while stream.count - position >= 5 {
            let flag = stream[position]
            var length = 0
            for offset in 1...4 { length = length << 8 | Int(stream[position + offset]) }
            if flag & 1 != 0 {
                result.error = .internalError
                return result
            }
            if length > limit {
                result.error = .resourceExhausted
                return result
            }
            guard stream.count - position - 5 >= length else { break }
            result.messages.append(Array(stream[(position + 5)..<(position + 5 + length)]))
            position += 5 + length
        }
        result.hasPartial = position < stream.count
        return result
    }

    /// The deframer under test, fed `stream` in chunks of `chunkSizes` (cycled; the rest as one).
    static func deframe(_ stream: [UInt8], chunkSizes: [Int], limit: Int) -> Parse {
        // Zero sizes are empty chunks; all-zero sizes would never get through the stream.
        let chunkSizes = chunkSizes.allSatisfy { $0 == 0 } ? [] : chunkSizes
        var deframer = MessageDeframer(maxMessageSize: limit)
        var result = Parse()
        var position = 0
        var turn = 0
        while position < stream.count || turn == 0 {
            let size = chunkSizes.isEmpty ? stream.count : chunkSizes[turn % chunkSizes.count]
            let end = min(stream.count, position + size)
            turn += 1
            do {
                try stream[position..<end].withUnsafeBytes { chunk in
                    try deframer.process(chunk) { result.messages.append([UInt8]($0)) }
                }
            } catch let error as RPCError {
                result.error = error.code
                // A failed deframer must ignore everything after the error.
                var extra = result.messages.count
                try? stream.withUnsafeBytes { all in
                    try deframer.process(all) { _ in extra += 1 }
                }
                if extra != result.messages.count { result.messages.append([0xEE]) }
                return result
            } catch {
                result.error = .unknown
                return result
            }
            position = end
            if position >= stream.count { break }
        }
        result.hasPartial = deframer.hasPartialMessage
        return result
    }

    /// Framing the messages again and deframing them in one chunk gives them back.
    static func roundTrip(_ messages: [[UInt8]]) throws {
        let framed = messages.flatMap { MessageFramer.frame(bytes: $0) }
        let again = deframe(framed, chunkSizes: [], limit: MessageDeframer.defaultMaxMessageSize)
        guard again == Parse(messages: messages) else {
            throw FuzzViolation("round trip of \(messages.count) messages gave \(again)")
        }
    }
}
