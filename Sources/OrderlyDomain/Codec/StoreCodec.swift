// Encoding of StoreChange (one journal record) and of the whole StoreState (a snapshot). Both
// start with a format version byte: 2 (tagged fields, EntityCodec.swift) is written, 1 (round
// 1's positional layout, LegacyV1Codec.swift) is still read, so a data directory written by an
// earlier release starts on this one. Adding a field never needs a new version; only a change
// that an older reader must not misread would.
//
//   record   = version 2 | field 1 (repeated Change) | field 2 count of changes (always last)
//   Change   = exactly one of: 1 Location,
//              2 StockPut {1 level, 2 request_id, 3 fingerprint, 4 ledgered (absent = false:
//                written before the ledger, its difference is carried into the ledger balance)},
//              3 OrderPut {1 order, 2 request_id}, 4 Shipment, 5 ReturnPut {1 return, 2 request_id},
//              6 StockMovement (LedgerCodec.swift), 7 TransferPut {1 transfer, 2 request_id},
//              8 ReservationPut {1 reservation (ReservationCodec.swift), 2 request_id},
//              9 CarrierServicePut {carrier service}, 10 RoutingPolicyPut {policy}
//              (FulfilmentCodec.swift)
//   snapshot = "ORDS" | version 2 | 1 last_sequence | 2 Location* | 3 StockLevel* | 4 Order* |
//              5 Shipment* | 6 Return* | 7 OrderRequest* {1 request_id, 2 position} |
//              8 ReturnRequest* {1 request_id, 2 position} |
//              9 AdjustRequest* {1 request_id, 2 location_id, 3 sku, 4 fingerprint} |
//              10 StockMovement* (retained, with sequence) | 11 Carried* (ledger balance) |
//              12 ledger first_sequence (absent: written before the ledger; every level's
//                 figures then become its carried balance) |
//              13 Transfer* (TransferCodec.swift) | 14 TransferRequest* {1 request_id, 2 position} |
//              16 Reservation* | 17 ReservationRequest* {1 request_id, 2 position} |
//              18 CarrierService* | 19 routing policy (absent = the default) |
//              15 count of the fields before it (always last, whatever its number)
//
// The trailing counts make a cut-short record or snapshot an error here too, not only at the
// checksums of the journal and snapshot files around them (a tagged message cut at a field
// boundary would otherwise read as a valid, shorter one).
//
// A snapshot is decoded by applying its entities as changes, so indexes and report buckets are
// rebuilt by the same code that maintains them at run time. A Change kind this release does not
// know is an error (its effect cannot be skipped); unknown fields inside an entity are skipped.

extension StoreChange {
    /// The format version written.
    public static let formatVersion: UInt8 = 2
    /// Every version this release reads.
    public static let readableVersions: ClosedRange<UInt8> = 1...2

    private enum Kind: UInt32 { case location = 1, stock, order, shipment, returnRecord, movement, transfer, reservation
        case carrierService = 9, routingPolicy = 10
    }

    /// Appends this change as one `Change` message (field `field`) to `w`.
    func write(field: UInt32, to w: inout BinaryWriter) {
        w.message(field) { w in
            switch self {
            case .locationPut(let l):
                w.message(Kind.location.rawValue) { $0.location(l) }
            case .stockPut(let level, let requestId, let fingerprint, let ledgered):
                w.message(Kind.stock.rawValue) { w in
                    w.message(1) { $0.level(level) }
                    w.put(2, requestId)
                    w.put(3, uint: fingerprint)
                    w.put(4, ledgered)
                }
            case .stockMoved(let m):
                w.message(Kind.movement.rawValue) { $0.movement(m, withSequence: false) }
            case .transferPut(let t, let requestId):
                w.message(Kind.transfer.rawValue) { w in
                    w.message(1) { $0.transfer(t) }
                    w.put(2, requestId)
                }
            case .reservationPut(let r, let requestId):
                w.message(Kind.reservation.rawValue) { w in
                    w.message(1) { $0.reservation(r) }
                    w.put(2, requestId)
                }
            case .orderPut(let o, let requestId):
                w.message(Kind.order.rawValue) { w in
                    w.message(1) { $0.order(o) }
                    w.put(2, requestId)
                }
            case .shipmentPut(let s):
                w.message(Kind.shipment.rawValue) { $0.shipment(s) }
            case .returnPut(let r, let requestId):
                w.message(Kind.returnRecord.rawValue) { w in
                    w.message(1) { $0.returnRecord(r) }
                    w.put(2, requestId)
                }
            case .carrierServicePut(let s):
                w.message(Kind.carrierService.rawValue) { $0.carrierService(s) }
            case .routingPolicyPut(let p):
                w.message(Kind.routingPolicy.rawValue) { $0.routingPolicy(p) }
            }
        }
    }

