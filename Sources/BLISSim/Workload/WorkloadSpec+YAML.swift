import Yams

extension WorkloadSpec {
  /// Parses the YAML form (documented in the README, "Workloads"). Unknown keys are errors that
  /// name the key; out-of-range values are errors that name the field, value and allowed range.
  ///
  /// ```yaml
  /// seed: 42
  /// preset: chatbot              # optional: prompt/output distributions of a preset
  /// arrival: poisson             # poisson | constant | gamma (+ cv: 2.0)
  /// stages: [{rate: 8, duration_s: 600}, {rate: 20, duration_s: 600, arrival: constant}]
  /// prompt_tokens: {dist: constant, value: 447}
  /// output_tokens: {dist: normal, mean: 256, stdev: 64, min: 1, max: 1024}
  /// shared_prefix: {groups: 10, prompts_per_group: 10, prefix_tokens: 100}
  /// concurrency: 64              # optional closed loop: 64 clients, next request when one completes
  /// think_time_ms: 500           # … after a think time (constant, or `think_time: exponential`)
  /// ```
  /// With `concurrency` the rate may be omitted (clients send as fast as they get answers), and
  /// `duration_s` then bounds how long clients keep sending.
  public init(yaml text: String) throws {
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw WorkloadError.malformed(field: "YAML", detail: "\(error)".split(separator: "\n").joined(separator: " "))
    }
    guard let root else { throw WorkloadError.missing(field: "workload", hint: "the YAML document is empty") }
    let top = try YAMLMap(root, context: "the workload", allowed: [
      "seed", "preset", "arrival", "cv", "stages", "rate", "num_requests", "duration_s", "prompt_tokens",
      "output_tokens", "shared_prefix", "concurrency", "think_time_ms", "think_time",
    ])
    var prompt: LengthDistribution?
    var output: LengthDistribution?
    if let name = try top.string("preset") {
      guard let preset = WorkloadPreset(rawValue: name) else {
        throw WorkloadError.outOfRange(field: "preset", value: name,
                                       allowed: WorkloadPreset.allCases.map(\.rawValue).joined(separator: ", "))
      }
      prompt = preset.promptTokens
      output = preset.outputTokens
    }
    let seed = try top.int("seed").map { UInt64(bitPattern: Int64($0)) }
    let arrival = try YAMLMap.arrival(top.string("arrival") ?? "poisson", cv: top.double("cv"), field: "arrival")
    var stages: [WorkloadStage] = []
    if let list = top.node("stages") {
      guard let seq = list.sequence else { throw WorkloadError.malformed(field: "stages", detail: "expected a list") }
      for (i, item) in seq.enumerated() {
        let m = try YAMLMap(item, context: "stages[\(i)]", allowed: ["rate", "duration_s", "arrival", "cv"])
        guard let rate = try m.double("rate") else {
          throw WorkloadError.missing(field: "stages[\(i)].rate", hint: "requests per second")
        }
        let stageArrival = try m.string("arrival").map {
          try YAMLMap.arrival($0, cv: m.double("cv"), field: "stages[\(i)].arrival")
        }
        stages.append(WorkloadStage(ratePerSecond: rate, durationSeconds: try m.double("duration_s"), arrival: stageArrival))
      }
      if top.node("rate") != nil || top.node("duration_s") != nil {
        throw WorkloadError.malformed(field: top.node("rate") != nil ? "rate" : "duration_s",
                                      detail: "with `stages`, give rate and duration_s inside each stage")
      }
    } else if let rate = try top.double("rate") {
      stages = [WorkloadStage(ratePerSecond: rate, durationSeconds: try top.double("duration_s"))]
    } else if top.node("concurrency") != nil {
      stages = [WorkloadStage(ratePerSecond: .infinity, durationSeconds: nil)]
    } else {
      throw WorkloadError.missing(field: "stages", hint: "give `stages` or `rate` + `num_requests`")
    }
    if let node = top.node("prompt_tokens") { prompt = try YAMLMap.distribution(node, field: "prompt_tokens") }
    if let node = top.node("output_tokens") { output = try YAMLMap.distribution(node, field: "output_tokens") }
    guard let prompt else { throw WorkloadError.missing(field: "prompt_tokens", hint: "a distribution or a preset") }
    guard let output else { throw WorkloadError.missing(field: "output_tokens", hint: "a distribution or a preset") }
    var shared: SharedPrefix?
    if let node = top.node("shared_prefix") {
      let m = try YAMLMap(node, context: "shared_prefix", allowed: ["groups", "prompts_per_group", "prefix_tokens"])
      shared = SharedPrefix(groups: try m.requiredInt("groups"), promptsPerGroup: try m.int("prompts_per_group") ?? 1,
                            prefixTokens: try m.requiredInt("prefix_tokens"))
    }
    var closedLoop: ClosedLoop?
    if let clients = try top.int("concurrency") {
      let ms = try top.double("think_time_ms") ?? 0
      let think: ClosedLoop.ThinkTime
      switch try top.string("think_time") ?? "constant" {
      case "constant": think = ms > 0 ? .constant(milliseconds: ms) : .none
      case "exponential": think = .exponential(meanMilliseconds: ms)
      case let other: throw WorkloadError.outOfRange(field: "think_time", value: other, allowed: "constant, exponential")
      }
      let unbounded = stages.count == 1 && stages[0].ratePerSecond == .infinity
      closedLoop = ClosedLoop(clients: clients, thinkTime: think,
                              durationSeconds: unbounded ? try top.double("duration_s") : nil)
    } else if top.node("think_time_ms") != nil || top.node("think_time") != nil {
      throw WorkloadError.missing(field: "concurrency", hint: "think_time_ms needs a closed loop of `concurrency` clients")
    }
    self.init(seed: seed, arrival: arrival, stages: stages, numRequests: try top.int("num_requests"),
              promptTokens: prompt, outputTokens: output, sharedPrefix: shared, closedLoop: closedLoop)
    _ = try validated()
  }
}

