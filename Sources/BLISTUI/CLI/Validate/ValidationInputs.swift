import BLISSim
import Foundation

/// The result files of `blis validate` / `blis calibrate serving`, each read and paired with the
/// deployment it is replayed on (the run-settings flags, its `FILE@key=value` settings on top).
struct ValidationInputs {
  struct Item {
    var target: ValidationTarget
    var result: BenchmarkResult
    var plan: RunPlan
  }

  var items: [Item]
  /// Settings, model and ignored-flag warnings, each once.
  var warnings: [String]

  /// The first file's settings: the output options (`--json`, `--quiet`, `--results-path`).
  var options: ResolvedRunOptions { items[0].plan.options }

  static func load(files: [String], options: RunOptions, io: CommandIO) throws -> ValidationInputs {
    let targets = try files.map { try ValidationTarget.parse($0, currentDirectory: io.currentDirectory) }
    let results = try targets.map { try BenchmarkResult.load(path: $0.path, source: $0.name) }
    let models = Set(results.compactMap { $0.modelID?.lowercased() })
    let fileModel = models.count == 1 ? results.compactMap(\.modelID).first : nil
    var plans: [String: RunPlan] = [:]
    var items: [Item] = []
    var warnings: [String] = []
    for (target, result) in zip(targets, results) {
      let key = target.settingsText
      if plans[key] == nil {
        let prepared = try PreparedRun.prepare(options, io: io, extraFlags: try target.layer(), defaultModel: fileModel)
        let (plan, fallback) = try prepared.planWithFallback()
        warnings += prepared.options.warnings + fallback + plan.latency.warnings
        plans[key] = plan
      }
      guard let plan = plans[key] else { continue }
      if let measured = result.modelID, !sameModel(measured, plan.options.model) {
        warnings.append("\(target.name) was measured on \(measured); simulating \(plan.options.model)")
      }
      items.append(Item(target: target, result: result, plan: plan))
    }
    let first = items[0].plan.options
    let ignored = ValidationTarget.ignoredKeys.filter { [.flag, .configFile].contains(first.source(of: $0)) }
    if !ignored.isEmpty {
      warnings.append("ignored \(ignored.map(\.flag).joined(separator: ", ")): the workload comes from the result files")
    }
    var seen = Set<String>()
    return ValidationInputs(items: items, warnings: warnings.filter { seen.insert($0).inserted })
  }

  /// Model ids match when their last parts agree, ignoring case (`mistralai/Mistral-7B-Instruct-v0.3`
  /// ~ `mistral-7b-instruct-v0.3`).
  static func sameModel(_ a: String, _ b: String) -> Bool {
    func name(_ s: String) -> Substring { s.lowercased().split(separator: "/").last ?? "" }
    return name(a) == name(b)
  }
}