    /// The body of a `{1 entity, 2 request_id}` change (orders, returns, transfers).
    private static func keyedPut<T>(
        _ r: inout BinaryReader, _ what: String, _ entity: (inout BinaryReader) throws(CodecError) -> T
    ) throws(CodecError) -> (T, String) {
        var value: T?
        var requestId = ""
        while let (n, w) = try r.field() {
            switch n {
            case 1: value = try r.message(w, entity)
            case 2: requestId = try r.string(w)
            default: try r.skip(w)
            }
        }
        guard let value else { throw CodecError("a \(what) change without its \(what)") }
        return (value, requestId)
    }

    /// Reads one `Change` message's body.
    static func read(from r: inout BinaryReader) throws(CodecError) -> StoreChange {
        var change: StoreChange?
        while let (n, w) = try r.field() {
            guard change == nil else { throw CodecError("a change holds more than one entity") }
            guard let kind = Kind(rawValue: n) else {
                throw CodecError("unknown change kind \(n) (written by a newer release?)")
            }
            change = try r.message(w) { r throws(CodecError) -> StoreChange in
                switch kind {
                case .location: return .locationPut(try r.location())
                case .carrierService: return .carrierServicePut(try r.carrierService())
                case .routingPolicy: return .routingPolicyPut(try r.routingPolicy())
                case .shipment: return .shipmentPut(try r.shipment())
                case .movement: return .stockMoved(try r.movement())
                case .transfer:
                    let (transfer, requestId) = try keyedPut(&r, "transfer") { r throws(CodecError) in try r.transfer() }
                    return .transferPut(transfer, requestId: requestId)
                case .reservation:
                    let (reservation, requestId) = try keyedPut(&r, "reservation") { r throws(CodecError) in
                        try r.reservation()
                    }
                    return .reservationPut(reservation, requestId: requestId)
                case .stock:
                    var level = StockLevel(locationId: "", sku: "")
                    var requestId = ""
                    var fingerprint: UInt64 = 0
                    var ledgered = false
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: level = try r.message(w) { r throws(CodecError) in try r.level() }
                        case 2: requestId = try r.string(w)
                        case 3: fingerprint = try r.uint(w)
                        case 4: ledgered = try r.bool(w)
                        default: try r.skip(w)
                        }
                    }
                    return .stockPut(level, requestId: requestId, fingerprint: fingerprint, ledgered: ledgered)
                case .order:
                    let (order, requestId) = try keyedPut(&r, "order") { r throws(CodecError) in try r.order() }
                    return .orderPut(order, requestId: requestId)
                case .returnRecord:
                    let (record, requestId) = try keyedPut(&r, "return") { r throws(CodecError) in try r.returnRecord() }
                    return .returnPut(record, requestId: requestId)
                }
            }
        }
        guard let change else { throw CodecError("an empty change") }
        return change
    }

    /// One journal record holding this change alone.
    public func encode() -> [UInt8] { Self.encode([self]) }

    /// Decodes a record holding exactly one change.
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> StoreChange {
        let changes = try decodeBatch(bytes)
        guard changes.count == 1 else { throw CodecError("\(changes.count) changes where one was expected") }
        return changes[0]
    }

    /// Several changes as one record (one mutation).
    public static func encode(_ changes: [StoreChange]) -> [UInt8] {
        var w = BinaryWriter(capacity: 256 * changes.count)
        w.u8(formatVersion)
        for c in changes { c.write(field: 1, to: &w) }
        w.tag(2, .varint)
        w.varint(UInt64(changes.count))
        return w.bytes
    }

    /// Decodes a record of any readable version; throws on any malformed or trailing byte.
    public static func decodeBatch(_ bytes: [UInt8]) throws(CodecError) -> [StoreChange] {
        var r = BinaryReader(bytes)
        let version = try r.u8()
        switch version {
        case 2:
            var out: [StoreChange] = []
            var count: UInt64?
            while let (n, w) = try r.field() {
                guard count == nil else { throw CodecError("field \(n) after the change count at byte \(r.offset)") }
                switch n {
                case 1: out.append(try r.message(w) { r throws(CodecError) in try read(from: &r) })
                case 2: count = try r.uint(w)
                default: try r.skip(w)
                }
            }
            guard let count, count == UInt64(out.count) else {
                throw CodecError("record is cut short: \(out.count) changes and \(count.map { "a count of \($0)" } ?? "no count")")
            }
            return out
        case 1:
            var out: [StoreChange] = []
            for _ in 0..<(try r.count()) { out.append(try r.v1Change()) }
            guard r.isAtEnd else { throw CodecError("trailing bytes after changes at \(r.offset)") }
            return out
        default:
            throw CodecError("unsupported change format \(version) (this release reads \(readableVersions))")
        }
    }
}

