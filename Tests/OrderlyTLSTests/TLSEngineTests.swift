// TLSEngineTests: a client and a server engine joined in memory (no sockets): the handshake, ALPN
// choice, data both ways, close_notify, and every way the handshake must fail.
import Testing

@testable import OrderlyTLS

/// Moves ciphertext between two engines until both finish the handshake or one fails.
func runHandshake(client: TLSEngine, server: TLSEngine) -> (client: TLSError?, server: TLSError?) {
    var clientError: TLSError?
    var serverError: TLSError?
    for _ in 0..<10 {
        if clientError == nil && !client.isHandshakeComplete {
            do { _ = try client.handshake() } catch { clientError = error }
        }
        transfer(from: client, to: server)
        if serverError == nil && !server.isHandshakeComplete {
            do { _ = try server.handshake() } catch { serverError = error }
        }
        transfer(from: server, to: client)
        if clientError == nil && !client.isHandshakeComplete {
            do { _ = try client.handshake() } catch { clientError = error }
        }
        if (client.isHandshakeComplete && server.isHandshakeComplete) || clientError != nil || serverError != nil {
            break
        }
    }
    return (clientError, serverError)
}

func transfer(from source: TLSEngine, to destination: TLSEngine) {
    var bytes: [UInt8] = []
    source.drainOutput { bytes += $0 }
    try? bytes.withUnsafeBytes { try destination.receive($0) }
}

/// Reads everything the engine can decrypt now.
func readAll(_ engine: TLSEngine) throws -> (bytes: [UInt8], closed: Bool) {
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let outcome = try buffer.withUnsafeMutableBytes { try engine.read(into: $0) }
        switch outcome {
        case .bytes(let count): result += buffer[..<count]
        case .needMore: return (result, false)
        case .closed: return (result, true)
        }
    }
}

@Suite struct TLSEngineTests {
    let certificates: TestCertificates
    let serverContext: TLSContext

    init() throws {
        certificates = try TestCertificates.make()
        serverContext = try TLSContext(
            server: TLSServerConfiguration(
                certificateChainFile: certificates.certificateFile, privateKeyFile: certificates.keyFile))
    }

    func client(_ configure: (inout TLSClientConfiguration) -> Void = { _ in }) throws -> TLSEngine {
        var configuration = TLSClientConfiguration(caFile: certificates.caFile, serverName: "localhost")
        configure(&configuration)
        return try TLSEngine(context: TLSContext(client: configuration))
    }

    @Test("handshake agrees on h2 and TLS 1.3; data flows both ways; close_notify ends the stream")
    func handshakeAndData() throws {
        defer { certificates.remove() }
        let client = try client()
        let server = try TLSEngine(context: serverContext)
        let errors = runHandshake(client: client, server: server)
        #expect(errors.client == nil && errors.server == nil)
        #expect(client.negotiatedProtocol == "h2")
        #expect(server.negotiatedProtocol == "h2")
        #expect(client.protocolVersion == "TLSv1.3")

        let request = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
        try request.withUnsafeBytes { try client.write($0) }
        #expect(client.pendingOutputCount > request.count)  // framed and encrypted
        transfer(from: client, to: server)
        #expect(try readAll(server).bytes == request)

        let answer = [UInt8](repeating: 7, count: 50_000)  // several records
        try answer.withUnsafeBytes { try server.write($0) }
        transfer(from: server, to: client)
        #expect(try readAll(client).bytes == answer)

        client.shutdown()
        transfer(from: client, to: server)
        #expect(try readAll(server).closed)
    }

    @Test("the server picks its own preference among the client's ALPN offers")
    func alpnPreference() throws {
        defer { certificates.remove() }
        let client = try client { $0.applicationProtocols = ["http/1.1", "h2"] }
        let server = try TLSEngine(context: serverContext)
        let errors = runHandshake(client: client, server: server)
        #expect(errors.client == nil && errors.server == nil)
        #expect(server.negotiatedProtocol == "h2")
    }

    enum Refusal: String, CaseIterable {
        case onlyHTTP11, noALPN, untrustedCA, wrongName, verificationOffWrongALPN
    }

    @Test("refused handshakes fail on the side that must refuse", arguments: Refusal.allCases)
    func refusals(_ refusal: Refusal) throws {
        defer { certificates.remove() }
        let client: TLSEngine
        switch refusal {
        case .onlyHTTP11: client = try self.client { $0.applicationProtocols = ["http/1.1"] }
        case .noALPN: client = try self.client { $0.applicationProtocols = [] }
        case .untrustedCA: client = try self.client { $0.caFile = certificates.otherCAFile }
        case .wrongName: client = try self.client { $0.serverName = "orders.example.com" }
        case .verificationOffWrongALPN:
            client = try self.client {
                $0.verifyPeer = false
                $0.applicationProtocols = ["grpc-exp"]
            }
        }
        let server = try TLSEngine(context: serverContext)
        let errors = runHandshake(client: client, server: server)
        switch refusal {
        case .onlyHTTP11, .noALPN, .verificationOffWrongALPN:
            #expect(errors.server != nil)
            #expect(errors.client != nil)  // the alert reached it
            #expect(errors.client?.description.contains("no application protocol") == true)
        case .untrustedCA, .wrongName:
            #expect(errors.client?.description.contains("certificate verification") == true)
            #expect(!client.isHandshakeComplete)
        }
    }

    @Test("bytes that are not TLS fail the server's handshake", arguments: [
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "\u{16}\u{03}\u{01}\u{00}\u{05}hello",
    ])
    func garbage(_ text: String) throws {
        defer { certificates.remove() }
        let server = try TLSEngine(context: serverContext)
        try Array(text.utf8).withUnsafeBytes { try server.receive($0) }
        let failed: Bool = {
            do {
                for _ in 0..<3 where try server.handshake() { return false }
                return false
            } catch {
                return true
            }
        }()
        #expect(failed)
    }

    @Test("a missing certificate file or a key that does not match is reported, not a crash")
    func badServerFiles() throws {
        defer { certificates.remove() }
        #expect(throws: TLSError.self) {
            _ = try TLSContext(server: TLSServerConfiguration(
                certificateChainFile: certificates.directory + "/missing.pem", privateKeyFile: certificates.keyFile))
        }
        #expect(throws: TLSError.self) {
            _ = try TLSContext(server: TLSServerConfiguration(
                certificateChainFile: certificates.certificateFile, privateKeyFile: certificates.directory + "/ca.key"))
        }
    }
}
