// GRPCChannel over TLS against a real orderlyd started with --tls-cert/--tls-key: a trusted CA and
// the right name get SERVING; an untrusted server, a wrong name or plaintext fail with UNAVAILABLE.
import Glibc
import OrderlyClient
import OrderlyMessages
import OrderlyRPC
import OrderlyTLS
import Testing

/// A throwaway CA and a server certificate for localhost and 127.0.0.1, made with openssl.
struct ChannelTestCertificates {
    let directory: String

    init() throws {
        var template = Array("/tmp/orderly-client-tls-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ServerProcess.Failure(description: "mkdtemp failed") }
        directory = String(cString: made)
        let script = """
            set -e; cd '\(directory)'
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
              -subj '/CN=Orderly Test CA' -keyout ca.key -out ca.pem
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=localhost' \
              -keyout server.key -out server.csr
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext.cnf
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
              -extfile ext.cnf -out server.pem
            """
        guard system("(\(script)) >/dev/null 2>&1") == 0 else {
            throw ServerProcess.Failure(description: "openssl could not make test certificates")
        }
    }

    func remove() {
        _ = system("rm -rf '\(directory)'")
    }
}

@Suite(.serialized)
struct TLSChannelTests {
    enum Client: String, CaseIterable {
        case trustedByAddress, trustedByName, untrusted, wrongName, plaintext
    }

    @Test("a TLS channel to orderlyd", arguments: Client.allCases)
    func channel(_ client: Client) async throws {
        let certificates = try ChannelTestCertificates()
        defer { certificates.remove() }
        let server = try ServerProcess("orderlyd", arguments: [
            "--data-dir", OrderlyServerTests.dataDirectory(), "--fsync", "never",
            "--tls-cert", certificates.directory + "/server.pem", "--tls-key", certificates.directory + "/server.key",
        ])
        defer { server.stop() }
        let ca = certificates.directory + "/ca.pem"
        let channel: GRPCChannel = switch client {
        case .trustedByAddress: GRPCChannel(host: "127.0.0.1", port: server.port, tls: TLSClientConfiguration(caFile: ca))
        case .trustedByName:
            GRPCChannel(host: "127.0.0.1", port: server.port, tls: TLSClientConfiguration(caFile: ca, serverName: "localhost"))
        case .untrusted:
            // The system store does not know the throwaway CA.
            GRPCChannel(host: "127.0.0.1", port: server.port, tls: TLSClientConfiguration())
        case .wrongName:
            GRPCChannel(host: "127.0.0.1", port: server.port, tls: TLSClientConfiguration(caFile: ca, serverName: "example.com"))
        case .plaintext: GRPCChannel(host: "127.0.0.1", port: server.port)
        }
        defer { channel.close() }
        let health = Grpc_Health_V1_HealthClient(channel: channel, defaultOptions: CallOptions(timeout: .seconds(10)))
        switch client {
        case .trustedByAddress, .trustedByName:
            #expect(try await health.check(Grpc_Health_V1_HealthCheckRequest()).status == .serving)
        case .untrusted, .wrongName:
            let error = await #expect(throws: RPCError.self) { try await health.check(Grpc_Health_V1_HealthCheckRequest()) }
            #expect(error?.code == .unavailable)
            #expect(error?.message.hasPrefix("TLS:") == true)
        case .plaintext:
            let error = await #expect(throws: RPCError.self) { try await health.check(Grpc_Health_V1_HealthCheckRequest()) }
            #expect(error?.code == .unavailable)
        }
    }
}
