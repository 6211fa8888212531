/// A vLLM version, read from whatever a user or a data file writes: `0.15.1`, `v0.8.4`,
/// `vllm/vllm-openai:v0.6.0`. Missing parts are 0.
public struct VLLMVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public var major: Int
  public var minor: Int
  public var patch: Int

  public init(major: Int, minor: Int, patch: Int = 0) { self.major = major; self.minor = minor; self.patch = patch }

  /// The first `N.N[.N]` in `text`; nil when there is none.
  public init?(parsing text: String) {
    let chars = Array(text.utf8)
    func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    var i = 0
    while i < chars.count {
      guard isDigit(chars[i]) else { i += 1; continue }
      var parts: [Int] = []
      var j = i
      while parts.count < 3 {
        var value = 0, length = 0
        while j < chars.count, isDigit(chars[j]), length < 9 {
          value = value * 10 + Int(chars[j] - 48); j += 1; length += 1
        }
        guard length > 0 else { break }
        parts.append(value)
        guard j + 1 < chars.count, chars[j] == UInt8(ascii: "."), isDigit(chars[j + 1]) else { break }
        j += 1
      }
      if parts.count >= 2 {
        self.init(major: parts[0], minor: parts[1], patch: parts.count > 2 ? parts[2] : 0)
        return
      }
      i = max(j, i + 1)
    }
    return nil
  }

  public static func < (a: VLLMVersion, b: VLLMVersion) -> Bool {
    (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
  }
  public var description: String { "\(major).\(minor).\(patch)" }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let v = VLLMVersion(parsing: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                              debugDescription: "'\(text)' is not a version like 0.14 or 0.8.4"))
    }
    self = v
  }
  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

/// The vLLM versions a profile stands for: from `from` (inclusive) up to `before` (exclusive).
public struct VersionRange: Sendable, Hashable, Codable, CustomStringConvertible {
  public var from: VLLMVersion?
  public var before: VLLMVersion?

  public init(from: VLLMVersion? = nil, before: VLLMVersion? = nil) { self.from = from; self.before = before }

  public func contains(_ v: VLLMVersion) -> Bool {
    (from.map { v >= $0 } ?? true) && (before.map { v < $0 } ?? true)
  }

  public var description: String {
    switch (from, before) {
    case (let a?, let b?): return "\(a) ≤ v < \(b)"
    case (let a?, nil): return "≥ \(a)"
    case (nil, let b?): return "< \(b)"
    case (nil, nil): return "any"
    }
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case from, before }
}
