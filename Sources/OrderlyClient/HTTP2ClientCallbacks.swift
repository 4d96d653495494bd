// Every nghttp2 callback of the client, registered in one place. They are @convention(c),
// recover the session through Unmanaged (user_data, never retained: the HTTP2ClientSession
// outlives its nghttp2 session) and only run on the loop thread, inside mem_recv / mem_send.
import CNGHTTP2
import OrderlyRPC

enum HTTP2ClientCallbacks {
    /// Creates the nghttp2 client session for `owner`; nil if nghttp2 cannot allocate.
    static func makeClientSession(owner: HTTP2ClientSession) -> OpaquePointer? {
        var callbacks: OpaquePointer?
        guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else { return nil }
        defer { nghttp2_session_callbacks_del(callbacks) }
        nghttp2_session_callbacks_set_on_header_callback(callbacks, onHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, onFrameRecv)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, onDataChunkRecv)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, onStreamClose)

        var option: OpaquePointer?
        guard nghttp2_option_new(&option) == 0, let option else { return nil }
        defer { nghttp2_option_del(option) }
        nghttp2_option_set_max_continuations(option, 8)
        // Credit is granted by hand: connection-level as DATA arrives, stream-level once a
        // flow-controlled consumer has read (ClientStream.grantCredit).
        nghttp2_option_set_no_auto_window_update(option, 1)

        var session: OpaquePointer?
        let userData = Unmanaged.passUnretained(owner).toOpaque()
        guard nghttp2_session_client_new2(&session, callbacks, userData, option) == 0 else { return nil }
        return session
    }

    @inline(__always)
    private static func withOwner(
        _ userData: UnsafeMutableRawPointer?, _ body: (HTTP2ClientSession) -> Int32
    ) -> Int32 {
        guard let userData else { return 0 }
        return Unmanaged<HTTP2ClientSession>.fromOpaque(userData)._withUnsafeGuaranteedRef(body)
    }

    static let onHeader: nghttp2_on_header_callback = { _, frame, name, nameLength, value, valueLength, _, userData in
        guard let frame, frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue) else { return 0 }
        let trailer = frame.pointee.headers.cat == NGHTTP2_HCAT_HEADERS
        return withOwner(userData) { owner in
            owner.withStream(frame.pointee.hd.stream_id) { stream in
                stream.receiveHeader(
                    name: UnsafeRawBufferPointer(start: name, count: nameLength),
                    value: UnsafeRawBufferPointer(start: value, count: valueLength), trailer: trailer)
            }
            return 0
        }
    }

    static let onFrameRecv: nghttp2_on_frame_recv_callback = { _, frame, userData in
        guard let frame else { return 0 }
        let header = frame.pointee.hd
        let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch header.type {
        case UInt8(NGHTTP2_HEADERS.rawValue):
            return withOwner(userData) { owner in
                owner.withStream(header.stream_id) { stream in
                    stream.headersComplete(endStream: endStream)
                    if endStream { stream.receiveEnd() }
                }
                return 0
            }
        case UInt8(NGHTTP2_DATA.rawValue):
            guard endStream else { return 0 }
            return withOwner(userData) { owner in
                owner.withStream(header.stream_id) { $0.receiveEnd() }
                return 0
            }
        case UInt8(NGHTTP2_PING.rawValue):
            guard header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) != 0 else { return 0 }
            return withOwner(userData) { owner in
                owner.receivedPingAck()
                return 0
            }
        case UInt8(NGHTTP2_GOAWAY.rawValue):
            return withOwner(userData) { owner in
                owner.receivedGoAway()
                return 0
            }
        default:
            return 0
        }
    }

    static let onDataChunkRecv: nghttp2_on_data_chunk_recv_callback = { _, _, streamID, data, length, userData in
        withOwner(userData) { owner in
            owner.consumeConnection(length)
            owner.withStream(streamID) { $0.receiveData(UnsafeRawBufferPointer(start: data, count: length)) }
            return 0
        }
    }

    static let onStreamClose: nghttp2_on_stream_close_callback = { _, streamID, errorCode, userData in
        withOwner(userData) { owner in
            owner.closeStream(streamID, errorCode: errorCode)
            return 0
        }
    }

    static let readBody: nghttp2_data_source_read_callback = { _, _, buffer, length, flags, source, _ in
        guard let buffer, let flags, let pointer = source?.pointee.ptr else {
            return Int(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue)
        }
        return Unmanaged<ClientStream>.fromOpaque(pointer)._withUnsafeGuaranteedRef {
            $0.readBody(into: buffer, length: length, flags: flags)
        }
    }
}
