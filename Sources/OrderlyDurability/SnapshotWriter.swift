// SnapshotWriter: writes one snapshot atomically. The payload streams through a `SnapshotSink`
// into `snapshot-<seq>.snap.tmp` (so a 1 GB state is never one array); then the header is
// completed with the final length, the file fsynced, renamed to its final name, and the directory
// fsynced. A crash at any point leaves either no new snapshot or a complete one, never half.
#if canImport(Glibc)
import Glibc
#endif

/// Receives a snapshot's payload in chunks, buffering them into large writes and checksumming.
public final class SnapshotSink {
    private let fd: FileDescriptor
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 20
    private(set) var crc = CRC32C()
    /// Payload bytes received so far.
    public private(set) var byteCount: UInt64 = 0

    init(fd: FileDescriptor) {
        self.fd = fd
        buffer.reserveCapacity(bufferLimit)
    }

    /// Appends `bytes` to the payload.
    public func write(_ bytes: [UInt8]) throws {
        bytes.withUnsafeBytes { crc.update($0) }
        byteCount += UInt64(bytes.count)
        if buffer.count + bytes.count > bufferLimit { try flush() }
        if bytes.count >= bufferLimit {
            try Syscall.writeAll(fd, bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func flush() throws(SystemError) {
        guard !buffer.isEmpty else { return }
        try Syscall.writeAll(fd, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes snapshot files into a data directory.
public enum SnapshotWriter {
    /// Writes a snapshot covering `coveredSequence` whose payload `produce` streams into the sink;
    /// returns the final file name once it is durable. On any error the temporary file is removed
    /// and no snapshot appears.
    public static func write(
        directory: String, coveredSequence: UInt64, produce: (SnapshotSink) throws -> Void
    ) throws -> String {
        let name = DataDirectoryLayout.snapshotName(coveredSequence: coveredSequence)
        let finalPath = DataDirectoryLayout.path(directory, name)
        let temporaryPath = finalPath + DataDirectoryLayout.temporarySuffix
        let fd = try Syscall.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC)
        var closed = false
        do {
            let placeholder = SnapshotFormat.encodeHeader(coveredSequence: coveredSequence, payloadLength: 0)
            try Syscall.writeAll(fd, placeholder)
            let sink = SnapshotSink(fd: fd)
            try produce(sink)
            try sink.flush()
            var trailer: [UInt8] = []
            trailer.appendLittleEndian(sink.crc.value)
            try Syscall.writeAll(fd, trailer)
            let header = SnapshotFormat.encodeHeader(coveredSequence: coveredSequence, payloadLength: sink.byteCount)
            try Syscall.pwriteAll(fd, header, at: 0)
            try Syscall.fsync(fd)
            Syscall.close(fd)
            closed = true
            try Syscall.rename(temporaryPath, finalPath)
            try Syscall.syncDirectory(directory)
            return name
        } catch {
            if !closed { Syscall.close(fd) }
            try? Syscall.unlink(temporaryPath)
            throw error
        }
    }
}
