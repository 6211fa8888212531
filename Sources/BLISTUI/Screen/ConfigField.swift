import Foundation

/// The editable fields of the configuration panel, in display order.
enum ConfigField: Int, Sendable, Hashable, CaseIterable {
  case model, hardware, tensorParallelism, instances, rate, numRequests, workload, routingPolicy
  case ttftSLO, itlSLO

  var label: String {
    switch self {
    case .model: "Model"
    case .hardware: "GPU"
    case .tensorParallelism: "TP"
    case .instances: "Instances"
    case .rate: "Rate"
    case .numRequests: "Requests"
    case .workload: "Workload"
    case .routingPolicy: "Routing"
    case .ttftSLO: "SLO TTFT p99"
    case .itlSLO: "SLO ITL p99"
    }
  }

  /// Fields chosen from a list (Enter opens a picker); the others take a typed number.
  var isChoice: Bool {
    switch self {
    case .model, .hardware, .workload, .routingPolicy: true
    default: false
    }
  }

  /// Whether a change to this field needs new simulations (SLO limits only recolour).
  var affectsSimulation: Bool { self != .ttftSLO && self != .itlSLO }

  func value(in scenario: Scenario) -> String {
    switch self {
    case .model: scenario.model
    case .hardware: scenario.hardware
    case .tensorParallelism: String(scenario.tensorParallelism)
    case .instances: String(scenario.instances)
    case .rate: NumberFormat.compact(scenario.rateRequestsPerSecond)
    case .numRequests: String(scenario.numRequests)
    case .workload: scenario.workload
    case .routingPolicy: scenario.routingPolicy
    case .ttftSLO: NumberFormat.compact(scenario.slo.ttftP99Ms)
    case .itlSLO: NumberFormat.compact(scenario.slo.itlP99Ms)
    }
  }

  /// Unit shown after the value.
  var unit: String {
    switch self {
    case .rate: "req/s"
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
    default: []
    }
  }

  /// `scenario` with this field moved one step up (`direction` > 0) or down.
  func stepped(_ scenario: Scenario, direction: Int, catalog: ScenarioCatalog) -> Scenario {
    var next = scenario
    let up = direction > 0
    switch self {
    case .model, .hardware, .workload, .routingPolicy:
      let options = choices(in: catalog)
      guard !options.isEmpty else { return scenario }
      let current = options.firstIndex(of: value(in: scenario)) ?? 0
      let index = (current + (up ? 1 : options.count - 1)) % options.count
      return applying(options[index], to: scenario) ?? scenario
    case .tensorParallelism:
      next.tensorParallelism = up ? min(64, scenario.tensorParallelism * 2) : max(1, scenario.tensorParallelism / 2)
    case .instances:
      next.instances = min(256, max(1, scenario.instances + (up ? 1 : -1)))
    case .rate:
      let rate = scenario.rateRequestsPerSecond
      let step: Double = rate < 10 ? 1 : rate < 50 ? 5 : rate < 200 ? 10 : 50
      next.rateRequestsPerSecond = max(1, rate + (up ? step : -step))
    case .numRequests:
      let step = scenario.numRequests < 1_000 ? 100 : 500
      next.numRequests = max(100, scenario.numRequests + (up ? step : -step))
    case .ttftSLO:
      next.slo.ttftP99Ms = max(10, scenario.slo.ttftP99Ms + (up ? 50 : -50))
    case .itlSLO:
      next.slo.itlP99Ms = max(1, scenario.slo.itlP99Ms + (up ? 5 : -5))
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
    case .tensorParallelism: guard let v = Int(trimmed), v >= 1, v <= 64 else { return nil }; next.tensorParallelism = v
    case .instances: guard let v = Int(trimmed), v >= 1, v <= 256 else { return nil }; next.instances = v
    case .rate: guard let v = Double(trimmed), v.isFinite, v > 0 else { return nil }; next.rateRequestsPerSecond = v
    case .numRequests: guard let v = Int(trimmed), v >= 1, v <= 1_000_000 else { return nil }; next.numRequests = v
    case .ttftSLO: guard let v = Double(trimmed), v.isFinite, v > 0 else { return nil }; next.slo.ttftP99Ms = v
    case .itlSLO: guard let v = Double(trimmed), v.isFinite, v > 0 else { return nil }; next.slo.itlP99Ms = v
    }
    return next
  }

  /// One-line message for a rejected typed value, naming the field, the value and what is allowed.
  func inputError(_ text: String) -> String {
    switch self {
    case .tensorParallelism: "\(label) \"\(text)\" is not valid: use a whole number 1…64"
    case .instances: "\(label) \"\(text)\" is not valid: use a whole number 1…256"
    case .numRequests: "\(label) \"\(text)\" is not valid: use a whole number 1…1000000"
    case .rate, .ttftSLO, .itlSLO: "\(label) \"\(text)\" is not valid: use a number > 0"
    default: "\(label) must not be empty"
    }
  }
}
