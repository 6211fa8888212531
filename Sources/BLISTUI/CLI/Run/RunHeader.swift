import BLISSim
import Foundation

/// The top of the `blis run` / `blis compare` summaries: what was simulated and where every
/// input came from. Deterministic: only settings and file paths, no wall-clock values.
enum RunHeader {
  /// "meta-llama/llama-3.1-8b-instruct on H100 · TP 2 × 4 instances = 8 GPUs", plus the
  /// settings that came from defaults.yaml.
  static func deployment(_ plan: RunPlan) -> String {
    let s = plan.settings
    let tp = s.tensorParallelism
    let n = s.engine.instances
    let name = plan.deployment.hardware.name
    let gpu = s.hardware.lowercased() == name.lowercased() ? name : "\(s.hardware) (= \(name))"
    var text = "\(s.model) on \(gpu) · TP \(tp) × \(n) instance\(n == 1 ? "" : "s") = \(tp * n) GPU\(tp * n == 1 ? "" : "s")\n"
    // The vLLM version only keys the blackbox coefficient look-up.
    var fromDefaults: [String] = []
    if s.source(of: \.hardware) == .modelDefaults { fromDefaults.append("--hardware \(s.hardware)") }
    if s.source(of: \.tp) == .modelDefaults { fromDefaults.append("--tp \(tp)") }
    if plan.kind == .blackbox, s.source(of: \.vllmVersion) == .modelDefaults, let version = s.vllmVersion {
      fromDefaults.append("--vllm-version \(version)")
    }
    if !fromDefaults.isEmpty { text += "  from defaults.yaml: " + fromDefaults.joined(separator: ", ") + "\n" }
    if let file = s.configFile { text += "  settings file: \(file.path)\n" }
    return text
  }

  /// `text` with every "<directory>/" removed, so paths under the current folder read as
  /// relative paths (shorter, and the same output from any clone).
  static func relativizing(_ text: String, to directory: URL?) -> String {
    guard let directory else { return text }
    let prefix = directory.standardizedFileURL.path
    guard prefix.count > 1 else { return text }
    return text.replacingOccurrences(of: prefix.hasSuffix("/") ? prefix : prefix + "/", with: "")
  }

  /// "latency model: roofline" (or `title`) and where every input came from, indented.
  static func latency(_ deployment: ResolvedDeployment, title: String? = nil) -> String {
    var text = (title ?? "latency model: \(deployment.stepTime.kind.rawValue)") + "\n"
    for line in provenance(deployment) { text += "  \(line)\n" }
    return text
  }

  /// The deployment's provenance in words: hardware, model config, step-time parameters, KV blocks.
  static func provenance(_ d: ResolvedDeployment) -> [String] {
    let p = d.provenance
    var lines = ["hardware: \(d.hardware.name) from \(p.hardwareFile)"]
    if let config = p.modelConfig {
      let origin: String
      switch config.origin {
      case .folder: origin = "--model-config-folder"
      case .localCache: origin = "bundled/cached"
      case .fetched(let url): origin = "fetched from \(url.absoluteString)"
      }
      lines.append("model config: \(config.path) (\(origin))")
    }
    switch p.stepTime {
    case .rooflineEntry(let gpu):
      lines.append("roofline efficiencies: \(gpu) entry")
    case .coefficientRow(let model, let gpu, let tp):
      lines.append("coefficients: defaults.yaml row \(model) / \(gpu) / TP\(tp)")
    case .coefficientFlags(let overRow):
      lines.append("coefficients: --alpha-coeffs/--beta-coeffs\(overRow ? " over the defaults.yaml row" : "")")
    }
    let blocks = d.kvBlocksPerInstance
    switch p.kvBlocks {
    case .setting: lines.append("KV blocks: \(blocks) per instance (--total-kv-blocks)")
    case .gpuMemory(let utilization): lines.append("KV blocks: \(blocks) per instance (from GPU memory × \(utilization))")
    case .defaultsRow: lines.append("KV blocks: \(blocks) per instance (defaults.yaml row, no model config found)")
    }
    return lines
  }

  /// "workload: …", "engine: …" and "serving: …" lines, wrapped at `width` columns.
  static func workloadAndEngine(_ plan: RunPlan, width: Int = 100) -> String {
    wrap("workload: ", describe(plan.workload, settings: plan.settings), width: width) + engineAndServing(plan, width: width)
  }

  /// The "engine: …" and "serving: …" lines.
  static func engineAndServing(_ plan: RunPlan, width: Int = 100) -> String {
    let e = plan.engine
    var engine = ["max-num-seqs \(e.maxNumSeqs)", "max-num-batched-tokens \(e.maxNumBatchedTokens)",
                  "block-size \(e.blockSizeTokens)", "prefix caching \(e.enablePrefixCaching ? "on" : "off")",
                  "chunked prefill \(e.chunkedPrefill ? "on" : "off")"]
    if e.serving.engineLoop.multiStep > 1 { engine.append("\(e.serving.engineLoop.multiStep) scheduler steps") }
    engine.append("routing \(e.routing.name)")
    return wrap("engine: ", engine, separator: ", ", width: width) + wrap("serving: ", serving(plan), separator: ", ", width: width)
  }

