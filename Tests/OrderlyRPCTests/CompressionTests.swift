// The gzip and deflate codecs and the deframer with an encoding: round trips, the bound on
// decompressed size (zip bombs), corrupt input, and the compressed flag.
import OrderlyRPC
import OrderlyZlib
import Testing

struct CompressionTests {
    static let codecs = ZlibCompressor.all

    @Test(arguments: [0, 1, 1000, 1 << 20])
    func roundTripsBothFormats(size: Int) throws {
        let original = (0..<size).map { UInt8(truncatingIfNeeded: $0 % 7) }
        for codec in Self.codecs {
            let compressed = try original.withUnsafeBytes { try codec.compress($0) }
            let restored = try compressed.withUnsafeBytes { try codec.decompress($0, limit: size) }
            #expect(restored == original, "\(codec.name) \(size)")
        }
    }

    @Test func formatsAreGzipAndZlib() throws {
        let gzip = try [UInt8]([1, 2, 3]).withUnsafeBytes { try ZlibCompressor(.gzip).compress($0) }
        let deflate = try [UInt8]([1, 2, 3]).withUnsafeBytes { try ZlibCompressor(.deflate).compress($0) }
        #expect(Array(gzip.prefix(2)) == [0x1f, 0x8b])
        #expect(deflate[0] == 0x78)
    }

    @Test func aZipBombStopsAtTheLimit() throws {
        let zeros = [UInt8](repeating: 0, count: 16 << 20)
        for codec in Self.codecs {
            let bomb = try zeros.withUnsafeBytes { try codec.compress($0) }
            #expect(bomb.count < 64 << 10)
            #expect(throws: RPCError.self) {
                _ = try bomb.withUnsafeBytes { try codec.decompress($0, limit: 4 << 20) }
            }
            do {
                _ = try bomb.withUnsafeBytes { try codec.decompress($0, limit: 4 << 20) }
            } catch let error as RPCError {
                #expect(error.code == .resourceExhausted)
            }
        }
    }

    @Test func corruptAndTruncatedInputIsInternal() throws {
        for codec in Self.codecs {
            let good = try [UInt8](repeating: 9, count: 5000).withUnsafeBytes { try codec.compress($0) }
            for bad in [[UInt8]("junk".utf8), Array(good.dropLast(4)), good + [1, 2, 3]] {
                do {
                    _ = try bad.withUnsafeBytes { try codec.decompress($0, limit: 1 << 20) }
                    Issue.record("\(codec.name) accepted bad input")
                } catch let error as RPCError {
                    #expect(error.code == .internalError)
                }
            }
        }
    }

    @Test func deframerDecompressesFlaggedMessagesOnly() throws {
        let codec = ZlibCompressor(.gzip)
        let plain = MessageFramer.frame(bytes: Array("hello".utf8))
        let squeezed = try MessageFramer.compress(framed: MessageFramer.frame(bytes: Array("world".utf8)), with: codec)
        #expect(squeezed[0] == 1)
        var deframer = MessageDeframer()
        deframer.compressor = codec
        var out: [(String, Bool)] = []
        try (plain + squeezed).withUnsafeBytes { bytes in
            try deframer.process(bytes) { message, compressed in
                out.append((String(decoding: message, as: UTF8.self), compressed))
            }
        }
        #expect(out.map(\.0) == ["hello", "world"])
        #expect(out.map(\.1) == [false, true])
    }

    @Test func deframerBoundsTheDecompressedSize() throws {
        let codec = ZlibCompressor(.deflate)
        let big = try MessageFramer.compress(framed: MessageFramer.frame(bytes: [UInt8](repeating: 0, count: 100_000)), with: codec)
        var deframer = MessageDeframer(maxMessageSize: 10_000)
        deframer.compressor = codec
        do {
            try big.withUnsafeBytes { try deframer.process($0) { _ in } }
            Issue.record("an oversized decompressed message was delivered")
        } catch let error as RPCError {
            #expect(error.code == .resourceExhausted)
        }
    }

    @Test func acceptEncodingNegotiation() {
        let registry = CompressionRegistry(Self.codecs)
        #expect(registry.acceptEncoding == "gzip, deflate, identity")
        #expect(registry.firstAccepted(by: "identity, deflate")?.name == "deflate")
        #expect(registry.firstAccepted(by: "identity") == nil)
        #expect(CompressionRegistry().acceptEncoding == "identity")
    }
}
