// DataDirectoryLayout: the file names in a data directory and how to parse them back.
// Names embed the sequence number zero-padded to 20 digits so they sort lexically in order.

/// The names of the files the durability layer keeps in its data directory.
enum DataDirectoryLayout {
    static let lockFileName = "LOCK"
    static let temporarySuffix = ".tmp"
    static let droppedSuffix = ".dropped"

    static func journalName(firstSequence: UInt64) -> String {
        "journal-\(padded(firstSequence)).log"
    }

    static func snapshotName(coveredSequence: UInt64) -> String {
        "snapshot-\(padded(coveredSequence)).snap"
    }

    /// The first sequence of a journal segment named like ``journalName(firstSequence:)``.
    static func journalSequence(_ name: String) -> UInt64? {
        sequence(in: name, prefix: "journal-", suffix: ".log")
    }

    /// The covered sequence of a snapshot named like ``snapshotName(coveredSequence:)``.
    static func snapshotSequence(_ name: String) -> UInt64? {
        sequence(in: name, prefix: "snapshot-", suffix: ".snap")
    }

    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func padded(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    private static func sequence(in name: String, prefix: String, suffix: String) -> UInt64? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard digits.count == 20, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return UInt64(digits)
    }

    /// Journal segments in the directory, sorted by first sequence.
    static func segments(in directory: String) throws(SystemError) -> [(firstSequence: UInt64, name: String)] {
        try Syscall.listDirectory(directory)
            .compactMap { name in journalSequence(name).map { (firstSequence: $0, name: name) } }
            .sorted { $0.firstSequence < $1.firstSequence }
    }

    /// Snapshots in the directory, sorted by covered sequence.
    static func snapshots(in directory: String) throws(SystemError) -> [(coveredSequence: UInt64, name: String)] {
        try Syscall.listDirectory(directory)
            .compactMap { name in snapshotSequence(name).map { (coveredSequence: $0, name: name) } }
            .sorted { $0.coveredSequence < $1.coveredSequence }
    }
}
