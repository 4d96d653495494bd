// Journal+Writer: what the writer thread does with one batch: rotate to a new segment when asked
// or when the current one is full, encode the batch into one buffer, write it with one write(),
// and fdatasync once (or not at all under `.never`). A new segment's directory entry is fsynced
// too, or a crash could lose the whole file despite its data being on disk.
#if canImport(Glibc)
import Glibc
#endif

extension Journal {
    func write(_ batch: [Pending], rotate: Bool) throws(SystemError) {
        guard let first = batch.first else { return }
        buffer.removeAll(keepingCapacity: true)
        var createdSegment = false
        if segment == nil || rotate || segmentBytes >= options.segmentSizeLimit {
            try closeSegment()
            let name = DataDirectoryLayout.journalName(firstSequence: first.sequence)
            // O_TRUNC: a file of this name can only hold a header and torn bytes, since every
            // record in it would have a sequence ≥ this one, and recovery found none.
            segment = try Syscall.open(
                DataDirectoryLayout.path(directory, name), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND)
            segmentBytes = 0
            buffer.append(contentsOf: JournalFormat.encodeHeader(firstSequence: first.sequence))
            createdSegment = true
            noteSegment(first.sequence)
        }
        guard let fd = segment else { return }
        for record in batch {
            JournalFormat.appendRecord(sequence: record.sequence, payload: record.payload, to: &buffer)
        }
        try inject("write", fd.path)
        try Syscall.writeAll(fd, buffer)
        segmentBytes += buffer.count
        var syncs = 0
        if options.policy != .never {
            try inject("fdatasync", fd.path)
            let syncStart = ContinuousClock.now
            try Syscall.fdatasync(fd)
            JournalMetrics.fsyncSeconds.observe(.now - syncStart)
            syncs = 1
            if createdSegment { try Syscall.syncDirectory(directory) }
        }
        noteWrite(bytes: buffer.count, synced: syncs)
        // Don't keep a huge buffer around after one unusually large batch.
        if buffer.capacity > 4 << 20 { buffer = [] }
    }

    /// Called once by the writer thread after the last batch: makes the tail durable even under
    /// `.never` (a clean shutdown loses nothing) and closes the segment.
    func finishWriter() {
        try? closeSegment()
    }

    private func closeSegment() throws(SystemError) {
        guard let fd = segment else { return }
        segment = nil
        defer { Syscall.close(fd) }
        if options.policy == .never { try Syscall.fdatasync(fd) }
    }

    private func inject(_ operation: String, _ path: String) throws(SystemError) {
        if let code = faultInjection?(operation) {
            throw SystemError(operation: operation, path: path, errno: code)
        }
    }
}
