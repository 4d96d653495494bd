// Receive-side flow control of the client: a slow consumer of a server stream holds back the
// server's HTTP/2 credit, so the client buffers about the high-water mark plus one stream window
// (not the whole stream); reading again lets the rest flow. Also the queue's own accounting.
@testable import OrderlyClient
import Glibc
import OrderlyMessages
import OrderlyRPC
import Testing

@Suite(.serialized)
struct ReceiveFlowControlTests {
    private static func residentBytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        let fields = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).split(separator: " ")
        return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test func queueCountsUnreadBytesAgainstItsMark() async throws {
        let queue = ResponseQueue<Int>()
        for index in 0..<5 { queue.push(index, size: 300_000) }
        #expect(queue.buffering.isAboveHighWater)
        #expect(try await queue.next() == 0)
        #expect(try await queue.next() == 1)
        #expect(!queue.buffering.isAboveHighWater)
        queue.finish(nil)
        #expect(!queue.isDrained)
        for expected in 2..<5 { #expect(try await queue.next() == expected) }
        #expect(try await queue.next() == nil)
        #expect(queue.isDrained)
    }

    @Test func aSlowConsumerDoesNotBufferTheWholeStream() async throws {
        let server = try ServerProcess("interop-server")
        defer { server.stop() }
        let channel = GRPCChannel(host: "127.0.0.1", port: server.port)
        defer { channel.close() }
        // 64 MiB through a deliberately slow reader: minutes on a starved machine, so the deadline
        // only guards against a hang.
        let client = Grpc_Testing_TestServiceClient(channel: channel, defaultOptions: CallOptions(timeout: .seconds(600)))
        var request = Grpc_Testing_StreamingOutputCallRequest()
        let total = 256
        request.responseParameters = (0..<total).map { _ in Grpc_Testing_ResponseParameters(size: 256 << 10) }
        var iterator = client.streamingOutputCall(request).makeAsyncIterator()
        _ = try await iterator.next()
        let before = Self.residentBytes()
        // Wait until the client's memory stops moving (the server stalled on our credit).
        var last = before
        var steady = 0
        while steady < 4 {
            try await Task.sleep(for: .milliseconds(250))
            let now = Self.residentBytes()
            steady = abs(now - last) < 512 << 10 ? steady + 1 : 0
            last = now
        }
        // 64 MiB were asked for; about 1 MiB (high water) + the 4 MiB window may wait here.
        #expect(last - before < 24 << 20, "the client buffered \((last - before) >> 20) MiB")
        var received = 1
        while try await iterator.next() != nil { received += 1 }
        #expect(received == total)
    }
}
