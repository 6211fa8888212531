import Yams

/// A YAML mapping read with strict keys and typed accessors whose errors name the field path, the
/// value and what is allowed (`ServingProfileError.invalidField`).
struct StrictYAMLMapping {
  let file: String
  /// Dotted path of this mapping, e.g. `profiles.vllm-0.14.front_end`.
  let path: String
  private var values: [String: Node] = [:]
  /// Keys in document order.
  private(set) var keys: [String] = []

  init(_ node: Node, file: String, path: String, allowed: [String]?) throws(ServingProfileError) {
    self.file = file
    self.path = path
    guard let mapping = node.mapping else {
      throw .invalidField(file: file, field: path.isEmpty ? "document" : path, value: "not a mapping",
                          allowed: "key: value pairs")
    }
    for (k, v) in mapping {
      let key = k.string ?? "?"
      if let allowed, !allowed.contains(key) {
        throw .invalidField(file: file, field: field(key), value: "(unknown key)",
                            allowed: "keys " + allowed.joined(separator: ", "))
      }
      if values[key] != nil {
        throw .invalidField(file: file, field: field(key), value: "(given twice)", allowed: "each key once")
      }
      values[key] = v
      keys.append(key)
    }
  }

  func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  func mapping(_ key: String, allowed: [String]?) throws(ServingProfileError) -> StrictYAMLMapping? {
    guard let n = values[key] else { return nil }
    return try StrictYAMLMapping(n, file: file, path: field(key), allowed: allowed)
  }

  func string(_ key: String) throws(ServingProfileError) -> String? {
    guard let n = values[key] else { return nil }
    guard let s = n.scalar?.string else {
      throw .invalidField(file: file, field: field(key), value: "(not a scalar)", allowed: "a single value")
    }
    return s
  }

  /// A finite number in `range`.
  func number(_ key: String, in range: ClosedRange<Double>) throws(ServingProfileError) -> Double? {
    guard let s = try string(key) else { return nil }
    guard let v = Double(s), v.isFinite, range.contains(v) else {
      throw .invalidField(file: file, field: field(key), value: s, allowed: "a number in \(range.lowerBound)...\(range.upperBound)")
    }
    return v
  }

  func integer(_ key: String, in range: ClosedRange<Int>) throws(ServingProfileError) -> Int? {
    guard let s = try string(key) else { return nil }
    guard let v = Int(s), range.contains(v) else {
      throw .invalidField(file: file, field: field(key), value: s, allowed: "a whole number in \(range.lowerBound)...\(range.upperBound)")
    }
    return v
  }

  func bool(_ key: String) throws(ServingProfileError) -> Bool? {
    guard let s = try string(key) else { return nil }
    switch s.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw .invalidField(file: file, field: field(key), value: s, allowed: "true or false")
    }
  }

  func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(ServingProfileError) -> T?
    where T.RawValue == String {
    guard let s = try string(key) else { return nil }
    guard let v = T(rawValue: s) else {
      throw .invalidField(file: file, field: field(key), value: s,
                          allowed: T.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return v
  }

  func strings(_ key: String) throws(ServingProfileError) -> [String]? {
    guard let n = values[key] else { return nil }
    if let s = n.scalar?.string { return [s] }
    guard let seq = n.sequence else {
      throw .invalidField(file: file, field: field(key), value: "(not a list)", allowed: "a list of names")
    }
    var out: [String] = []
    for item in seq {
      guard let s = item.scalar?.string else {
        throw .invalidField(file: file, field: field(key), value: "(nested value)", allowed: "a list of names")
      }
      out.append(s)
    }
    return out
  }
}
