// The channel's keepalive: a peer that accepted the TCP connection but never answers is found
// dead by the unanswered PING and the call fails UNAVAILABLE (instead of hanging forever); a live
// server answers the pings and a long call is unaffected.
import Glibc
import OrderlyClient
import OrderlyMessages
import OrderlyRPC
import Testing

@Suite(.serialized)
struct KeepaliveTests {
    /// A listening socket nobody accepts on: the kernel completes the handshake, then silence.
    private static func silentListener() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        try #require(bound == 0 && listen(fd, 16) == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func anUnansweredPingFailsTheCallUnavailable() async throws {
        let (fd, port) = try Self.silentListener()
        defer { close(fd) }
        var configuration = ChannelConfiguration()
        configuration.keepalive = KeepaliveConfiguration(interval: .milliseconds(100), timeout: .milliseconds(300))
        let channel = GRPCChannel(host: "127.0.0.1", port: port, configuration: configuration)
        defer { channel.close() }
        let client = Grpc_Testing_TestServiceClient(channel: channel)
        let started = ContinuousClock.now
        do {
            _ = try await client.emptyCall(Grpc_Testing_Empty())
            Issue.record("a call to a silent peer succeeded")
        } catch let error as RPCError {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("keepalive"))
        }
        // Without keepalive this call (no deadline) would hang for good; the bound is loose
        // because a loaded CI machine delays timers (12 s once under the parallel suite).
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func aLiveServerAnswersPingsDuringALongCall() async throws {
        let server = try ServerProcess("interop-server")
        defer { server.stop() }
        var configuration = ChannelConfiguration()
        configuration.keepalive = KeepaliveConfiguration(interval: .milliseconds(20), timeout: .seconds(5))
        let channel = GRPCChannel(host: "127.0.0.1", port: server.port, configuration: configuration)
        defer { channel.close() }
        let client = Grpc_Testing_TestServiceClient(channel: channel, defaultOptions: CallOptions(timeout: .seconds(30)))
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = (0..<10).map { _ in Grpc_Testing_ResponseParameters(size: 1, intervalUs: 50_000) }
        var count = 0
        for try await _ in client.streamingOutputCall(request) { count += 1 }
        #expect(count == 10)
    }
}
