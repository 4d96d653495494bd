// `orderlyd --check-data-dir DIR`: verifies a data directory offline, the same way start-up
// would, but changing nothing, and prints what it holds. Exit status 0: it would start and serve
// everything it holds; 1: it is damaged (the message says where) or incomplete.
import Glibc
import OrderlyDomain
import OrderlyPersistence

enum DataDirectoryCheck {
    /// Runs the check and returns the exit status.
    static func run(directory: String, configuration: OrderStore.Configuration) -> Int32 {
        do {
            // The process exits after this: the rebuilt store is kept, not taken apart.
            let summary = try PersistentStore.check(directory: directory, configuration: configuration) {
                _ = Unmanaged.passRetained($0)
            }
            print("ok: \(directory)")
            print(summary.logLine)
            if let torn = summary.durability.tornTail {
                print("note: the last journal record is torn (\(torn.bytes) bytes at \(torn.file) offset \(torn.offset)); start-up drops it, it was never acknowledged")
            }
            for skipped in summary.durability.skippedSnapshots {
                print("warning: damaged snapshot, an older one plus the journal replace it: \(skipped)")
            }
            return 0
        } catch {
            let line = Array("damaged: \(directory): \(error)\n".utf8)
            _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            return 1
        }
    }
}
