// Human (default) output of the messages several commands print: key/value blocks followed
// by tables of their lines.
import OrderlyMessages

/// Renders single messages for people.
enum Render {
    static func location(_ l: Orderly_V1_Location) -> String {
        var block = KeyValues()
        block.add("location", l.locationID)
        block.add("name", l.name)
        block.add("kind", l.kind.kebabName)
        block.add("address", Format.address(l.address))
        block.add("pickup", l.pickupEnabled ? "yes" : "no")
        block.add("time zone", l.timeZone.isEmpty ? "UTC" : l.timeZone)
        block.add("cutoff", l.cutoffLocalTime.isEmpty ? "23:59" : l.cutoffLocalTime)
        block.add("handling days", String(l.handlingDays))
        block.add("daily capacity", l.dailyOrderCapacity == 0 ? "unlimited" : String(l.dailyOrderCapacity))
        return block.render()
    }

    static func stockLevel(_ l: Orderly_V1_StockLevel) -> String {
        var block = KeyValues()
        block.add("location", l.locationID)
        block.add("sku", l.sku)
        block.add("on hand", String(l.onHand))
        block.add("reserved", String(l.reserved))
        block.add("safety stock", String(l.safetyStock))
        block.add("available", String(l.available))
        block.add("damaged", String(l.damaged))
        block.add("incoming", String(l.incoming))
        block.add("version", String(l.version))
        return block.render()
    }

    static func order(_ o: Orderly_V1_Order) -> String {
        var block = KeyValues()
        block.add("order", o.orderID)
        block.add("status", o.status.kebabName)
        block.add("version", String(o.version))
        block.add("channel", o.channel.kebabName)
        block.add("channel ref", o.channelOrderRef)
        block.add("customer", [o.customer?.customerID ?? "", o.customer?.email ?? ""].filter { !$0.isEmpty }
            .joined(separator: " "))
        block.add("method", o.shippingMethod.kebabName)
        block.add("pickup at", o.pickupLocationID)
        block.add("ship to", Format.address(o.shippingAddress))
        block.add("total", Format.money(o.totalMinor, o.currency))
        block.add("holds", o.holds.map { $0.reason.kebabName + ($0.note.isEmpty ? "" : " (\($0.note))") }
            .joined(separator: ", "))
        block.add("backorders", o.allowBackorder
            ? "allowed" + (o.backorderCancelAfter.map { ", cancelled after " + Format.time($0) } ?? "") : "")
        block.add("shipments", o.shipmentIds.joined(separator: ", "))
        block.add("created", Format.time(o.createdAt))
        block.add("updated", Format.time(o.updatedAt))
        var lines = Table("SKU", "QTY", "UNIT PRICE", "SHIPPED", "RETURNED", "CANCELLED", "BACKORDERED")
        for l in o.lines {
            lines.add(l.sku, String(l.quantity), Format.money(l.unitPriceMinor, o.currency), String(l.quantityShipped),
                      String(l.quantityReturned), String(l.quantityCancelled), String(l.quantityBackordered))
        }
        var history = Table("#", "AT", "STATUS", "MESSAGE")
        for e in o.history { history.add(String(e.sequence), Format.time(e.at), e.status.kebabName, e.message) }
        let promise = Self.promise(o.promise, o.parcels, currency: o.currency)
        return ([block.render(), "Lines:\n" + lines.render(), allocations(o)] + (promise.isEmpty ? [] : [promise])
                + ["History:\n" + history.render()]).joined(separator: "\n\n")
    }

