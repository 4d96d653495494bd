// The timer that expires cart reservations, and cancels backorders past their
// `backorder_cancel_after`, on their own. Expiry is an ordinary journaled
// mutation of the store (`OrderStore.expireReservations`), driven by the store's clock: at
// start-up once, for reservations whose time passed while the server was down, then by a
// background thread that checks the earliest expiry every `reservationExpiryCheckInterval`.
// Tests with a ManualClock call `expireReservations()` themselves after moving the clock.
import Logging
import OrderlyDomain

extension PersistentStore {
    /// Expires, now, every reservation whose time has come (journaled like any mutation).
    /// `before` runs first, under the same lock as the timer's runs (a test clock moves there,
    /// so the count returned is every reservation the move expired, none taken by the timer).
    @discardableResult
    public func expireOverdueReservations(before: () -> Void = {}) -> Int {
        expiring.withLock { _ in
            before()
            return expireDue()
        }
    }

    private func expireDue() -> Int {
        do {
            let cancelled = try store.expireBackorders()
            if cancelled > 0 { logger.info("cancelled backorders past their deadline", metadata: ["orders": "\(cancelled)"]) }
        } catch {
            logger.error("could not cancel overdue backorders: \(error)")
        }
        do {
            let expired = try store.expireReservations()
            if expired > 0 { logger.info("expired cart reservations", metadata: ["count": "\(expired)"]) }
            return expired
        } catch {
            logger.error("could not expire cart reservations: \(error)")
            return 0
        }
    }

    func startExpiryTimer() {
        let store = store
        let thread = PollingThread(interval: options.reservationExpiryCheckInterval, niceness: 0) { [self] in
            let now = store.clock.now()
            let reservationDue = store.nextReservationExpiry.map { $0 <= now } ?? false
            let backorderDue = store.nextBackorderExpiry.map { $0 <= now } ?? false
            guard reservationDue || backorderDue else { return }
            expireOverdueReservations()
        }
        if thread == nil {
            logger.error("could not start the reservation expiry thread: reservations expire only at start-up")
        }
        expiryTimer.withLock { $0 = thread }
    }
}
