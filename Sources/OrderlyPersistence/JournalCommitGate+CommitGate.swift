// The services' CommitGate, implemented by the journal gate: mutating RPCs answer once the
// journal holds everything the store changed before they asked.
import OrderlyServices

extension JournalCommitGate: CommitGate {}
