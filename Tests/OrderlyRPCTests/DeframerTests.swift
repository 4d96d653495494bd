// The length-prefixed message deframer: messages split anywhere across chunks, several per
// chunk, the compressed flag and the size limit.
import OrderlyRPC
import Testing

struct DeframerTests {
    /// Three messages of different sizes (one empty), framed back to back.
    static let messages: [[UInt8]] = [Array("hello".utf8), [], Array(repeating: 7, count: 300)]
    static var stream: [UInt8] { messages.flatMap { MessageFramer.frame(bytes: $0) } }

    private func deframe(_ chunks: [[UInt8]], limit: Int = 1 << 20) throws -> [[UInt8]] {
        var deframer = MessageDeframer(maxMessageSize: limit)
        var out: [[UInt8]] = []
        for chunk in chunks {
            try chunk.withUnsafeBytes { try deframer.process($0) { out.append(Array($0)) } }
        }
        #expect(!deframer.hasPartialMessage)
        return out
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 64, 1000])
    func reassemblesWhateverTheChunkSize(chunkSize: Int) throws {
        let bytes = Self.stream
        let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map {
            Array(bytes[$0..<min($0 + chunkSize, bytes.count)])
        }
        #expect(try deframe(chunks) == Self.messages)
    }

    @Test func splitsAtEveryPossiblePointIntoTwoChunks() throws {
        let bytes = Self.stream
        for cut in 0...bytes.count {
            #expect(try deframe([Array(bytes[..<cut]), Array(bytes[cut...])]) == Self.messages)
        }
    }

    @Test func reportsAPartialMessage() throws {
        var deframer = MessageDeframer()
        let partial = Array(MessageFramer.frame(bytes: [1, 2, 3]).dropLast())
        var delivered = 0
        try partial.withUnsafeBytes { try deframer.process($0) { _ in delivered += 1 } }
        #expect(delivered == 0)
        #expect(deframer.hasPartialMessage)
    }

    @Test func compressedFlagWithoutEncodingIsInternal() {
        var deframer = MessageDeframer()
        let frame: [UInt8] = [1, 0, 0, 0, 1, 42]
        #expect(throws: RPCError(.internalError, "compressed message received but no grpc-encoding was negotiated")) {
            try frame.withUnsafeBytes { try deframer.process($0) { _ in } }
        }
    }

    @Test(arguments: [1, 3, 5, 6])
    func oversizedMessageIsResourceExhaustedBeforeItsBodyArrives(headerBytesFirst: Int) {
        var deframer = MessageDeframer(maxMessageSize: 10)
        let frame = MessageFramer.frame(bytes: Array(repeating: 0, count: 11))
        #expect {
            try Array(frame.prefix(headerBytesFirst)).withUnsafeBytes { try deframer.process($0) { _ in } }
            try Array(frame.dropFirst(headerBytesFirst)).withUnsafeBytes { try deframer.process($0) { _ in } }
        } throws: { error in
            (error as? RPCError)?.code == .resourceExhausted
        }
    }

    @Test func messageExactlyAtTheLimitIsAccepted() throws {
        let frame = MessageFramer.frame(bytes: Array(repeating: 9, count: 10))
        #expect(try deframe([frame], limit: 10) == [Array(repeating: 9, count: 10)])
    }
}
