#!/usr/bin/env python3
"""Writes the Swift message layer (OrderlyMessages/Generated) from a protobuf descriptor set.

Called by tools/gen-protos; not meant to be run by hand. Inputs: the descriptor set that
`protoc --include_imports --include_source_info` wrote, the protoc-c header directory (to learn
the C init-function names protoc-c chose) and the output directory. For every .proto file it
writes one Swift file with swift-protobuf style value types plus their conversion to and from the
protoc-c structs; then DescriptorSet.swift (reflection data, service list) and MessageRegistry.swift.
With a fourth argument it also writes one typed client struct per service (OrderlyClient/Generated).
"""

import base64
import os
import re
import sys

from google.protobuf import descriptor_pb2

FD = descriptor_pb2.FieldDescriptorProto

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
    "init", "inout", "internal", "let", "open", "operator", "private", "protocol", "public",
    "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "continue",
    "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
    "return", "switch", "where", "while", "as", "Any", "catch", "false", "is", "nil", "super",
    "self", "Self", "throw", "throws", "true", "try", "Type", "Protocol",
}
# protoc-c appends "_" to field names that are C/C++ keywords (c_helpers.cc kKeywords).
C_KEYWORDS = {
    "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
    "class", "compl", "const", "const_cast", "continue", "default", "delete", "do", "double",
    "dynamic_cast", "else", "enum", "explicit", "extern", "false", "float", "for", "friend",
    "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "not", "not_eq",
    "operator", "or", "or_eq", "private", "protected", "public", "register",
    "reinterpret_cast", "return", "short", "signed", "sizeof", "static", "static_cast",
    "struct", "switch", "template", "this", "throw", "true", "try", "typedef", "typeid",
    "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while",
    "xor", "xor_eq",
}
UPPER_INITIALS = {"url", "http", "https", "id"}

SCALARS = {
    # proto type: (Swift type, default literal)
    FD.TYPE_DOUBLE: ("Double", "0"), FD.TYPE_FLOAT: ("Float", "0"),
    FD.TYPE_INT64: ("Int64", "0"), FD.TYPE_SINT64: ("Int64", "0"), FD.TYPE_SFIXED64: ("Int64", "0"),
    FD.TYPE_UINT64: ("UInt64", "0"), FD.TYPE_FIXED64: ("UInt64", "0"),
    FD.TYPE_INT32: ("Int32", "0"), FD.TYPE_SINT32: ("Int32", "0"), FD.TYPE_SFIXED32: ("Int32", "0"),
    FD.TYPE_UINT32: ("UInt32", "0"), FD.TYPE_FIXED32: ("UInt32", "0"),
    FD.TYPE_BOOL: ("Bool", "false"), FD.TYPE_STRING: ("String", '""'),
    FD.TYPE_BYTES: ("[UInt8]", "[]"),
}


def words(name):
    """Splits snake_case or CamelCase into lowercase words (swift-protobuf's splitIdentifier)."""
    out, cur, last = [], "", ""
    for ch in name:
        if ch == "_":
            if cur:
                out.append(cur)
            cur = ""
        elif ch.isupper():
            if cur and not last.isupper():
                out.append(cur)
                cur = ""
            cur += ch.lower()
        elif ch.isdigit():
            if cur and not last.isdigit():
                out.append(cur)
                cur = ""
            cur += ch
        else:
            if cur and last.isdigit():
                out.append(cur)
                cur = ""
            cur += ch
        last = ch
    if cur:
        out.append(cur)
    return out


def lower_camel(name):
    ws = words(name)
    if not ws:
        return name
    parts = [ws[0]] + [w.upper() if w in UPPER_INITIALS else w[:1].upper() + w[1:] for w in ws[1:]]
    return "".join(parts)


def upper_camel(name):
    return "".join(w.upper() if w in UPPER_INITIALS else w[:1].upper() + w[1:] for w in words(name))


def quoted(name):
    return "`%s`" % name if name in SWIFT_KEYWORDS else name


def package_prefix(package):
    """orderly.v1 -> Orderly_V1 (swift-protobuf's typePrefix)."""
    return "_".join(upper_camel(p) if "_" in p else p[:1].upper() + p[1:] for p in package.split("."))


def c_type_name(full_name):
    """orderly.v1.Order -> Orderly__V1__Order (protoc-c's FullNameToC)."""
    return "__".join(p[:1].upper() + p[1:] for p in full_name.split("."))


def c_field(name):
    n = name.lower()
    if n in C_KEYWORDS:
        n += "_"
    return quoted(n)


