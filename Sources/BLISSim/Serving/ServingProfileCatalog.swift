import Foundation
import Yams

/// The serving profiles of `serving_profiles.yaml`, in file order, and the one used by default.
///
/// File shape:
/// ```yaml
/// default: vllm-0.14
/// profiles:
///   vllm-0.14:
///     summary: "…"
///     vllm_versions: {from: "0.14"}
///     source: "…"
///     front_end: {network_round_trip_us: 500, api_ingress_us: 1000, …}
///     engine_loop: {mode: async}
///     host_cpu: {step_us: 300, per_running_request_us: 10}
///     output_path: {per_token_us: 30, first_chunk_us: 1850}
///     engine_defaults: {max_num_seqs: 256, large_gpu: {max_num_seqs: 1024, …}}
/// ```
public struct ServingProfileCatalog: Sendable, Equatable {
  public var profiles: [ServingProfile]
  /// Name of the profile used when neither `--serving-profile` nor `--vllm-version` picks one.
  public var defaultName: String
  /// Where the profiles were read from (for provenance lines).
  public var source: String

  public init(profiles: [ServingProfile], defaultName: String, source: String = "built-in") {
    self.profiles = profiles; self.defaultName = defaultName; self.source = source
  }

  public var names: [String] { profiles.map(\.name) }

  /// The default profile.
  public var defaultProfile: ServingProfile {
    profiles.first { $0.name == defaultName } ?? profiles.first ?? .gpuOnly
  }

  /// The profile called `name` (case-insensitive).
  public func profile(named name: String) throws(ServingProfileError) -> ServingProfile {
    guard let p = profiles.first(where: { $0.name.lowercased() == name.lowercased() }) else {
      throw .unknownProfile(name: name, known: names)
    }
    return p
  }

  /// The first profile whose version range contains `version` (e.g. `0.15.1`, `v0.8.4`).
  public func profile(forVersion version: String) throws(ServingProfileError) -> ServingProfile {
    guard let v = VLLMVersion(parsing: version),
          let p = profiles.first(where: { $0.versions.contains(v) && ($0.versions.from != nil || $0.versions.before != nil) })
    else {
      throw .unknownVersion(version: version, known: profiles.map { "\($0.name) (\($0.versions))" })
    }
    return p
  }

  /// Parses the YAML text of a profiles file.
  public static func parse(_ text: String, source: String) throws(ServingProfileError) -> ServingProfileCatalog {
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw .malformed(file: source, reason: "not valid YAML: " + "\(error)".split(separator: "\n").joined(separator: " "))
    }
    guard let root else { throw .malformed(file: source, reason: "the file is empty") }
    let top = try StrictYAMLMapping(root, file: source, path: "", allowed: ["version", "default", "profiles"])
    guard let list = try top.mapping("profiles", allowed: nil), !list.keys.isEmpty else {
      throw .malformed(file: source, reason: "no `profiles:` entries")
    }
    var profiles: [ServingProfile] = []
    for name in list.keys {
      guard let entry = try list.mapping(name, allowed: ServingProfile.CodingKeys.allCases.map(\.stringValue)
                                          .filter { $0 != "name" }) else { continue }
      let profile = try ServingProfile(yaml: entry, name: name)
      try profile.checkConsistency(file: source)
      profiles.append(profile)
    }
    let defaultName = try top.string("default") ?? profiles[0].name
    guard profiles.contains(where: { $0.name == defaultName }) else {
      throw .invalidField(file: source, field: "default", value: defaultName,
                          allowed: profiles.map(\.name).joined(separator: ", "))
    }
    return ServingProfileCatalog(profiles: profiles, defaultName: defaultName, source: source)
  }

  /// `serving_profiles.yaml` in `directory`, or the built-in `gpu-only` profile alone when absent.
  public static func load(directory: URL) throws(ServingProfileError) -> ServingProfileCatalog {
    let path = directory.appendingPathComponent("serving_profiles.yaml").path
    guard let data = FileManager.default.contents(atPath: path) else {
      return ServingProfileCatalog(profiles: [.gpuOnly], defaultName: ServingProfile.gpuOnly.name)
    }
    return try parse(String(decoding: data, as: UTF8.self), source: path)
  }
}

extension ServingProfile {
  /// Cross-field checks a single field's range cannot express.
  func checkConsistency(file: String) throws(ServingProfileError) {
    if engineLoop.multiStep > 1 && engineLoop.mode == .async {
      throw .invalidField(file: file, field: "profiles.\(name).engine_loop.multi_step", value: "\(engineLoop.multiStep)",
                          allowed: "1 with mode async (multi-step scheduling is a synchronous V0 feature)")
    }
    if let from = versions.from, let before = versions.before, !(from < before) {
      throw .invalidField(file: file, field: "profiles.\(name).vllm_versions", value: "\(versions)",
                          allowed: "from < before")
    }
  }
}