extension StoreState {
    /// The snapshot format version written.
    public static let formatVersion: UInt8 = 2
    private static let magic: [UInt8] = Array("ORDS".utf8)

    /// The whole state as bytes (a snapshot).
    public func encode() -> [UInt8] {
        var w = BinaryWriter(capacity: 64 + orders.count * 400)
        for b in Self.magic { w.u8(b) }
        w.u8(Self.formatVersion)
        var fields: UInt64 = 1
        w.tag(1, .varint)
        w.zigzag(lastSequence)
        for l in locations.values.sorted(by: { $0.locationId < $1.locationId }) {
            w.message(2) { $0.location(l) }
            fields += 1
        }
        for level in stock.values.sorted(by: { ($0.sku, $0.locationId) < ($1.sku, $1.locationId) }) {
            w.message(3) { $0.level(level) }
            fields += 1
        }
        for o in orders { w.message(4) { $0.order(o) } }
        for s in shipments { w.message(5) { $0.shipment(s) } }
        for r in returns { w.message(6) { $0.returnRecord(r) } }
        fields += UInt64(orders.count + shipments.count + returns.count)
        for (id, i) in orderRequests.sorted(by: { $0.key < $1.key }) {
            w.message(7) { w in
                w.put(1, id)
                w.put(2, uint: UInt64(i))
            }
            fields += 1
        }
        for (id, i) in returnRequests.sorted(by: { $0.key < $1.key }) {
            w.message(8) { w in
                w.put(1, id)
                w.put(2, uint: UInt64(i))
            }
            fields += 1
        }
        for (id, request) in adjustRequests.sorted(by: { $0.key < $1.key }) {
            w.message(9) { w in
                w.put(1, id)
                w.put(2, request.key.locationId)
                w.put(3, request.key.sku)
                w.put(4, uint: request.fingerprint)
            }
            fields += 1
        }
        for chunk in ledger.retainedChunks {
            for m in chunk { w.message(10) { $0.movement(m, withSequence: true) } }
            fields += UInt64(chunk.count)
        }
        for (key, b) in ledger.carried.sorted(by: { ($0.key.sku, $0.key.locationId) < ($1.key.sku, $1.key.locationId) }) {
            w.message(11) { $0.carried(key, b) }
            fields += 1
        }
        w.tag(12, .varint)
        w.zigzag(ledger.firstSequence)
        fields += 1
        for t in transfers { w.message(13) { $0.transfer(t) } }
        fields += UInt64(transfers.count)
        for (id, i) in transferRequests.sorted(by: { $0.key < $1.key }) {
            w.message(14) { w in
                w.put(1, id)
                w.put(2, uint: UInt64(i))
            }
            fields += 1
        }
        for r in reservations { w.message(16) { $0.reservation(r) } }
        fields += UInt64(reservations.count)
        for (id, i) in reservationRequests.sorted(by: { $0.key < $1.key }) {
            w.message(17) { w in
                w.put(1, id)
                w.put(2, uint: UInt64(i))
            }
            fields += 1
        }
        for service in carrierServices.values.sorted(by: { $0.carrierServiceId < $1.carrierServiceId }) {
            w.message(18) { $0.carrierService(service) }
            fields += 1
        }
        if routingPolicy != RoutingPolicy() {
            w.message(19) { $0.routingPolicy(routingPolicy) }
            fields += 1
        }
        w.tag(15, .varint)
        w.varint(fields)
        return w.bytes
    }