def doc(comment, indent):
    lines = [l.rstrip() for l in (comment or "").strip("\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines or not any(l.strip() for l in lines):
        return ""
    # Drop the common one-space indent proto comments carry.
    lines = [l[1:] if l.startswith(" ") else l for l in lines]
    return "".join("%s///%s\n" % (indent, (" " + l) if l else "") for l in lines)


class Model:
    """Indexes every message and enum of the descriptor set by full proto name."""

    def __init__(self, fds, c_init):
        self.fds = fds
        self.c_init = c_init
        self.messages = {}  # full name -> (DescriptorProto, swift name, c name, file)
        self.enums = {}  # full name -> (EnumDescriptorProto, swift name, c name)
        self.comments = {}  # (file name, path tuple) -> comment
        for f in fds.file:
            prefix = package_prefix(f.package)
            for loc in f.source_code_info.location:
                text = loc.leading_comments or loc.trailing_comments
                if text:
                    self.comments[(f.name, tuple(loc.path))] = text
            for i, m in enumerate(f.message_type):
                self._add_message(f, m, f.package + "." + m.name, prefix + "_" + m.name, (4, i))
            for i, e in enumerate(f.enum_type):
                self._add_enum(f, e, f.package + "." + e.name, prefix + "_" + e.name)

    def _add_message(self, f, m, full, swift, path):
        self.messages[full] = (m, swift, c_type_name(full), f, path)
        for i, n in enumerate(m.nested_type):
            self._add_message(f, n, full + "." + n.name, swift + "." + n.name, path + (3, i))
        for e in m.enum_type:
            self._add_enum(f, e, full + "." + e.name, swift + "." + e.name)

    def _add_enum(self, f, e, full, swift):
        self.enums[full] = (e, swift, c_type_name(full))

    def comment(self, f, path):
        return self.comments.get((f.name, tuple(path)), "")

    def is_map(self, field):
        if field.type != FD.TYPE_MESSAGE:
            return False
        return self.messages[field.type_name[1:]][0].options.map_entry

    def init_fn(self, c_name):
        if c_name not in self.c_init:
            sys.exit("gen-protos-swift: no protoc-c init function for %s" % c_name)
        return self.c_init[c_name]


class Field:
    """One field with everything the templates need."""

    def __init__(self, model, field, index, msg_path, f):
        self.proto = field
        self.model = model
        self.name = field.name
        self.swift = quoted(lower_camel(field.name))
        self.label = lower_camel(field.name)
        self.c = c_field(field.name)
        self.c_count = "n_" + field.name.lower()
        self.repeated = field.label == FD.LABEL_REPEATED
        self.is_map = self.repeated and model.is_map(field)
        self.oneof = field.oneof_index if field.HasField("oneof_index") else None
        self.comment = model.comment(f, msg_path + (2, index))
        if self.is_map:
            entry = model.messages[field.type_name[1:]][0]
            self.key = Field(model, entry.field[0], 0, (), f)
            self.value = Field(model, entry.field[1], 1, (), f)
            self.entry_c = model.messages[field.type_name[1:]][2]

    def element_type(self):
        t = self.proto.type
        if t == FD.TYPE_MESSAGE:
            return self.model.messages[self.proto.type_name[1:]][1]
        if t == FD.TYPE_ENUM:
            return self.model.enums[self.proto.type_name[1:]][1]
        return SCALARS[t][0]

    def swift_type(self):
        if self.is_map:
            return "[%s: %s]" % (self.key.element_type(), self.value.element_type())
        if self.repeated:
            return "[%s]" % self.element_type()
        if self.proto.type == FD.TYPE_MESSAGE:
            return self.element_type() + "?"
        return self.element_type()

    def element_default(self):
        t = self.proto.type
        if t == FD.TYPE_ENUM:
            return enum_zero(self.model, self.proto.type_name[1:])
        if t == FD.TYPE_MESSAGE:
            return self.element_type() + "()"
        return SCALARS[t][1]

    def default(self):
        if self.is_map:
            return "[:]"
        if self.repeated:
            return "[]"
        if self.proto.type == FD.TYPE_MESSAGE:
            return "nil"
        return self.element_default()

    # Conversions of one element between a C lvalue/rvalue and Swift.
    def from_c(self, expr, owner):
        """Swift expression (may throw) that reads C value `expr`."""
        t = self.proto.type
        if t == FD.TYPE_STRING:
            return 'try CStrings.decode(%s, field: "%s.%s")' % (expr, owner, self.name)
        if t == FD.TYPE_BYTES:
            return "CStrings.bytes(%s)" % expr
        if t == FD.TYPE_BOOL:
            return "(%s != 0)" % expr
        if t == FD.TYPE_ENUM:
            return "%s(rawValue: Int32(truncatingIfNeeded: %s.rawValue))" % (self.element_type(), expr)
        if t == FD.TYPE_MESSAGE:
            return "try %s(cMessage: %s)" % (self.element_type(), expr)
        return expr

    def to_c(self, expr):
        """C value built from Swift value `expr` (messages handled separately)."""
        t = self.proto.type
        if t == FD.TYPE_STRING:
            return "arena.cString(%s)" % expr
        if t == FD.TYPE_BYTES:
            return "arena.binaryData(%s)" % expr
        if t == FD.TYPE_BOOL:
            return "(%s ? 1 : 0)" % expr
        if t == FD.TYPE_ENUM:
            c_enum = self.model.enums[self.proto.type_name[1:]][2]
            return "%s(rawValue: .init(truncatingIfNeeded: %s.rawValue))" % (c_enum, expr)
        return expr

    def c_message(self):
        m = self.model.messages[self.proto.type_name[1:]]
        return m[2], self.model.init_fn(m[2])

    def non_default_check(self, expr):
        """Swift condition that is true unless `expr` holds the proto3 default (which the C
        struct already holds after `*__init`, so the copy can be skipped)."""
        t = self.proto.type
        if t in (FD.TYPE_STRING, FD.TYPE_BYTES):
            return "!%s.isEmpty" % expr
        if t == FD.TYPE_BOOL:
            return expr
        if t == FD.TYPE_ENUM:
            return "%s.rawValue != 0" % expr
        return None


def fallback(fl):
    return " Field `%s` (number %d)." % (fl.name, fl.proto.number)


def enum_case_names(model, full):
    e, swift, _ = model.enums[full]
    prefix = "".join(words(e.name)).upper()
    names = []
    for v in e.value:
        raw = v.name
        flat = raw.replace("_", "").upper()
        stripped = raw
        if flat.startswith(prefix) and len(flat) > len(prefix):
            # Drop the prefix letters and the underscores among/after them.
            seen, i = 0, 0
            while seen < len(prefix):
                if raw[i] != "_":
                    seen += 1
                i += 1
            while i < len(raw) and raw[i] == "_":
                i += 1
            stripped = raw[i:]
        name = lower_camel(stripped.lower())
        if name[:1].isdigit():
            name = "_" + name
        names.append(quoted(name))
    return names


def enum_zero(model, full):
    e = model.enums[full][0]
    for v, n in zip(e.value, enum_case_names(model, full)):
        if v.number == 0:
            return "." + n
    return ".unrecognized(0)"


class Emitter:
    """Builds the Swift source text for one .proto file."""

    def __init__(self, model, f):
        self.model = model
        self.f = f
        self.out = []
        self.ext = []

    def w(self, text=""):
        self.out.append(text)

    def enum(self, full, indent, path):
        e, swift, _ = self.model.enums[full]
        short = swift.split(".")[-1]
        names = enum_case_names(self.model, full)
        i = indent
        self.w(doc(self.model.comment(self.f, path) or " The `%s` enum." % full, i) + "%spublic enum %s: Sendable, Hashable, RawRepresentable, CaseIterable {" % (i, short))
        seen = {}
        for k, (v, n) in enumerate(zip(e.value, names)):
            if v.number in seen:
                continue  # allow_alias: only the first name becomes a case
            seen[v.number] = n
            self.w(doc(self.model.comment(self.f, path + (2, k)) or " `%s`" % v.name, i + "  ") + "%s  case %s // = %d" % (i, n, v.number))
        self.w("%s  /// A value this build does not know (the wire carries it through unchanged)." % i)
        self.w("%s  case unrecognized(Int32)" % i)
        self.w()
        self.w("%s  /// The proto3 default: the value numbered 0." % i)
        self.w("%s  public init() {" % i)
        self.w("%s    self = %s" % (i, enum_zero(self.model, full)))
        self.w("%s  }" % i)
        self.w()
        self.w("%s  /// Maps a wire number to its case; unknown numbers become `.unrecognized`." % i)
        self.w("%s  public init(rawValue: Int32) {" % i)
        self.w("%s    switch rawValue {" % i)
        for num, n in seen.items():
            self.w("%s    case %d: self = .%s" % (i, num, n))
        self.w("%s    default: self = .unrecognized(rawValue)" % i)
        self.w("%s    }" % i)
        self.w("%s  }" % i)
        self.w()
        self.w("%s  /// The wire number of this value." % i)
        self.w("%s  public var rawValue: Int32 {" % i)
        self.w("%s    switch self {" % i)
        for num, n in seen.items():
            self.w("%s    case .%s: return %d" % (i, n, num))
        self.w("%s    case .unrecognized(let value): return value" % i)
        self.w("%s    }" % i)
        self.w("%s  }" % i)
        self.w()
        self.w("%s  /// Every known value, in declaration order." % i)
        self.w("%s  public static let allCases: [Self] = [%s]" % (i, ", ".join("." + n for n in seen.values())))
        self.w("%s}" % i)

    def message(self, full, indent):
        m, swift, c_name, _, path = self.model.messages[full]
        if m.options.map_entry:
            return
        i = indent
        short = swift.split(".")[-1]
        fields = [Field(self.model, fld, k, path, self.f) for k, fld in enumerate(m.field)]
        plain = [fl for fl in fields if fl.oneof is None]
        oneofs = []
        for k, o in enumerate(m.oneof_decl):
            members = [fl for fl in fields if fl.oneof == k]
            oneofs.append((o, members, quoted(lower_camel(o.name)), "OneOf_" + upper_camel(o.name), path + (8, k)))
        self.w(doc(self.model.comment(self.f, path) or " The `%s` message." % full, i) + "%spublic struct %s: Sendable, Equatable {" % (i, short))
        for fl in plain:
            self.w(doc(fl.comment or fallback(fl), i + "  ") + "%s  public var %s: %s = %s" % (i, fl.swift, fl.swift_type(), fl.default()))
        for o, members, prop, enum_name, opath in oneofs:
            self.w(doc(self.model.comment(self.f, opath) or " Which of the `%s` fields is set, if any." % o.name, i + "  ") + "%s  public var %s: %s? = nil" % (i, prop, enum_name))
            for fl in members:
                self.w()
                self.w(doc(fl.comment or fallback(fl), i + "  ") + "%s  public var %s: %s {" % (i, fl.swift, fl.swift_type().rstrip("?")))
                self.w("%s    get {" % i)
                self.w("%s      if case .%s(let value)? = %s { return value }" % (i, fl.swift, prop))
                self.w("%s      return %s" % (i, fl.element_default()))
                self.w("%s    }" % i)
                self.w("%s    set { %s = .%s(newValue) }" % (i, prop, fl.swift))
                self.w("%s  }" % i)
            self.w()
            self.w("%s  /// Which member of the `%s` oneof is set." % (i, o.name))
            self.w("%s  public enum %s: Sendable, Equatable {" % (i, enum_name))
            for fl in members:
                self.w("%s    case %s(%s)" % (i, fl.swift, fl.swift_type().rstrip("?")))
            self.w("%s  }" % i)
        self.w()
        if fields:
            params = ["%s: %s = %s" % (quoted(fl.label), fl.swift_type(), fl.default()) for fl in plain]
            params += ["%s: %s? = nil" % (prop, enum_name) for _, _, prop, enum_name, _ in oneofs]
            self.w("%s  /// Creates the message; every field defaults to its proto3 default." % i)
            self.w("%s  public init(%s) {" % (i, ", ".join(params)))
            for fl in plain:
                self.w("%s    self.%s = %s" % (i, fl.swift, quoted(fl.label)))
            for _, _, prop, _, _ in oneofs:
                self.w("%s    self.%s = %s" % (i, prop, prop))
            self.w("%s  }" % i)
        else:
            self.w("%s  /// Creates the (field-less) message." % i)
            self.w("%s  public init() {}" % i)
        for n in m.nested_type:
            if not n.options.map_entry:
                self.w()
                self.message(full + "." + n.name, i + "  ")
        for k, e in enumerate(m.enum_type):
            self.w()
            self.enum(full + "." + e.name, i + "  ", path + (4, k))
        self.w("%s}" % i)
        self.codec(full, fields, oneofs)

    def codec(self, full, fields, oneofs):
        m, swift, c_name, _, _ = self.model.messages[full]
        init_fn = self.model.init_fn(c_name)
        e = self.ext
        e.append("")
        e.append("extension %s: RPCMessage {" % swift)
        e.append("  /// Decodes the message (no string may hold U+0000: none is ever shortened).")
        e.append("  public init(serializedBytes bytes: UnsafeRawBufferPointer) throws {")
        e.append("    try self.init(decoding: bytes, text: .complete)")
        e.append("  }")
        e.append("")
        e.append("  /// Decodes a client's request: strings also hold no control characters outside free text.")
        e.append("  public init(requestBytes bytes: UnsafeRawBufferPointer) throws {")
        e.append("    try self.init(decoding: bytes, text: .request)")
        e.append("  }")
        e.append("")
        e.append("  /// Decodes the message with libprotobuf-c, then copies it into Swift values.")
        e.append("  init(decoding bytes: UnsafeRawBufferPointer, text: TextRules) throws {")
        e.append("    let arena = CArena()")
        e.append("    let c = try arena.unpack(bytes, %s, text: text)" % init_fn)
        e.append("    self = try withExtendedLifetime(arena) { try Self(cMessage: c) }")
        e.append("  }")
        e.append("")
        e.append("  /// Builds the protobuf-c struct in an arena and packs it straight into `buffer`.")
        e.append("  public func serialize(appendingTo buffer: inout [UInt8]) {")
        e.append("    let arena = CArena()")
        e.append("    let c = arena.newMessage(%s)" % init_fn)
        e.append("    fillCMessage(c, arena)")
        e.append("    arena.pack(c, into: &buffer)")
        e.append("  }")
        e.append("")
        owner = full
        # Decoding.
        m_var = "m" if fields else "_"
        e.append("  init(cMessage c: UnsafePointer<%s>) throws {" % c_name)
        e.append("    self.init()")
        if fields:
            e.append("    let m = c.pointee")
        for fl in fields:
            if fl.oneof is not None:
                continue
            self.decode_field(fl, owner)
        for o, members, prop, _, _ in oneofs:
            e.append("    switch m.%s_case.rawValue {" % c_field(o.name).strip("`"))
            for fl in members:
                if fl.proto.type == FD.TYPE_MESSAGE:
                    val = "try m.%s.map { try %s(cMessage: $0) } ?? %s()" % (fl.c, fl.element_type(), fl.element_type())
                else:
                    val = fl.from_c("m." + fl.c, owner)
                e.append("    case %d: self.%s = .%s(%s)" % (fl.proto.number, prop, fl.swift, val))
            e.append("    default: break")
            e.append("    }")
        e.append("  }")
        e.append("")
        # Encoding.
        arena_name = "arena" if any(self.needs_arena(fl) for fl in fields) else "_"
        c_var = "c" if fields else "_"
        e.append("  func fillCMessage(_ %s: UnsafeMutablePointer<%s>, _ %s: CArena) {" % (c_var, c_name, arena_name))
        for fl in fields:
            if fl.oneof is None:
                self.encode_field(fl)
        for o, members, prop, _, _ in oneofs:
            case_field = "%s_case" % c_field(o.name).strip("`")
            e.append("    switch self.%s {" % prop)
            for fl in members:
                e.append("    case .%s(let _value)?:" % fl.swift)
                e.append("      c.pointee.%s = .init(rawValue: %d)" % (case_field, fl.proto.number))
                if fl.proto.type == FD.TYPE_MESSAGE:
                    _, sub_init = fl.c_message()
                    e.append("      let _p = arena.newMessage(%s)" % sub_init)
                    e.append("      _value.fillCMessage(_p, arena)")
                    e.append("      c.pointee.%s = _p" % fl.c)
                else:
                    e.append("      c.pointee.%s = %s" % (fl.c, fl.to_c("_value")))
            e.append("    case nil: break")
            e.append("    }")
        e.append("  }")
        e.append("}")

    def needs_arena(self, fl):
        return fl.repeated or fl.oneof is not None or fl.proto.type in (FD.TYPE_STRING, FD.TYPE_BYTES, FD.TYPE_MESSAGE)

    def decode_field(self, fl, owner):
        e = self.ext
        if fl.is_map:
            e.append("    if m.%s > 0, let _items = m.%s {" % (fl.c_count, fl.c))
            e.append("      var _out: %s = [:]" % fl.swift_type())
            e.append("      _out.reserveCapacity(m.%s)" % fl.c_count)
            e.append("      for _i in 0..<m.%s {" % fl.c_count)
            e.append("        guard let _entry = _items[_i]?.pointee else { continue }")
            if fl.value.proto.type == FD.TYPE_MESSAGE:
                t = fl.value.element_type()
                val = "try _entry.value.map { try %s(cMessage: $0) } ?? %s()" % (t, t)
            else:
                val = fl.value.from_c("_entry.value", owner + "." + fl.name)
            e.append("        _out[%s] = %s" % (fl.key.from_c("_entry.key", owner + "." + fl.name), val))
            e.append("      }")
            e.append("      self.%s = _out" % fl.swift)
            e.append("    }")
        elif fl.repeated:
            e.append("    if m.%s > 0, let _items = m.%s {" % (fl.c_count, fl.c))
            e.append("      var _out: %s = []" % fl.swift_type())
            e.append("      _out.reserveCapacity(m.%s)" % fl.c_count)
            e.append("      for _i in 0..<m.%s {" % fl.c_count)
            if fl.proto.type == FD.TYPE_MESSAGE:
                e.append("        if let _item = _items[_i] { _out.append(try %s(cMessage: _item)) }" % fl.element_type())
            else:
                e.append("        _out.append(%s)" % fl.from_c("_items[_i]", owner))
            e.append("      }")
            e.append("      self.%s = _out" % fl.swift)
            e.append("    }")
        elif fl.proto.type == FD.TYPE_MESSAGE:
            e.append("    if let _item = m.%s { self.%s = try %s(cMessage: _item) }" % (fl.c, fl.swift, fl.element_type()))
        else:
            e.append("    self.%s = %s" % (fl.swift, fl.from_c("m." + fl.c, owner)))

    def encode_field(self, fl):
        e = self.ext
        ref = "self." + fl.swift
        if fl.is_map:
            _, entry_init = fl.entry_c, self.model.init_fn(fl.entry_c)
            e.append("    if !%s.isEmpty {" % ref)
            e.append("      let _items = arena.array(%s.count, like: c.pointee.%s)" % (ref, fl.c))
            e.append("      var _i = 0")
            e.append("      for (_key, _value) in %s {" % ref)
            e.append("        let _entry = arena.newMessage(%s)" % entry_init)
            e.append("        _entry.pointee.key = %s" % fl.key.to_c("_key"))
            if fl.value.proto.type == FD.TYPE_MESSAGE:
                _, sub_init = fl.value.c_message()
                e.append("        let _p = arena.newMessage(%s)" % sub_init)
                e.append("        _value.fillCMessage(_p, arena)")
                e.append("        _entry.pointee.value = _p")
            else:
                e.append("        _entry.pointee.value = %s" % fl.value.to_c("_value"))
            e.append("        (_items + _i).initialize(to: _entry)")
            e.append("        _i += 1")
            e.append("      }")
            e.append("      c.pointee.%s = %s.count" % (fl.c_count, ref))
            e.append("      c.pointee.%s = _items" % fl.c)
            e.append("    }")
        elif fl.repeated:
            e.append("    if !%s.isEmpty {" % ref)
            e.append("      let _items = arena.array(%s.count, like: c.pointee.%s)" % (ref, fl.c))
            e.append("      for (_i, _value) in %s.enumerated() {" % ref)
            if fl.proto.type == FD.TYPE_MESSAGE:
                _, sub_init = fl.c_message()
                e.append("        let _p = arena.newMessage(%s)" % sub_init)
                e.append("        _value.fillCMessage(_p, arena)")
                e.append("        (_items + _i).initialize(to: _p)")
            else:
                e.append("        (_items + _i).initialize(to: %s)" % fl.to_c("_value"))
            e.append("      }")
            e.append("      c.pointee.%s = %s.count" % (fl.c_count, ref))
            e.append("      c.pointee.%s = _items" % fl.c)
            e.append("    }")
        elif fl.proto.type == FD.TYPE_MESSAGE:
            _, sub_init = fl.c_message()
            e.append("    if let _value = %s {" % ref)
            e.append("      let _p = arena.newMessage(%s)" % sub_init)
            e.append("      _value.fillCMessage(_p, arena)")
            e.append("      c.pointee.%s = _p" % fl.c)
            e.append("    }")
        else:
            check = fl.non_default_check(ref)
            if check:
                e.append("    if %s { c.pointee.%s = %s }" % (check, fl.c, fl.to_c(ref)))
            else:
                e.append("    c.pointee.%s = %s" % (fl.c, fl.to_c(ref)))

    def render(self):
        f = self.f
        self.w("// Generated by tools/gen-protos from %s. DO NOT EDIT." % f.name)
        self.w("// Swift value types for package %s and their protoc-c conversions." % f.package)
        self.w("import CProtobufC")
        self.w("import OrderlyProtosC")
        self.w("import OrderlyRPC")
        for k, e in enumerate(f.enum_type):
            self.w()
            self.enum(f.package + "." + e.name, "", (5, k))
        for m in f.message_type:
            self.w()
            self.message(f.package + "." + m.name, "")
        return "\n".join(self.out + self.ext) + "\n"


def four_space(text):
    """The templates indent by two; the project's Swift uses four."""
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        out.append(" " * (2 * (len(line) - len(stripped))) + stripped)
    return "\n".join(out)


def swift_file_name(proto_name):
    return proto_name[:-len(".proto")].replace("/", "_") + ".pb.swift"


def symbols_of(f):
    """Every fully-qualified symbol a reflection client may ask for, defined in file f."""
    out = []

    def msg(prefix, m):
        full = prefix + "." + m.name
        out.append(full)
        for n in m.nested_type:
            msg(full, n)
        for e in m.enum_type:
            out.append(full + "." + e.name)

    for m in f.message_type:
        msg(f.package, m)
    for e in f.enum_type:
        out.append(f.package + "." + e.name)
    for s in f.service:
        full = f.package + "." + s.name
        out.append(full)
        for meth in s.method:
            out.append(full + "." + meth.name)
    return out


def swift_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def descriptor_file(fds):
    lines = [
        "// Generated by tools/gen-protos. DO NOT EDIT.",
        "// The serialized FileDescriptorProtos (with comments) of every .proto the server speaks,",
        "// and its services, for the reflection service and the status page.",
        "",
        "extension OrderlyDescriptorSet {",
        "  static let generatedFiles: [DescriptorFile] = [",
    ]
    for f in fds.file:
        b64 = base64.b64encode(f.SerializeToString()).decode()
        chunks = [b64[k:k + 96] for k in range(0, len(b64), 96)]
        lines.append("    DescriptorFile(")
        lines.append("      name: %s," % swift_string(f.name))
        lines.append("      dependencies: [%s]," % ", ".join(swift_string(d) for d in f.dependency))
        lines.append("      symbols: [")
        for s in symbols_of(f):
            lines.append("        %s," % swift_string(s))
        lines.append("      ],")
        lines.append("      base64: \"\"\"")
        for c in chunks:
            lines.append("        " + c)
        lines.append("        \"\"\"),")
    lines.append("  ]")
    lines.append("")
    lines.append("  static let generatedServices: [ServiceDescription] = [")
    for f in fds.file:
        for s in f.service:
            lines.append("    ServiceDescription(")
            lines.append("      name: %s, file: %s," % (swift_string(f.package + "." + s.name), swift_string(f.name)))
            lines.append("      methods: [")
            for meth in s.method:
                lines.append("        MethodDescription(")
                lines.append("          name: %s, inputType: %s, outputType: %s," % (
                    swift_string(meth.name), swift_string(meth.input_type[1:]), swift_string(meth.output_type[1:])))
                lines.append("          clientStreaming: %s, serverStreaming: %s)," % (
                    "true" if meth.client_streaming else "false", "true" if meth.server_streaming else "false"))
            lines.append("      ]),")
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def registry_file(model):
    lines = [
        "// Generated by tools/gen-protos. DO NOT EDIT.",
        "// Maps full proto message names to their Swift types (for routing tables and reflection).",
        "import OrderlyRPC",
        "",
        "/// Looks up generated message types by their full protobuf name.",
        "public enum OrderlyMessageRegistry {",
        "  /// The Swift type for a full proto name such as `orderly.v1.Order`, or nil if unknown.",
        "  public static func messageType(named fullName: String) -> (any RPCMessage.Type)? {",
        "    switch fullName {",
    ]
    for full in sorted(model.messages):
        m, swift, _, _, _ = model.messages[full]
        if not m.options.map_entry:
            lines.append("    case %s: return %s.self" % (swift_string(full), swift))
    lines.append("    default: return nil")
    lines.append("    }")
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def client_file(model, f, si, svc):
    """The typed client of one service (OrderlyClient/Generated), written with 4-space indents."""
    full = f.package + "." + svc.name
    struct = package_prefix(f.package) + "_" + svc.name + "Client"
    lines = [
        "// Generated by tools/gen-protos. DO NOT EDIT.",
        "// Typed client for %s (%s): one method per RPC, async and (unary) callback forms." % (full, f.name),
        "import OrderlyMessages",
        "import OrderlyRPC",
        "",
    ]
    d = doc(model.comment(f, (6, si)), "")
    lines.append((d + "///\n" if d else "") + "/// Client of `%s`. Cheap to copy; shares its channel." % full)
    lines.append("public struct %s: Sendable {" % struct)
    lines.append("    /// The method paths, for the generic channel calls.")
    lines.append("    public enum Methods {")
    for m in svc.method:
        lines.append("        /// `%s.%s`." % (full, m.name))
        lines.append("        public static let %s = \"/%s/%s\"" % (quoted(lower_camel(m.name)), full, m.name))
    lines.append("    }")
    lines.append("")
    lines.append("    /// The channel calls go through.")
    lines.append("    public let channel: GRPCChannel")
    lines.append("    /// Options for calls that pass none.")
    lines.append("    public var defaultOptions: CallOptions")
    lines.append("")
    lines.append("    /// A client over `channel`.")
    lines.append("    public init(channel: GRPCChannel, defaultOptions: CallOptions = CallOptions()) {")
    lines.append("        self.channel = channel")
    lines.append("        self.defaultOptions = defaultOptions")
    lines.append("    }")
    for mi, m in enumerate(svc.method):
        req = model.messages[m.input_type[1:]][1]
        resp = model.messages[m.output_type[1:]][1]
        name = quoted(lower_camel(m.name))
        path = "Methods.%s" % name
        d = doc(model.comment(f, (6, si, 2, mi)), "    ") or "    /// `%s`.\n" % m.name
        lines.append("")
        if not m.client_streaming and not m.server_streaming:
            lines.append(d.rstrip("\n"))
            lines.append("    public func %s(_ request: %s, options: CallOptions? = nil) async throws -> %s {" % (name, req, resp))
            lines.append("        try await channel.unary(")
            lines.append("            path: %s, request: request, responseType: %s.self, options: options ?? defaultOptions" % (path, resp))
            lines.append("        ).message")
            lines.append("    }")
            lines.append("")
            lines.append("    /// `%s`, callback form: `completion` runs on the channel's loop thread." % m.name)
            lines.append("    public func %s(" % name)
            lines.append("        _ request: %s, options: CallOptions? = nil," % req)
            lines.append("        completion: @escaping @Sendable (Result<%s, RPCError>) -> Void" % resp)
            lines.append("    ) {")
            lines.append("        channel.unary(path: %s, request: request, options: options ?? defaultOptions, completion: completion)" % path)
            lines.append("    }")
        elif not m.client_streaming:
            lines.append(d.rstrip("\n"))
            lines.append("    public func %s(" % name)
            lines.append("        _ request: %s, options: CallOptions? = nil" % req)
            lines.append("    ) -> AsyncThrowingStream<%s, any Error> {" % resp)
            lines.append("        channel.serverStreaming(")
            lines.append("            path: %s, request: request, responseType: %s.self, options: options ?? defaultOptions)" % (path, resp))
            lines.append("    }")
        elif not m.server_streaming:
            for kind in ("Sequence", "AsyncSequence"):
                lines.append(d.rstrip("\n") if kind == "Sequence" else
                             "    /// `%s`, fed from an AsyncSequence." % m.name)
                lines.append("    public func %s<Requests: %s>(" % (name, kind))
                lines.append("        _ requests: Requests, options: CallOptions? = nil")
                lines.append("    ) async throws -> %s where Requests.Element == %s {" % (resp, req))
                lines.append("        try await channel.clientStreaming(")
                lines.append("            path: %s, requests: requests, responseType: %s.self, options: options ?? defaultOptions" % (path, resp))
                lines.append("        ).message")
                lines.append("    }")
                if kind == "Sequence":
                    lines.append("")
        else:
            lines.append(d.rstrip("\n"))
            lines.append("    public func %s<Requests: AsyncSequence & Sendable>(" % name)
            lines.append("        _ requests: Requests, options: CallOptions? = nil")
            lines.append("    ) -> AsyncThrowingStream<%s, any Error> where Requests.Element == %s {" % (resp, req))
            lines.append("        channel.bidirectionalStreaming(")
            lines.append("            path: %s, requests: requests, responseType: %s.self, options: options ?? defaultOptions)" % (path, resp))
            lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"


# Besides our own services: the standard ones a client of ours talks to (health checks, the
# reflection a CLI can use, and the interop TestService our tests drive).
CLIENT_EXTRA_SERVICES = {"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.testing.TestService"}


def client_files(model, fds):
    """(file name, text) for every orderly service and CLIENT_EXTRA_SERVICES."""
    out = []
    for f in fds.file:
        for si, svc in enumerate(f.service):
            if not f.package.startswith("orderly.") and f.package + "." + svc.name not in CLIENT_EXTRA_SERVICES:
                continue
            types = [m.input_type[1:] for m in svc.method] + [m.output_type[1:] for m in svc.method]
            if not svc.method or any(t not in model.messages for t in types):
                continue
            name = (f.package + "." + svc.name).replace(".", "_") + ".client.swift"
            out.append((name, client_file(model, f, si, svc)))
    return out


def read_init_functions(header_dir):
    found = {}
    pattern = re.compile(r"void\s+(\w+__init)\s*\(\s*(\w+)\s*\*message\s*\)")
    for root, _, files in os.walk(header_dir):
        for name in files:
            if name.endswith(".pb-c.h"):
                with open(os.path.join(root, name)) as fh:
                    for fn, ctype in pattern.findall(fh.read()):
                        found[ctype] = fn
    return found


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: gen-protos-swift.py DESCRIPTOR_SET PROTOC_C_HEADER_DIR OUT_DIR [CLIENT_OUT_DIR]")
    fds = descriptor_pb2.FileDescriptorSet()
    with open(sys.argv[1], "rb") as fh:
        fds.ParseFromString(fh.read())
    model = Model(fds, read_init_functions(sys.argv[2]))
    out_dir = sys.argv[3]
    os.makedirs(out_dir, exist_ok=True)
    for f in fds.file:
        if not f.message_type and not f.enum_type:
            continue  # e.g. grpc/testing/test.proto: services only, nothing to convert
        with open(os.path.join(out_dir, swift_file_name(f.name)), "w") as fh:
            fh.write(four_space(Emitter(model, f).render()))
    with open(os.path.join(out_dir, "DescriptorSet.swift"), "w") as fh:
        fh.write(four_space(descriptor_file(fds)))
    with open(os.path.join(out_dir, "MessageRegistry.swift"), "w") as fh:
        fh.write(four_space(registry_file(model)))
    if len(sys.argv) == 5:
        client_dir = sys.argv[4]
        os.makedirs(client_dir, exist_ok=True)
        for name, text in client_files(model, fds):
            with open(os.path.join(client_dir, name), "w") as fh:
                fh.write(text)


if __name__ == "__main__":
    main()
