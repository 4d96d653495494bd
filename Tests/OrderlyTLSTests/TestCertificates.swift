// TestCertificates: a throwaway CA and a server certificate for "localhost" and 127.0.0.1, made
// with the openssl command line in a fresh temporary directory, plus a second CA that signed
// nothing (for "untrusted" cases). Also a lock-protected recorder for values seen on loop threads.
import Glibc

import OrderlyLocks
import OrderlyTestSupport
@testable import OrderlyTransport

/// PEM files in a temporary directory.
struct TestCertificates: Sendable {
    let directory: String
    var caFile: String { directory + "/ca.pem" }
    var otherCAFile: String { directory + "/other-ca.pem" }
    var certificateFile: String { directory + "/server.pem" }
    var keyFile: String { directory + "/server.key" }

    /// Creates the files (a few hundred milliseconds of openssl).
    static func make() throws -> TestCertificates {
        var template = Array("/tmp/orderly-tls-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure(description: "mkdtemp failed: errno \(errno)") }
        let directory = String(cString: made)
        let script = """
            set -e; cd '\(directory)'
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
              -subj '/CN=Orderly Test CA' -keyout ca.key -out ca.pem
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
              -subj '/CN=Other CA' -keyout other-ca.key -out other-ca.pem
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=localhost' \
              -keyout server.key -out server.csr
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
              -extfile ext.cnf -out server.pem
            """
        let status = system("(\(script)) >'\(directory)/openssl.log' 2>&1")
        guard status == 0 else { throw TestFailure(description: "openssl failed (\(status)), see \(directory)/openssl.log") }
        return TestCertificates(directory: directory)
    }

    func remove() {
        _ = system("rm -rf '\(directory)'")
    }
}