    /// "Promise: get it by …" and one row per parcel; empty when there is no promise.
    static func promise(_ p: Orderly_V1_DeliveryPromise?, _ parcels: [Orderly_V1_ParcelPromise], currency: String) -> String {
        guard let p else { return "" }
        var block = KeyValues()
        block.add("delivery", p.earliest == p.latest ? "by \(Format.time(p.latest))"
                  : "between \(Format.time(p.earliest)) and \(Format.time(p.latest))")
        block.add("shipping", Format.money(p.shippingCostMinor, currency))
        var table = Table("FROM", "CARRIER SERVICE", "SHIPPING", "SHIP BY", "DELIVER BY")
        for parcel in parcels {
            table.add(parcel.locationID, parcel.carrierServiceID.isEmpty ? "(none)" : parcel.carrierServiceID,
                      Format.money(parcel.shippingCostMinor, currency), Format.time(parcel.shipBy), Format.time(parcel.deliverBy))
        }
        return "Promise:\n" + block.render() + "\n" + table.render()
    }

    static func carrierService(_ s: Orderly_V1_CarrierService) -> String {
        var block = KeyValues()
        block.add("carrier service", s.carrierServiceID)
        block.add("carrier", s.carrier)
        block.add("name", s.name)
        block.add("method", s.method.kebabName)
        block.add("currency", s.currency)
        block.add("tracking url", s.trackingURLTemplate)
        var bands = Table("UP TO KM", "TRANSIT DAYS", "BASE", "PER UNIT")
        for b in s.bands {
            bands.add(String(b.maxKm), String(b.transitDays), Format.money(b.baseCostMinor, s.currency),
                      Format.money(b.perUnitCostMinor, s.currency))
        }
        return block.render() + "\n\nBands:\n" + bands.render()
    }

    static func routingPolicy(_ p: Orderly_V1_RoutingPolicy) -> String {
        var block = KeyValues()
        block.add("objective", p.objective.kebabName)
        block.add("max locations", p.maxLocations == 0 ? "no cap" : String(p.maxLocations))
        block.add("split penalty", Format.money(p.splitPenaltyMinor))
        return block.render()
    }

    /// An order's allocations: reserved stock, except that a cancelled order's were released
    /// (the server keeps them as the record of where its stock had been reserved).
    static func allocations(_ o: Orderly_V1_Order) -> String {
        guard o.status == .cancelled, !o.allocations.isEmpty else {
            var table = Table("LOCATION", "SKU", "QTY")
            for a in o.allocations { table.add(a.locationID, a.sku, String(a.quantity)) }
            return "Allocations:\n" + table.render()
        }
        var table = Table("LOCATION", "SKU", "QTY", "STATE")
        for a in o.allocations { table.add(a.locationID, a.sku, String(a.quantity), "released") }
        return "Allocations (released when the order was cancelled; none of this stock is reserved):\n" + table.render()
    }

    static func shipment(_ s: Orderly_V1_Shipment) -> String {
        var block = KeyValues()
        block.add("shipment", s.shipmentID)
        block.add("order", s.orderID)
        block.add("from", s.locationID)
        block.add("status", s.status.kebabName)
        block.add("carrier", s.carrier)
        block.add("tracking", s.trackingNumber)
        block.add("created", Format.time(s.createdAt))
        var lines = Table("SKU", "QTY")
        for l in s.lines { lines.add(l.sku, String(l.quantity)) }
        var events = Table("AT", "STATUS", "DESCRIPTION")
        for e in s.events { events.add(Format.time(e.occurredAt), e.status.kebabName, e.description) }
        return [block.render(), "Lines:\n" + lines.render(), "Events:\n" + events.render()].joined(separator: "\n\n")
    }

    /// A return; `currency` is its order's, shown with the refund.
    static func returnBlock(_ r: Orderly_V1_Return, currency: String) -> String {
        var block = KeyValues()
        block.add("return", r.returnID)
        block.add("order", r.orderID)
        block.add("status", r.status.kebabName)
        block.add("refund", r.refundMinor == 0 ? "" : Format.money(r.refundMinor, currency))
        block.add("received at", r.locationID)
        block.add("created", Format.time(r.createdAt))
        block.add("updated", Format.time(r.updatedAt))
        var lines = Table("SKU", "QTY", "REASON")
        for l in r.lines { lines.add(l.sku, String(l.quantity), l.reason.kebabName) }
        return block.render() + "\n\nLines:\n" + lines.render()
    }
}
