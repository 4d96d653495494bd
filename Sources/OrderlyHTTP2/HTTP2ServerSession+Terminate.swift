// Ending a connection on the server's initiative with a specific GOAWAY code, for the abuse
// limits (ENHANCE_YOUR_CALM for ping floods, NO_ERROR for idle connections).
import CNGHTTP2

extension HTTP2ServerSession {
    /// Queues GOAWAY(`errorCode`, `debugData`), writes what can be written and closes the
    /// connection (open calls are cancelled when the transport reports it closed).
    public func terminate(errorCode: UInt32, debugData: String) {
        guard let session else { return }
        var debug = Array(debugData.utf8)
        _ = nghttp2_submit_goaway(
            session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nghttp2_session_get_last_proc_stream_id(session), errorCode,
            &debug, debug.count)
        flush()
        io.close()
    }
}
