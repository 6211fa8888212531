import Foundation

// The parsers of BLIS's own value types, for `SettingsCatalog`.

extension SettingParser where Value == String {
  /// A model id `name` or `owner/name` that is safe as a path and a hub repo id.
  static var modelID: SettingParser {
    SettingParser(parse: { input, base throws(SettingRejection) in
      let model = try SettingParser<String>.name.parse(input, base)
      if let problem = ModelIdentifier.problem(with: model) {
        throw SettingRejection(allowed: "a model id 'name' or 'owner/name' of letters, digits, '.', '_' and '-' (\(problem))")
      }
      return model
    }, format: { $0 })
  }
}

extension SettingParser where Value == Int {
  /// A token count ≥ 1.
  static var tokens: SettingParser { integer("an integer ≥ 1 (tokens)") { $0 >= 1 } }
  /// A token-count standard deviation ≥ 0.
  static var tokenSpread: SettingParser { integer("an integer ≥ 0 (tokens)") { $0 >= 0 } }
}

extension SettingParser where Value == UInt64 {
  /// A seed in 0...Int64.max (what a YAML or JSON integer can hold).
  static var seed: SettingParser {
    scalar("an integer in 0...\(Int64.max)", format: String.init) { Int64($0).flatMap { $0 >= 0 ? UInt64($0) : nil } }
  }
}

extension SettingParser where Value == SimTime? {
  /// A simulated-time limit in seconds.
  static var horizon: SettingParser {
    SettingParser<Double>.number("a number of seconds > 0 and < 9e12") { $0 >= 1e-6 && $0 < 9e12 }
      .map(SimTime.init(seconds:), format: { SettingParser<Double>.plain($0.seconds) })
      .optional()
  }
}

extension SettingParser where Value == Double? {
  /// A p99 latency limit in milliseconds.
  static var latencyLimit: SettingParser {
    SettingParser<Double>.number("a latency in milliseconds, > 0 and ≤ 10000000, e.g. 500") { $0 > 0 && $0 <= 10_000_000 }
      .optional()
  }
}

extension SettingParser where Value == WorkloadPreset? {
  /// A built-in preset, or `distribution` (nil: the token-length settings shape the workload).
  static var workloadPreset: SettingParser {
    let names = ["distribution"] + WorkloadPreset.allCases.map(\.rawValue)
    return .known("workload preset", names, format: { $0?.rawValue ?? "distribution" }) { text -> WorkloadPreset?? in
      let name = text.lowercased()
      return name == "distribution" ? .some(nil) : WorkloadPreset(rawValue: name).map { .some($0) }
    }
  }
}

extension SettingParser where Value == RoutingPolicy {
  /// A routing policy name (`weighted` uses the default scorer profile).
  static var routingPolicy: SettingParser {
    .known("routing policy", RoutingPolicy.knownNames, format: \.name) { try? RoutingPolicy(name: $0.lowercased()) }
  }
}

extension SettingParser {
  /// This parser's values converted by `transform` (which cannot fail).
  func map<Other>(_ transform: @escaping @Sendable (Value) -> Other,
                  format: @escaping @Sendable (Other) -> String) -> SettingParser<Other> {
    SettingParser<Other>(parse: { input, base throws(SettingRejection) in transform(try self.parse(input, base)) },
                         format: format)
  }
}
