import Foundation

/// The editable fields of the configuration panel, in display order.
enum ConfigField: Int, Sendable, Hashable, CaseIterable {
  case model, hardware, tensorParallelism, instances, rate, duration, workload, routingPolicy
  case ttftSLO, itlSLO, seed, load

  var label: String {
    switch self {
    case .model: "Model"
    case .hardware: "GPU"
    case .tensorParallelism: "TP"
    case .instances: "Instances"
    case .rate: "Rate"
    case .duration: "Arrivals"
    case .workload: "Workload"
    case .routingPolicy: "Routing"
    case .ttftSLO: "SLO TTFT p99"
    case .itlSLO: "ITL p99"
    case .seed: "Seed"
    case .load: "Load"
    }
  }

  /// Fields chosen from a list (Enter opens a picker); the others take a typed number.
  var isChoice: Bool {
    switch self {
    case .model, .hardware, .workload, .routingPolicy, .load: true
    default: false
    }
  }

  func value(in scenario: Scenario) -> String {
    switch self {
    case .model: scenario.model
    case .hardware: scenario.hardware
    case .tensorParallelism: String(scenario.split.tensorParallelism)
    case .instances: String(scenario.split.instances)
    case .rate: NumberFormat.compact(scenario.rateRequestsPerSecond)
    case .duration: "≥ " + NumberFormat.compact(scenario.arrivalSeconds)
    case .workload: scenario.workload
    case .routingPolicy: scenario.routingPolicy
    case .ttftSLO: "≤ " + (scenario.slo.ttftP99Ms.map(NumberFormat.compact) ?? "–")
    case .itlSLO: "≤ " + (scenario.slo.itlP99Ms.map(NumberFormat.compact) ?? "–")
    case .seed: String(scenario.seed)
    case .load: scenario.load.rawValue
    }
  }

  /// The value as a picker or input shows it now (without "≤ "/"≥ ").
  func plainValue(in scenario: Scenario) -> String {
    switch self {
    case .duration: NumberFormat.compact(scenario.arrivalSeconds)
    case .ttftSLO: scenario.slo.ttftP99Ms.map(NumberFormat.compact) ?? ""
    case .itlSLO: scenario.slo.itlP99Ms.map(NumberFormat.compact) ?? ""
    default: value(in: scenario)
    }
  }

  /// Unit shown after the value.
  var unit: String {
    switch self {
    case .rate: "req/s"
    case .duration: "s"
    case .ttftSLO, .itlSLO: "ms"
    default: ""
    }
  }

  /// The choices offered for a choice field.
  func choices(in catalog: ScenarioCatalog) -> [String] {
    switch self {
    case .model: catalog.models
    case .hardware: catalog.hardware
    case .workload: catalog.workloads
    case .routingPolicy: catalog.routingPolicies
    case .load: LoadShape.allCases.map(\.rawValue)
    default: []
    }
  }

  /// `scenario` with this field moved one step up (`direction` > 0) or down.
  func stepped(_ scenario: Scenario, direction: Int, catalog: ScenarioCatalog) -> Scenario {
    var next = scenario
    let up = direction > 0
    switch self {
    case .model, .hardware, .workload, .routingPolicy, .load:
      let options = choices(in: catalog)
      guard !options.isEmpty else { return scenario }
      let current = options.firstIndex(of: value(in: scenario)) ?? 0
      let index = (current + (up ? 1 : options.count - 1)) % options.count
      return applying(options[index], to: scenario) ?? scenario
    case .tensorParallelism:
      let tp = scenario.split.tensorParallelism
      next.split.tensorParallelism = up ? min(64, tp * 2) : max(1, tp / 2)
    case .instances:
      next.split.instances = min(256, max(1, scenario.split.instances + (up ? 1 : -1)))
    case .rate:
      let rate = scenario.rateRequestsPerSecond
      let step: Double = rate < 10 ? 1 : rate < 50 ? 5 : rate < 200 ? 10 : 50
      next.rateRequestsPerSecond = max(1, rate + (up ? step : -step))
    case .duration:
      let seconds = scenario.arrivalSeconds
      next.arrivalSeconds = min(3_600, max(10, seconds + (up ? (seconds < 60 ? 10 : 30) : (seconds <= 60 ? -10 : -30))))
    case .ttftSLO:
      next.slo.ttftP99Ms = max(10, (scenario.slo.ttftP99Ms ?? 500) + (up ? 50 : -50))
    case .itlSLO:
      next.slo.itlP99Ms = max(1, (scenario.slo.itlP99Ms ?? 50) + (up ? 5 : -5))
    case .seed:
      next.seed = up ? scenario.seed &+ 1 : (scenario.seed == 0 ? 0 : scenario.seed - 1)
    }
    return next
  }

  /// `scenario` with this field set from typed or picked text, or nil with no change if the text
  /// is not a valid value for the field (the caller shows `inputError`).
  func applying(_ text: String, to scenario: Scenario) -> Scenario? {
    var next = scenario
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    switch self {
    case .model: guard !trimmed.isEmpty else { return nil }; next.model = trimmed.lowercased()
    case .hardware: guard !trimmed.isEmpty else { return nil }; next.hardware = trimmed
    case .workload: guard !trimmed.isEmpty else { return nil }; next.workload = trimmed
    case .routingPolicy: guard !trimmed.isEmpty else { return nil }; next.routingPolicy = trimmed
    case .load: guard let shape = LoadShape(rawValue: trimmed) else { return nil }; next.load = shape
    case .tensorParallelism: guard let v = Int(trimmed), v >= 1, v <= 64 else { return nil }; next.split.tensorParallelism = v
    case .instances: guard let v = Int(trimmed), v >= 1, v <= 256 else { return nil }; next.split.instances = v
    case .rate: guard let v = Double(trimmed), v.isFinite, v > 0, v <= 1_000_000 else { return nil }; next.rateRequestsPerSecond = v
    case .duration: guard let v = Double(trimmed), v.isFinite, v >= 1, v <= 86_400 else { return nil }; next.arrivalSeconds = v
    case .ttftSLO: guard let v = Double(trimmed), v.isFinite, v > 0 else { return nil }; next.slo.ttftP99Ms = v
    case .itlSLO: guard let v = Double(trimmed), v.isFinite, v > 0 else { return nil }; next.slo.itlP99Ms = v
    case .seed: guard let v = UInt64(trimmed), v <= UInt64(Int.max) else { return nil }; next.seed = v
    }
    return next
  }

  /// Characters an input field accepts.
  func accepts(_ character: Character) -> Bool {
    self == .seed || self == .tensorParallelism || self == .instances ? character.isNumber : character.isNumber || character == "."
  }

  /// One-line message for a rejected typed value, naming the field, the value and what is allowed.
  func inputError(_ text: String) -> String {
    switch self {
    case .tensorParallelism: "\(label) \"\(text)\" is not valid: use a whole number 1…64"
    case .instances: "\(label) \"\(text)\" is not valid: use a whole number 1…256"
    case .rate: "\(label) \"\(text)\" is not valid: use a number > 0 and ≤ 1000000"
    case .duration: "\(label) \"\(text)\" is not valid: use seconds 1…86400"
    case .ttftSLO, .itlSLO: "\(label) \"\(text)\" is not valid: use a number > 0"
    case .seed: "\(label) \"\(text)\" is not valid: use a whole number ≥ 0"
    default: "\(label) must not be empty"
    }
  }
}
