// Every nghttp2 callback of the server, registered in one place. They are @convention(c),
// recover the session through Unmanaged (the session's user_data, never retained: the
// HTTP2ServerSession outlives its nghttp2 session) and only run on the loop thread, inside
// nghttp2_session_mem_recv / mem_send.
import CNGHTTP2
import OrderlyRPC

enum HTTP2Callbacks {
    /// Creates the nghttp2 server session for `owner`; nil if nghttp2 cannot allocate.
    static func makeServerSession(owner: HTTP2ServerSession, configuration: HTTP2ServerConfiguration) -> OpaquePointer? {
        var callbacks: OpaquePointer?
        guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else { return nil }
        defer { nghttp2_session_callbacks_del(callbacks) }
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, onBeginHeaders)
        nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader)
        nghttp2_session_callbacks_set_on_invalid_header_callback(callbacks, onInvalidHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrameRecv)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunkRecv)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose)

        var option: OpaquePointer?
        guard nghttp2_option_new(&option) == 0, let option else { return nil }
        defer { nghttp2_option_del(option) }
        // nghttp2's own reset limit counts every RST_STREAM, including those of calls that ended
        // by deadline or cancellation: off (an unreachable limit); ResetAccounting counts instead.
        nghttp2_option_set_stream_reset_rate_limit(option, UInt64.max, UInt64.max)
        nghttp2_option_set_max_continuations(option, max(0, configuration.maxContinuations))
        // We grant flow-control credit ourselves (GRPCServerStream.receiveData), so that a
        // streaming handler that falls behind slows its client down.
        nghttp2_option_set_no_auto_window_update(option, 1)

        var session: OpaquePointer?
        let userData = Unmanaged.passUnretained(owner).toOpaque()
        guard nghttp2_session_server_new2(&session, callbacks, userData, option) == 0 else { return nil }
        return session
    }

    /// Runs `body` with the session behind `userData`, without retaining it (it outlives every
    /// callback: callbacks only run inside its own mem_recv / mem_send).
    @inline(__always)
    private static func withOwner(
        _ userData: UnsafeMutableRawPointer?, _ body: (HTTP2ServerSession) -> Int32
    ) -> Int32 {
        guard let userData else { return 0 }
        return Unmanaged<HTTP2ServerSession>.fromOpaque(userData)._withUnsafeGuaranteedRef(body)
    }

    private static func isRequestHeaders(_ frame: UnsafePointer<nghttp2_frame>) -> Bool {
        frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue)
            && frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST
    }

    static let onBeginHeaders: nghttp2_on_begin_headers_callback = { _, frame, userData in
        guard let frame, isRequestHeaders(frame) else { return 0 }
        return withOwner(userData) { owner in
            owner.openStream(frame.pointee.hd.stream_id)
            return 0
        }
    }

    static let onHeader: nghttp2_on_header_callback = { _, frame, name, nameLength, value, valueLength, _, userData in
        guard let frame, isRequestHeaders(frame) else { return 0 }
        return deliverHeader(frame, name, nameLength, value, valueLength, userData)
    }

    /// A field nghttp2 finds invalid. RFC 9113 forbids leading and trailing whitespace in values,
    /// but gRPC's servers accept it (`authorization: Bearer ` must be answered UNAUTHENTICATED,
    /// not reset): such a value is delivered trimmed. Anything else invalid (NUL, CR, LF, bad
    /// name characters, connection-specific fields) still resets the stream.
    static let onInvalidHeader: nghttp2_on_invalid_header_callback = {
        _, frame, name, nameLength, value, valueLength, _, userData in
        guard let frame, isRequestHeaders(frame), let name, let value else { return 0 }
        let nameBytes = UnsafeRawBufferPointer(start: name, count: nameLength)
        var start = 0
        var end = valueLength
        while start < end, value[start] == 0x20 || value[start] == 0x09 { start += 1 }
        while end > start, value[end - 1] == 0x20 || value[end - 1] == 0x09 { end -= 1 }
        let trimmed = UnsafeRawBufferPointer(start: value + start, count: end - start)
        guard start > 0 || end < valueLength, isToken(nameBytes), !Self.isConnectionSpecific(nameBytes),
              trimmed.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7f) })
        else { return Int32(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
        return deliverHeader(frame, name, nameLength, value + start, end - start, userData)
    }

    /// RFC 9110 token characters, lower-case only (HTTP/2 field names).
    private static func isToken(_ name: UnsafeRawBufferPointer) -> Bool {
        !name.isEmpty && name.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    private static func isConnectionSpecific(_ name: UnsafeRawBufferPointer) -> Bool {
        ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te"]
            .contains { $0.utf8.elementsEqual(name) }
    }

    @inline(__always)
    private static func deliverHeader(
        _ frame: UnsafePointer<nghttp2_frame>, _ name: UnsafePointer<UInt8>?, _ nameLength: Int,
        _ value: UnsafePointer<UInt8>?, _ valueLength: Int, _ userData: UnsafeMutableRawPointer?
    ) -> Int32 {
        withOwner(userData) { owner in
            let withinLimit = owner.withStream(frame.pointee.hd.stream_id) { stream -> Bool in
                // RFC 7541's size of a header list: name + value + 32 per field. Counted on the
                // decoded fields, so an HPACK bomb (tiny indexed references) is caught too.
                stream.headerListBytes += nameLength + valueLength + 32
                guard stream.headerListBytes <= Int(owner.configuration.maxHeaderListSize) else { return false }
                stream.receiveHeader(
                    name: UnsafeRawBufferPointer(start: name, count: nameLength),
                    value: UnsafeRawBufferPointer(start: value, count: valueLength))
                return true
            }
            // Resets the stream (nghttp2 answers RST_STREAM) rather than buffer more headers.
            return withinLimit == false ? Int32(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) : 0
        }
    }

    static let onFrameRecv: nghttp2_on_frame_recv_callback = { _, frame, userData in
        guard let frame else { return 0 }
        let header = frame.pointee.hd
        let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch header.type {
        case UInt8(NGHTTP2_HEADERS.rawValue):
            let isRequest = frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST
            return withOwner(userData) { owner in
                owner.withStream(header.stream_id) { stream in
                    if isRequest { stream.headersComplete() }
                    if endStream { stream.receiveEnd() }
                }
                return 0
            }
        case UInt8(NGHTTP2_RST_STREAM.rawValue):
            return withOwner(userData) { owner in
                owner.clientReset(header.stream_id)
                return 0
            }
        case UInt8(NGHTTP2_DATA.rawValue):
            guard endStream else { return 0 }
            return withOwner(userData) { owner in
                owner.withStream(header.stream_id) { $0.receiveEnd() }
                return 0
            }
        default:
            return 0
        }
    }

    static let onDataChunkRecv: nghttp2_on_data_chunk_recv_callback = { _, _, streamID, data, length, userData in
        withOwner(userData) { owner in
            let handled: Void? = owner.withStream(streamID) {
                $0.receiveData(UnsafeRawBufferPointer(start: data, count: length))
            }
            // Data for a stream we do not track still needs its flow-control credit back.
            if handled == nil { owner.consume(streamID: streamID, count: length) }
            return 0
        }
    }

    static let onStreamClose: nghttp2_on_stream_close_callback = { _, streamID, errorCode, userData in
        withOwner(userData) { owner in
            owner.closeStream(streamID, errorCode: errorCode)
            return 0
        }
    }

    static let readBody: nghttp2_data_source_read_callback = { _, streamID, buffer, length, flags, _, userData in
        guard let userData, let buffer, let flags else { return Int(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue) }
        return Unmanaged<HTTP2ServerSession>.fromOpaque(userData)._withUnsafeGuaranteedRef { owner in
            owner.withStream(streamID) { $0.readBody(into: buffer, length: length, flags: flags) }
                ?? Int(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue)
        }
    }
}