    /// Rebuilds a state from a snapshot of any readable version; throws on malformed input.
    /// `threads` > 1 decodes the entities of a version 2 snapshot in parallel.
    public static func decode(_ bytes: [UInt8], threads: Int = 1) throws(CodecError) -> StoreState {
        var r = BinaryReader(bytes)
        for b in magic where try r.u8() != b { throw CodecError("not a snapshot (bad magic)") }
        let version = try r.u8()
        switch version {
        case 2: return try decodeTagged(&r, threads: threads)
        case 1: return try decodeV1(&r)
        default:
            throw CodecError("unsupported snapshot format \(version) (this release reads \(StoreChange.readableVersions))")
        }
    }

    /// Three passes: find every entity's bytes (cheap), decode orders, shipments and returns on
    /// every core (most of the work), then apply them in order on this thread, so indexes and
    /// report buckets are built exactly as at run time.
    private static func decodeTagged(_ r: inout BinaryReader, threads: Int) throws(CodecError) -> StoreState {
        let bytes = r.storage
        var lastSequence: Int64 = 0
        var ranges: [[Range<Int>]] = Array(repeating: [], count: 10)
        var orderRequests: [(String, UInt64)] = []
        var returnRequests: [(String, UInt64)] = []
        var adjustRequests: [(String, AdjustRequest)] = []
        var movements: [Range<Int>] = []
        var transferList: [Transfer] = []
        var transferRequestList: [(String, UInt64)] = []
        var reservationList: [Reservation] = []
        var reservationRequestList: [(String, UInt64)] = []
        var carried: [StockKey: StockBuckets] = [:]
        var carrierServiceList: [CarrierService] = []
        var policy: RoutingPolicy?
        var firstMovement: Int64?
        var fields: UInt64 = 0
        var count: UInt64?
        while let (n, w) = try r.field() {
            guard count == nil else { throw CodecError("field \(n) after the field count at byte \(r.offset)") }
            if n != 15 { fields += 1 }
            switch n {
            case 1: lastSequence = try r.sint(w)
            case 2...6:
                guard w == WireType.bytes.rawValue else { throw CodecError("field \(n) is not a message at byte \(r.offset)") }
                ranges[Int(n)].append(try r.skipNested())
            case 13:
                let t = try r.message(w) { r throws(CodecError) in try r.transfer() }
                transferList.append(t)
            case 16:
                reservationList.append(try r.message(w) { r throws(CodecError) in try r.reservation() })
            case 7, 8, 14, 17:
                let entry = try r.message(w) { r throws(CodecError) -> (String, UInt64) in
                    var id = ""
                    var position: UInt64 = 0
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: id = try r.string(w)
                        case 2: position = try r.uint(w)
                        default: try r.skip(w)
                        }
                    }
                    return (id, position)
                }
                if n == 7 {
                    orderRequests.append(entry)
                } else if n == 8 {
                    returnRequests.append(entry)
                } else if n == 14 {
                    transferRequestList.append(entry)
                } else {
                    reservationRequestList.append(entry)
                }
            case 9:
                adjustRequests.append(try r.message(w) { r throws(CodecError) -> (String, AdjustRequest) in
                    var id = ""
                    var request = AdjustRequest(key: StockKey(locationId: "", sku: ""), fingerprint: 0)
                    while let (n, w) = try r.field() {
                        switch n {
                        case 1: id = try r.string(w)
                        case 2: request.key.locationId = try r.string(w)
                        case 3: request.key.sku = try r.string(w)
                        case 4: request.fingerprint = try r.uint(w)
                        default: try r.skip(w)
                        }
                    }
                    return (id, request)
                })
            case 10:
                guard w == WireType.bytes.rawValue else { throw CodecError("field 10 is not a message at byte \(r.offset)") }
                movements.append(try r.skipNested())
            case 11:
                let (key, b) = try r.message(w) { r throws(CodecError) in try r.carried() }
                carried[key] = b
            case 12: firstMovement = try r.sint(w)
            case 18: carrierServiceList.append(try r.message(w) { r throws(CodecError) in try r.carrierService() })
            case 19: policy = try r.message(w) { r throws(CodecError) in try r.routingPolicy() }
            case 15: count = try r.uint(w)
            default: try r.skip(w)
            }
        }
        guard let count, count == fields else {
            throw CodecError("snapshot is cut short: \(fields) fields and \(count.map { "a count of \($0)" } ?? "no count")")
        }
        var s = StoreState()
        for range in ranges[2] {
            var inner = BinaryReader(bytes, range: range)
            s.apply(.locationPut(try inner.location()))
        }
        for service in carrierServiceList { s.apply(.carrierServicePut(service)) }
        if let policy { s.apply(.routingPolicyPut(policy)) }
        for range in ranges[3] {
            var inner = BinaryReader(bytes, range: range)
            s.apply(.stockPut(try inner.level(), requestId: "", ledgered: false))
        }
        // Built on another thread while this one applies the orders: neither touches the other.
        // The request index also reports its highest position, checked once the orders exist.
        let requests = BackgroundResult { [orderRequests] () throws(CodecError) -> (ShardedDictionary<String, Int32>, (String, UInt64)?) in
            var index = ShardedDictionary<String, Int32>()
            index.reserveCapacity(orderRequests.count)
            var highest: (String, UInt64)?
            for (id, i) in orderRequests {
                guard i < UInt64(Int32.max) else { throw CodecError("request \(id) names order #\(i)") }
                index[id] = Int32(i)
                if i >= highest?.1 ?? 0 { highest = (id, i) }
            }
            return (index, highest)
        }
        let ledger = firstMovement.map { [ledger = s.ledger, carried, movements] firstMovement in
            BackgroundResult { () throws(CodecError) -> StockLedger in
                var ledger = ledger
                ledger.restore(firstSequence: firstMovement, carried: carried)
                for range in movements {
                    var inner = BinaryReader(bytes, range: range)
                    try ledger.restoreMovement(try inner.movement())
                }
                return ledger
            }
        }
        // What apply(.orderPut) does, split in five: this thread builds the orders and their
        // other indexes, one thread the report buckets (positions follow, as every order here is
        // new), one the insight aggregates (a new order takes no customer's first order away),
        // one the per-customer order lists, one the channel references.
        var discarded = ChangeEffects.discarded
        let first = Int32(s.orders.count)
        let reports = NewOrderFold(ReportBook(), firstPosition: first) { book, orders, first in
            for k in orders.indices { book.replace(old: nil, new: orders[k], position: first + Int32(k)) }
        }
        let insights = NewOrderFold(InsightBook(), firstPosition: first) { book, orders, _ in
            for k in orders.indices { _ = book.replace(old: nil, new: orders[k]) }
        }
        let customers = NewOrderFold(ShardedDictionary<String, [Int32]>(), firstPosition: first) { index, orders, first in
            for k in orders.indices where !orders[k].customer.customerId.isEmpty {
                index[orders[k].customer.customerId, default: []].append(first + Int32(k))
            }
        }
        let channelRefs = NewOrderFold(ChannelRefIndex<FNVChannelRefDigest>.Builder(capacity: ranges[4].count), firstPosition: first) { refs, orders, first in
            for k in orders.indices where !orders[k].channelOrderRef.isEmpty {
                refs.add(ChannelRef(channel: orders[k].channel, ref: orders[k].channelOrderRef), at: first + Int32(k))
            }
        }
        try ParallelDecode.forEachChunk(ranges[4], in: bytes, threads: threads, { r throws(CodecError) in
            try r.order()
        }, beside: [{ reports.add($0) }, { insights.add($0) }, { customers.add($0) }, { channelRefs.add($0) }]) { orders throws(CodecError) in
            for k in orders.indices { try s.putRebuiltOrder(orders[k], effects: &discarded) }
        }
        // Locations and levels, applied before, add nothing to the books or the lists.
        s.reports = reports.take()
        s.insights = insights.take()
        s.byCustomer = customers.take()
        s.adoptChannelRefs(channelRefs.take())
        try ParallelDecode.forEach(ranges[5], in: bytes, threads: threads) { r throws(CodecError) in
            try r.shipment()
        } consume: { s.apply(.shipmentPut($0)) }
        try ParallelDecode.forEach(ranges[6], in: bytes, threads: threads) { r throws(CodecError) in
            try r.returnRecord()
        } consume: { s.apply(.returnPut($0, requestId: "")) }
        let (requestIndex, highest) = try requests.join()
        if let (id, i) = highest, i >= UInt64(s.orders.count) {
            throw CodecError("request \(id) names order #\(i) of \(s.orders.count)")
        }
        s.orderRequests = requestIndex
        for (id, i) in returnRequests {
            guard i < UInt64(s.returns.count) else { throw CodecError("request \(id) names return #\(i) of \(s.returns.count)") }
            s.returnRequests[id] = Int32(i)
        }
        for (id, request) in adjustRequests { s.adjustRequests[id] = request }
        s.lastSequence = max(s.lastSequence, lastSequence)
        if let ledger { s.ledger = try ledger.join() }
        for t in transferList {
            guard s.transferIndex[t.transferId] == nil else { throw CodecError("duplicate transfer \(t.transferId)") }
            s.apply(.transferPut(t, requestId: ""))
        }
        for (id, i) in transferRequestList {
            guard i < UInt64(s.transfers.count) else { throw CodecError("request \(id) names transfer #\(i) of \(s.transfers.count)") }
            s.transferRequests[id] = Int32(i)
        }
        for r in reservationList {
            guard s.reservationIndex[r.reservationId] == nil else {
                throw CodecError("duplicate reservation \(r.reservationId)")
            }
            s.apply(.reservationPut(r, requestId: ""))
        }
        for (id, i) in reservationRequestList {
            guard i < UInt64(s.reservations.count) else {
                throw CodecError("request \(id) names reservation #\(i) of \(s.reservations.count)")
            }
            s.reservationRequests[id] = Int32(i)
        }
        // Without field 12 the snapshot predates the ledger: applying its levels carried their figures.
        return s
    }

    /// Format version 1 (round 1): positional, read only.
    private static func decodeV1(_ r: inout BinaryReader) throws(CodecError) -> StoreState {
        var s = StoreState()
        let lastSequence = try r.zigzag()
        for _ in 0..<(try r.count()) { s.apply(.locationPut(try r.v1Location())) }
        for _ in 0..<(try r.count()) { s.apply(.stockPut(try r.v1Level(), requestId: "", ledgered: false)) }
        for _ in 0..<(try r.count()) {
            let o = try r.v1Order()
            guard s.order(o.orderId) == nil else { throw CodecError("duplicate order \(o.orderId)") }
            s.apply(.orderPut(o, requestId: ""))
        }
        for _ in 0..<(try r.count()) { s.apply(.shipmentPut(try r.v1Shipment())) }
        for _ in 0..<(try r.count()) { s.apply(.returnPut(try r.v1ReturnRecord(), requestId: "")) }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            let i = try r.varint()
            guard i < UInt64(s.orders.count) else { throw CodecError("request \(id) names order #\(i) of \(s.orders.count)") }
            s.orderRequests[id] = Int32(i)
        }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            let i = try r.varint()
            guard i < UInt64(s.returns.count) else { throw CodecError("request \(id) names return #\(i) of \(s.returns.count)") }
            s.returnRequests[id] = Int32(i)
        }
        for _ in 0..<(try r.count()) {
            let id = try r.string()
            s.adjustRequests[id] = AdjustRequest(key: StockKey(locationId: try r.string(), sku: try r.string()), fingerprint: 0)
        }
        guard r.isAtEnd else { throw CodecError("trailing bytes after snapshot at \(r.offset)") }
        s.lastSequence = max(s.lastSequence, lastSequence)
        return s
    }
}

extension BinaryReader {
    /// One change of format version 1.
    mutating func v1Change() throws(CodecError) -> StoreChange {
        let raw = try u8()
        switch raw {
        case 1: return .locationPut(try v1Location())
        case 2: return .stockPut(try v1Level(), requestId: try string(), ledgered: false)
        case 3: return .orderPut(try v1Order(), requestId: try string())
        case 4: return .shipmentPut(try v1Shipment())
        case 5: return .returnPut(try v1ReturnRecord(), requestId: try string())
        default: throw CodecError("unknown change tag \(raw)")
        }
    }
}