  /// "vllm-0.14 (vLLM 0.14 and later: …)", the loop mode, and for blackbox how α replaces the costs.
  static func serving(_ plan: RunPlan) -> [String] {
    let p = plan.deployment.servingProfile
    var parts = ["\(p.name)\(p.summary.isEmpty ? "" : " (\(p.summary))")", "\(plan.engine.serving.engineLoop.mode.rawValue) engine loop"]
    if plan.kind == .blackbox { parts.append("costs from the blackbox row's α") }
    return parts
  }

  /// `label` + the parts joined by `separator`, broken between parts so lines stay within
  /// `width` (a single part longer than that gets a line of its own); continuation lines are
  /// indented by two spaces.
  static func wrap(_ label: String, _ parts: [String], separator: String = "; ", width: Int) -> String {
    var lines: [String] = []
    var line = label
    for (i, part) in parts.enumerated() {
      let piece = part + (i < parts.count - 1 ? separator.trimmingCharacters(in: .whitespaces) : "")
      if line == label || line == "  " {
        line += piece
      } else if line.count + 1 + piece.count <= width {
        line += " " + piece
      } else {
        lines.append(line)
        line = "  " + piece
      }
    }
    lines.append(line)
    return lines.joined(separator: "\n") + "\n"
  }

  static func describe(_ workload: Workload, settings s: RunSettings) -> [String] {
    switch workload {
    case .trace(let trace):
      return ["trace \(s.workload.specFile?.path ?? "") (\(trace.count) requests)"] + (trace.closedLoop.map { [closedLoop($0)] } ?? [])
    case .synthetic(let spec):
      var parts: [String] = []
      if let path = s.workload.specFile { parts.append("spec \(path.path)") }
      if let preset = s.workload.preset { parts.append("preset \(preset.rawValue)") }
      let count = spec.expectedRequestCount.map { "\($0) requests" } ?? "open-ended"
      let rates = spec.stages.map { NumberFormat.plain($0.ratePerSecond) }
      let rate = rates.count == 1 ? "\(rates[0]) req/s" : "\(rates.count) stages at \(rates.joined(separator: "/")) req/s"
      if let loop = spec.closedLoop {
        let unbounded = spec.stages.allSatisfy { $0.ratePerSecond == .infinity }
        parts.append(unbounded ? "\(count), \(closedLoop(loop))"
                     : "\(count), \(arrivalName(spec.arrival)) arrivals at \(rate), \(closedLoop(loop))")
      } else {
        parts.append("\(count), \(arrivalName(spec.arrival)) arrivals at \(rate)")
      }
      parts.append("seed \(spec.seed ?? s.seed)")
      parts.append("prompt \(lengths(spec.promptTokens)) tokens")
      parts.append("output \(lengths(spec.outputTokens)) tokens")
      if let prefix = spec.sharedPrefix {
        parts.append("shared prefix \(prefix.prefixTokens) tokens × \(prefix.groups) groups")
      }
      return parts
    }
  }

  /// "closed loop of 32 clients (think 200 ms, exponential)".
  static func closedLoop(_ loop: ClosedLoop) -> String {
    let think: String
    switch loop.thinkTime {
    case .none: think = "no think time"
    case .constant(let ms): think = "think \(NumberFormat.plain(ms)) ms"
    case .exponential(let ms): think = "think \(NumberFormat.plain(ms)) ms, exponential"
    }
    let until = loop.durationSeconds.map { ", sending for \(NumberFormat.plain($0)) s" } ?? ""
    return "closed loop of \(loop.clients) client\(loop.clients == 1 ? "" : "s") (\(think)\(until))"
  }

  static func arrivalName(_ arrival: ArrivalProcess) -> String {
    switch arrival {
    case .poisson: return "Poisson"
    case .constant: return "evenly spaced"
    case .gamma(let cv): return "gamma (CV \(NumberFormat.plain(cv)))"
    }
  }

  /// "512±256 [2, 7000]", "128", "uniform [10, 100]", …
  static func lengths(_ d: LengthDistribution) -> String {
    switch d {
    case .constant(let v): return "\(v)"
    case .uniform(let lo, let hi): return "uniform [\(lo), \(hi)]"
    case .normal(let m, let s, let lo, let hi): return "\(NumberFormat.plain(m))±\(NumberFormat.plain(s)) [\(lo), \(hi)]"
    case .lognormal(let m, let s, let lo, let hi): return "lognormal \(NumberFormat.plain(m))±\(NumberFormat.plain(s)) [\(lo), \(hi)]"
    case .empirical(let values, _): return "empirical (\(values.count) values, mean \(NumberFormat.plain(d.nominalMean.rounded())))"
    }
  }
}