/// A YAML mapping with strict keys and typed, field-naming accessors.
struct YAMLMap {
  let context: String
  private var values: [String: Node] = [:]

  init(_ node: Node, context: String, allowed: [String]) throws {
    self.context = context
    guard let mapping = node.mapping else {
      throw WorkloadError.malformed(field: context, detail: "expected a mapping of key: value")
    }
    for (k, v) in mapping {
      let key = k.string ?? "?"
      guard allowed.contains(key) else { throw WorkloadError.unknownKey(key: key, in: context, allowed: allowed) }
      values[key] = v
    }
  }

  private func field(_ key: String) -> String { context == "the workload" ? key : "\(context).\(key)" }

  func node(_ key: String) -> Node? { values[key] }

  func string(_ key: String) throws -> String? {
    guard let n = values[key] else { return nil }
    guard let s = n.scalar?.string else { throw WorkloadError.malformed(field: field(key), detail: "expected a value") }
    return s
  }

  func double(_ key: String) throws -> Double? {
    guard let s = try string(key) else { return nil }
    guard let v = Double(s), v.isFinite else {
      throw WorkloadError.outOfRange(field: field(key), value: s, allowed: "a number")
    }
    return v
  }

  func int(_ key: String) throws -> Int? {
    guard let s = try string(key) else { return nil }
    guard let v = Int(s) else {
      if let d = Double(s), d.isFinite, d == d.rounded(), abs(d) < 9e15 { return Int(d) }
      throw WorkloadError.outOfRange(field: field(key), value: s, allowed: "an integer")
    }
    return v
  }

  func requiredInt(_ key: String) throws -> Int {
    guard let v = try int(key) else { throw WorkloadError.missing(field: field(key), hint: "an integer") }
    return v
  }

  func requiredDouble(_ key: String) throws -> Double {
    guard let v = try double(key) else { throw WorkloadError.missing(field: field(key), hint: "a number") }
    return v
  }

  static func arrival(_ name: String, cv: Double?, field: String) throws -> ArrivalProcess {
    switch name {
    case "poisson": return .poisson
    case "constant": return .constant
    case "gamma":
      guard let cv else { throw WorkloadError.missing(field: "\(field) cv", hint: "gamma arrivals need `cv`") }
      return .gamma(cv: cv)
    default:
      throw WorkloadError.outOfRange(field: field, value: name, allowed: "poisson, constant, gamma")
    }
  }

  static func distribution(_ node: Node, field: String) throws -> LengthDistribution {
    if let s = node.scalar?.string, let v = Int(s) { return .constant(v) }  // `prompt_tokens: 447`
    let head = try YAMLMap(node, context: field, allowed: ["dist", "value", "min", "max", "mean", "stdev", "values",
                                                           "weights"])
    guard let dist = try head.string("dist") else {
      throw WorkloadError.missing(field: "\(field).dist", hint: "constant, uniform, normal, lognormal or empirical")
    }
    let keys: [String]
    switch dist {
    case "constant": keys = ["dist", "value"]
    case "uniform": keys = ["dist", "min", "max"]
    case "normal", "lognormal": keys = ["dist", "mean", "stdev", "min", "max"]
    case "empirical": keys = ["dist", "values", "weights"]
    default:
      throw WorkloadError.outOfRange(field: "\(field).dist", value: dist,
                                     allowed: "constant, uniform, normal, lognormal, empirical")
    }
    let m = try YAMLMap(node, context: field, allowed: keys)
    switch dist {
    case "constant": return .constant(try m.requiredInt("value"))
    case "uniform": return .uniform(min: try m.requiredInt("min"), max: try m.requiredInt("max"))
    case "normal", "lognormal":
      let mean = try m.requiredDouble("mean")
      let stdev = try m.requiredDouble("stdev")
      let lo = try m.int("min") ?? 1
      let hi = try m.int("max") ?? Int(Swift.min(1e9, Swift.max(mean * 20, mean + 10 * stdev)))
      return dist == "normal" ? .normal(mean: mean, stdev: stdev, min: lo, max: hi)
        : .lognormal(mean: mean, stdev: stdev, min: lo, max: hi)
    default:
      func numbers(_ key: String) throws -> [String] {
        guard let n = m.node(key) else { return [] }
        guard let seq = n.sequence else { throw WorkloadError.malformed(field: "\(field).\(key)", detail: "expected a list") }
        return seq.map { $0.scalar?.string ?? "?" }
      }
      let values = try numbers("values").map { s -> Int in
        guard let v = Int(s) else { throw WorkloadError.outOfRange(field: "\(field).values", value: s, allowed: "integers") }
        return v
      }
      let weights = try numbers("weights").map { s -> Double in
        guard let v = Double(s) else { throw WorkloadError.outOfRange(field: "\(field).weights", value: s, allowed: "numbers") }
        return v
      }
      return .empirical(values: values, weights: weights)
    }
  }
}
