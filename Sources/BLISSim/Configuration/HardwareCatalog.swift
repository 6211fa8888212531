import Foundation

/// Why a hardware file or lookup failed. One-line descriptions naming the field/GPU and what is allowed.
public enum HardwareConfigError: Error, Equatable, CustomStringConvertible {
  case malformedJSON(source: String, message: String)
  case missingField(source: String, gpu: String, field: String)
  case invalidValue(source: String, gpu: String, field: String, value: String, allowed: String)
  case unknownGPU(name: String, known: [String])

  public var description: String {
    switch self {
    case .malformedJSON(let s, let m): return "\(s): not a valid JSON object: \(m)"
    case .missingField(let s, let g, let f): return "\(s): GPU '\(g)' is missing required field '\(f)'"
    case .invalidValue(let s, let g, let f, let v, let a): return "\(s): GPU '\(g)' field '\(f)' = \(v) is invalid (allowed: \(a))"
    case .unknownGPU(let n, let k): return "unknown GPU '\(n)' (known: \(k.joined(separator: ", ")))"
    }
  }
}

/// The GPUs of a `hardware_config.json`: a JSON object keyed by GPU name.
///
/// Keys are matched case-insensitively, unknown keys and keys starting with `_` (documentation) are
/// ignored. Each GPU may list `aliases`. The reference's field names (`TFlopsPeak`, `BwPeakTBs`,
/// `TFlopsFP8`, `MemoryGiB`) are accepted as synonyms.
public struct HardwareCatalog: Sendable, Equatable {
  /// GPUs in file order of their canonical names (sorted for determinism).
  public private(set) var specs: [HardwareSpec]
  /// Lower-cased name or alias → index into `specs`.
  private var index: [String: Int]
  /// Canonical names and aliases as written, sorted.
  public private(set) var knownNames: [String]

  public init(specs: [HardwareSpec], aliases: [String: String] = [:]) {
    self.specs = specs.sorted { $0.name < $1.name }
    var idx: [String: Int] = [:]
    for (i, s) in self.specs.enumerated() { idx[s.name.lowercased()] = i }
    var names = self.specs.map(\.name)
    for (alias, target) in aliases {
      if let i = idx[target.lowercased()] { idx[alias.lowercased()] = i; names.append(alias) }
    }
    self.index = idx
    self.knownNames = names.sorted()
  }

  /// The GPU named `name` (case-insensitive, aliases allowed).
  public func spec(named name: String) throws(HardwareConfigError) -> HardwareSpec {
    guard let i = index[name.lowercased()] else { throw .unknownGPU(name: name, known: knownNames) }
    return specs[i]
  }

  /// Parses a hardware file. `source` names the file in errors.
  public static func parse(data: Data, source: String) throws(HardwareConfigError) -> HardwareCatalog {
    let object: [String: Any]
    do { object = try parseJSONObject(data) } catch { throw .malformedJSON(source: source, message: error.message) }
    var specs: [HardwareSpec] = []
    var aliases: [String: String] = [:]
    for name in object.keys.sorted() where !name.hasPrefix("_") {
      guard let raw = object[name] as? [String: Any] else {
        throw .invalidValue(source: source, gpu: name, field: "(entry)", value: "not an object", allowed: "a JSON object")
      }
      var f: [String: Any] = [:]
      for (k, v) in raw { f[k.lowercased()] = v }
      let r = HardwareFieldReader(fields: f, source: source, gpu: name)
      var s = HardwareSpec(
        name: name,
        tflopsBF16: try r.required(["tflopsbf16", "tflopspeak"]),
        bandwidthTBps: try r.required(["bandwidthtbps", "bwpeaktbs"]),
        memoryGiB: try r.required(["memorygib"]))
      s.tflopsFP8 = try r.optional(["tflopsfp8"], zeroAllowed: true) ?? s.tflopsFP8
      s.gemmEfficiency = try r.fraction("gemmefficiency") ?? s.gemmEfficiency
      s.gemmRooflineExponent = try r.optional(["gemmrooflineexponent"]) ?? s.gemmRooflineExponent
      s.memoryEfficiency = try r.fraction("memoryefficiency") ?? s.memoryEfficiency
      s.attentionDecodeEfficiency = try r.fraction("attentiondecodeefficiency") ?? s.attentionDecodeEfficiency
      s.attentionPrefillEfficiency = try r.fraction("attentionprefillefficiency") ?? s.attentionPrefillEfficiency
      s.attentionPrefillHalfTokens = try r.optional(["attentionprefillhalftokens"], zeroAllowed: true) ?? s.attentionPrefillHalfTokens
      s.layerOverheadMicros = try r.optional(["layeroverheadmicros"], zeroAllowed: true) ?? s.layerOverheadMicros
      s.stepOverheadMicros = try r.optional(["stepoverheadmicros"], zeroAllowed: true) ?? s.stepOverheadMicros
      s.interconnectGBps = try r.optional(["interconnectgbps"]) ?? s.interconnectGBps
      s.allReduceEfficiency = try r.fraction("allreduceefficiency") ?? s.allReduceEfficiency
      s.allReduceLatencyMicros = try r.optional(["allreducelatencymicros"], zeroAllowed: true) ?? s.allReduceLatencyMicros
      s.gpuHourUSD = try r.optional(["gpuhourusd"], zeroAllowed: true) ?? s.gpuHourUSD
      if let moved = f.keys.sorted().first(where: { $0.hasPrefix("serving") }) {
        // Host CPU, front end and output path are software, not GPU properties: they moved to
        // serving_profiles.yaml, versioned per vLLM release.
        throw .invalidValue(source: source, gpu: name, field: moved, value: "\(f[moved] ?? "")",
                            allowed: "no serving* fields here: serving overheads live in serving_profiles.yaml")
      }
      specs.append(s)
      if let list = f["aliases"] as? [String] { for a in list { aliases[a] = name } }
    }
    return HardwareCatalog(specs: specs, aliases: aliases)
  }
}

private struct HardwareFieldReader {
  let fields: [String: Any]
  let source: String
  let gpu: String

  func number(_ key: String) throws(HardwareConfigError) -> Double? {
    guard let v = fields[key], !(v is NSNull) else { return nil }
    guard !isJSONBool(v), let n = v as? NSNumber, n.doubleValue.isFinite else {
      throw .invalidValue(source: source, gpu: gpu, field: key, value: "\(v)", allowed: "a number")
    }
    return n.doubleValue
  }
  func optional(_ keys: [String], zeroAllowed: Bool = false) throws(HardwareConfigError) -> Double? {
    for k in keys {
      guard let v = try number(k) else { continue }
      guard zeroAllowed ? v >= 0 : v > 0 else {
        throw .invalidValue(source: source, gpu: gpu, field: k, value: "\(v)", allowed: zeroAllowed ? "≥ 0" : "> 0")
      }
      return v
    }
    return nil
  }
  func required(_ keys: [String]) throws(HardwareConfigError) -> Double {
    guard let v = try optional(keys) else { throw .missingField(source: source, gpu: gpu, field: keys[0]) }
    return v
  }
  func fraction(_ key: String) throws(HardwareConfigError) -> Double? {
    guard let v = try number(key) else { return nil }
    guard v > 0, v <= 1 else { throw .invalidValue(source: source, gpu: gpu, field: key, value: "\(v)", allowed: "(0, 1]") }
    return v
  }
}
