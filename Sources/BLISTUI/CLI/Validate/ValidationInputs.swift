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
  /// Where results go and how much is printed (`--json`, `--quiet`, `--results-path`).
  var output: OutputSettings
  /// Settings, model and ignored-flag warnings, each once.
  var warnings: [String]

  static func load(files: [String], options: RunOptions<BuiltinSettingDefaults>, io: CommandIO) throws -> ValidationInputs {
    let targets = try files.map { try ValidationTarget.parse($0, currentDirectory: io.currentDirectory) }
    let results = try targets.map { try BenchmarkResult.load(path: $0.path, source: $0.name) }
    // The files' model is the default model (the flag or --config still win).
    var defaults = CommandDefaults()
    let models = Set(results.compactMap { $0.modelID?.lowercased() })
    if models.count == 1, let model = results.compactMap(\.modelID).first { defaults.set(\.model, model) }
    var plans: [String: RunPlan] = [:]
    var items: [Item] = []
    var warnings: [String] = []
    var output = OutputSettings()
    for (i, (target, result)) in zip(targets, results).enumerated() {
      let key = target.settingsText
      if plans[key] == nil {
        var flags = options.settingsLayer
        try target.apply(to: &flags)
        let prepared = try PreparedRun.prepare(flags: flags, output: options.output, io: io, defaults: defaults)
        if i == 0 { output = prepared.output }
        let plan = try prepared.plan()
        warnings += plan.warnings.map(\.text)
        plans[key] = plan
      }
      guard let plan = plans[key] else { continue }
      if let measured = result.modelID, !sameModel(measured, plan.settings.model) {
        warnings.append("\(target.name) was measured on \(measured); simulating \(plan.settings.model)")
      }
      items.append(Item(target: target, result: result, plan: plan))
    }
    let settings = items[0].plan.settings
    let ignored = SettingsCatalog.all.map(\.name).filter {
      ValidationTarget.workloadSettings.contains($0) && settings.provenance[$0]?.source.isExplicit == true
    }
    if !ignored.isEmpty || output.requestsOut != nil {
      let names = ignored.map { "--" + $0 } + (output.requestsOut != nil ? ["--requests-out"] : [])
      warnings.append("ignored \(names.joined(separator: ", ")): the workload comes from the result files")
    }
    var seen = Set<String>()
    return ValidationInputs(items: items, output: output, warnings: warnings.filter { seen.insert($0).inserted })
  }

  /// Model ids match when their last parts agree, ignoring case (`mistralai/Mistral-7B-Instruct-v0.3`
  /// ~ `mistral-7b-instruct-v0.3`).
  static func sameModel(_ a: String, _ b: String) -> Bool {
    func name(_ s: String) -> Substring { s.lowercased().split(separator: "/").last ?? "" }
    return name(a) == name(b)
  }
}
